//! Connection and transaction commands: PING, ECHO, HELLO, AUTH, SELECT,
//! QUIT, RESET, CLIENT, COMMAND, READONLY/READWRITE, MULTI/EXEC/DISCARD,
//! WATCH/UNWATCH.

use bytes::Bytes;

use super::args::{R, eq, err, int};
use super::{COMMANDS, Command, lookup, unknown_subcommand, wrong_arity};
use crate::ctx::{Ctx, Flow};
use crate::out::Out;
use crate::store::DATABASES;

/// The Redis version clients are told they speak to (feature checks in
/// client libraries key off it); labcloud implements the 7.0 behaviour.
pub const REDIS_VERSION: &str = "7.0.15";

pub fn ping(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() > 2 {
        return Err(wrong_arity("ping").into());
    }
    if ctx.session.in_subscribe_mode() {
        out.array(2);
        out.bulk(b"pong");
        out.bulk(a.get(1).copied().unwrap_or(b""));
    } else if let Some(msg) = a.get(1) {
        out.bulk(msg);
    } else {
        out.simple("PONG");
    }
    Ok(())
}

pub fn echo(_: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    out.bulk(a[1]);
    Ok(())
}

fn check_auth(user: &[u8]) -> R {
    // No ACLs: the default user has no password, as on a cache cluster
    // without an AUTH token. Any other user does not exist.
    if eq(user, "default") {
        Ok(())
    } else {
        Err(err("WRONGPASS invalid username-password pair or user is disabled."))
    }
}

pub fn hello(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut proto = None;
    let mut i = 1;
    if a.len() > 1 {
        let v = int(a[1]).map_err(|_| err("ERR Protocol version is not an integer or out of range"))?;
        if !(2..=3).contains(&v) {
            return Err(err("NOPROTO unsupported protocol version"));
        }
        proto = Some(v == 3);
        i = 2;
    }
    let mut name = None;
    while i < a.len() {
        let more = a.len() - i - 1;
        if eq(a[i], "AUTH") && more >= 2 {
            check_auth(a[i + 1])?;
            i += 3;
        } else if eq(a[i], "SETNAME") && more >= 1 {
            name = Some(valid_name(a[i + 1])?);
            i += 2;
        } else {
            return Err(format!("ERR Syntax error in HELLO option '{}'", String::from_utf8_lossy(a[i])).into());
        }
    }
    if let Some(p) = proto {
        ctx.session.resp3 = p;
        out.resp3 = p;
    }
    if let Some(n) = name {
        ctx.session.name = n;
    }
    let cluster = ctx.node.cluster.is_some();
    out.map(7);
    out.bulk(b"server");
    out.bulk(b"redis");
    out.bulk(b"version");
    out.bulk(REDIS_VERSION.as_bytes());
    out.bulk(b"proto");
    out.int(if ctx.session.resp3 { 3 } else { 2 });
    out.bulk(b"id");
    out.int(ctx.session.id as i64);
    out.bulk(b"mode");
    out.bulk(if cluster { b"cluster" } else { b"standalone" });
    out.bulk(b"role");
    out.bulk(if ctx.session.role == crate::session::Role::Replica { b"replica" } else { b"master" });
    out.bulk(b"modules");
    out.array(0);
    Ok(())
}

pub fn auth(_: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    match a.len() {
        2 => Err(err(
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
        )),
        3 => {
            check_auth(a[1])?;
            out.ok();
            Ok(())
        }
        _ => Err(err("ERR syntax error")),
    }
}

pub fn select(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let n = int(a[1])?;
    if ctx.node.cluster.is_some() && n != 0 {
        return Err(err("ERR SELECT is not allowed in cluster mode"));
    }
    if !(0..DATABASES as i64).contains(&n) {
        return Err(err("ERR DB index is out of range"));
    }
    ctx.session.db = n as usize;
    out.ok();
    Ok(())
}

pub fn quit(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    out.ok();
    ctx.flow = Flow::Close;
    Ok(())
}

pub fn reset(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    let node = ctx.node;
    let s = &mut *ctx.session;
    s.multi = None;
    s.multi_failed = false;
    node.unwatch_all(s);
    for c in std::mem::take(&mut s.channels) {
        node.pubsub.unsubscribe(&c, s.id);
    }
    for p in std::mem::take(&mut s.patterns) {
        node.pubsub.punsubscribe(&p, s.id);
    }
    s.db = 0;
    s.name = None;
    s.resp3 = false;
    out.resp3 = false;
    out.simple("RESET");
    Ok(())
}

fn valid_name(n: &[u8]) -> Result<Option<Bytes>, crate::out::Error> {
    if n.iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
        return Err(err("ERR Client names cannot contain spaces, newlines or special characters."));
    }
    Ok((!n.is_empty()).then(|| Bytes::copy_from_slice(n)))
}

fn client_line(ctx: &Ctx<'_>) -> String {
    let age = (ctx.now.ms - ctx.session.since_ms).max(0) / 1000;
    format!(
        "id={} addr=? laddr=? fd=0 name={} age={age} idle=0 flags={} db={} sub={} psub={} multi={} resp={} cmd=client|info\n",
        ctx.session.id,
        ctx.session.name.as_deref().map(String::from_utf8_lossy).unwrap_or_default(),
        if ctx.session.multi.is_some() { "x" } else { "N" },
        ctx.session.db,
        ctx.session.channels.len(),
        ctx.session.patterns.len(),
        ctx.session.multi.as_ref().map_or(-1, |q| q.len() as i64),
        if ctx.session.resp3 { 3 } else { 2 },
    )
}

pub fn client(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let sub = a[1];
    let arity = |n: usize, name: &str| -> R {
        if a.len() == n { Ok(()) } else { Err(wrong_arity(&format!("client|{name}")).into()) }
    };
    if eq(sub, "SETNAME") {
        arity(3, "setname")?;
        ctx.session.name = valid_name(a[2])?;
        out.ok();
    } else if eq(sub, "GETNAME") {
        arity(2, "getname")?;
        match &ctx.session.name {
            Some(n) => out.bulk(n),
            None => out.nil(),
        }
    } else if eq(sub, "ID") {
        arity(2, "id")?;
        out.int(ctx.session.id as i64);
    } else if eq(sub, "SETINFO") {
        arity(4, "setinfo")?;
        out.ok();
    } else if eq(sub, "INFO") {
        arity(2, "info")?;
        out.verbatim(&client_line(ctx));
    } else if eq(sub, "LIST") {
        out.verbatim(&client_line(ctx));
    } else {
        return Err(unknown_subcommand("client", sub).into());
    }
    Ok(())
}

pub fn readonly(_: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    out.ok();
    Ok(())
}

pub fn readwrite(_: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    out.ok();
    Ok(())
}

fn command_info(c: &Command, out: &mut Out) {
    out.array(10);
    out.bulk(c.name.as_bytes());
    out.int(c.arity as i64);
    let flags = c.flag_names();
    out.set(flags.len());
    for f in flags {
        out.simple(f);
    }
    out.int(c.first_key as i64);
    out.int(c.last_key as i64);
    out.int(c.step as i64);
    out.set(0);
    out.array(0);
    out.array(0);
    out.array(0);
}

pub fn command(_: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() == 1 {
        out.array(COMMANDS.len());
        for c in COMMANDS {
            command_info(c, out);
        }
        return Ok(());
    }
    let sub = a[1];
    if eq(sub, "COUNT") {
        out.int(COMMANDS.len() as i64);
    } else if eq(sub, "INFO") {
        out.array(a.len() - 2);
        for name in &a[2..] {
            match lookup(name) {
                Some(c) => command_info(c, out),
                None => out.nil_array(),
            }
        }
    } else if eq(sub, "DOCS") {
        out.map(0);
    } else if eq(sub, "GETKEYS") {
        if a.len() < 3 {
            return Err(wrong_arity("command|getkeys").into());
        }
        let argv = &a[2..];
        let Some(c) = lookup(argv[0]) else { return Err(err("ERR Invalid command specified")) };
        if !c.arity_ok(argv.len()) {
            return Err(err("ERR Invalid number of arguments specified for command"));
        }
        let keys = c.key_positions(argv.len());
        if keys.is_empty() {
            return Err(err("ERR The command has no key arguments"));
        }
        out.array(keys.len());
        for i in keys {
            out.bulk(argv[i]);
        }
    } else {
        return Err(unknown_subcommand("command", sub).into());
    }
    Ok(())
}

pub fn multi(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    if ctx.session.multi.is_some() {
        return Err(err("ERR MULTI calls can not be nested"));
    }
    ctx.session.multi = Some(Vec::new());
    ctx.session.multi_failed = false;
    out.ok();
    Ok(())
}

pub fn exec(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    ctx.node.exec(ctx, out);
    Ok(())
}

pub fn discard(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    if ctx.session.multi.take().is_none() {
        return Err(err("ERR DISCARD without MULTI"));
    }
    ctx.session.multi_failed = false;
    ctx.node.unwatch_all(ctx.session);
    out.ok();
    Ok(())
}

pub fn watch(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if ctx.session.multi.is_some() {
        return Err(err("ERR WATCH inside MULTI is not allowed"));
    }
    let db = ctx.session.db;
    for key in &a[1..] {
        if ctx.session.watching.iter().any(|(d, k)| *d == db && k == key) {
            continue;
        }
        let flag = ctx.session.dirty.clone();
        ctx.ks(key).watch(key, &flag);
        ctx.session.watching.push((db, Bytes::copy_from_slice(key)));
    }
    out.ok();
    Ok(())
}

pub fn unwatch(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    ctx.node.unwatch_all(ctx.session);
    out.ok();
    Ok(())
}

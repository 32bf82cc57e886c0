//! Keyspace commands: DEL, EXISTS, the EXPIRE family, TTL, PERSIST, TYPE,
//! RENAME, KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL.

use super::args::{NO_SUCH_KEY, R, SYNTAX, eq, err, int};
use crate::ctx::Ctx;
use crate::glob;
use crate::out::{Error, Out};
use crate::store::{DATABASES, STRIPES};

pub fn del(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now.ms;
    let mut n = 0;
    for key in &a[1..] {
        let ks = ctx.ks(key);
        if ks.contains(key, now) {
            ks.remove(key);
            n += 1;
        }
    }
    out.int(n);
    Ok(())
}

pub fn exists(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let mut n = 0;
    for key in &a[1..] {
        n += i64::from(ctx.ks(key).get(key, &now).is_some());
    }
    out.int(n);
    Ok(())
}

/// The absolute expiry (Unix ms) for `v` in `unit_ms` units, relative to
/// now unless `absolute`; an error naming `cmd` if it overflows.
pub fn deadline(now_ms: i64, v: i64, unit_ms: i64, absolute: bool, cmd: &str) -> Result<i64, Error> {
    let invalid = || -> Error { format!("ERR invalid expire time in '{cmd}' command").into() };
    let ms = v.checked_mul(unit_ms).ok_or_else(invalid)?;
    if absolute { Ok(ms) } else { now_ms.checked_add(ms).ok_or_else(invalid) }
}

fn expire_generic(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, unit_ms: i64, absolute: bool, cmd: &str) -> R {
    let v = int(a[2])?;
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for opt in &a[3..] {
        if eq(opt, "NX") {
            nx = true;
        } else if eq(opt, "XX") {
            xx = true;
        } else if eq(opt, "GT") {
            gt = true;
        } else if eq(opt, "LT") {
            lt = true;
        } else {
            return Err(format!("ERR Unsupported option {}", String::from_utf8_lossy(opt)).into());
        }
    }
    if nx && (xx || gt || lt) {
        return Err(err("ERR NX and XX, GT or LT options at the same time are not compatible"));
    }
    if gt && lt {
        return Err(err("ERR GT and LT options at the same time are not compatible"));
    }
    let now = ctx.now;
    let when = deadline(now.ms, v, unit_ms, absolute, cmd)?;
    let key = a[1];
    let ks = ctx.ks(key);
    let Some(e) = ks.peek(key, now.ms) else {
        out.int(0);
        return Ok(());
    };
    let current = e.expire_at;
    // No TTL counts as an infinite one for GT and LT.
    let refused = (nx && current != 0)
        || (xx && current == 0)
        || (gt && (current == 0 || when <= current))
        || (lt && current != 0 && when >= current);
    if refused {
        out.int(0);
    } else if when <= now.ms {
        ks.remove(key);
        out.int(1);
    } else {
        ks.set_expire(key, when);
        out.int(1);
    }
    Ok(())
}

pub fn expire(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    expire_generic(ctx, a, out, 1000, false, "expire")
}
pub fn pexpire(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    expire_generic(ctx, a, out, 1, false, "pexpire")
}
pub fn expireat(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    expire_generic(ctx, a, out, 1000, true, "expireat")
}
pub fn pexpireat(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    expire_generic(ctx, a, out, 1, true, "pexpireat")
}

/// -2 without the key, -1 without a TTL, else `f(expire_at, now)`.
fn ttl_generic(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, f: fn(i64, i64) -> i64) -> R {
    let now = ctx.now.ms;
    let reply = match ctx.ks(a[1]).peek(a[1], now) {
        None => -2,
        Some(e) if e.expire_at == 0 => -1,
        Some(e) => f(e.expire_at, now),
    };
    out.int(reply);
    Ok(())
}

pub fn ttl(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    ttl_generic(ctx, a, out, |at, now| (at - now + 500) / 1000)
}
pub fn pttl(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    ttl_generic(ctx, a, out, |at, now| at - now)
}
pub fn expiretime(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    ttl_generic(ctx, a, out, |at, _| at / 1000)
}
pub fn pexpiretime(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    ttl_generic(ctx, a, out, |at, _| at)
}

pub fn persist(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now.ms;
    let ks = ctx.ks(a[1]);
    let had = ks.peek(a[1], now).is_some_and(|e| e.expire_at != 0);
    if had {
        ks.set_expire(a[1], 0);
    }
    out.int(i64::from(had));
    Ok(())
}

pub fn type_(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now.ms;
    let t = ctx.ks(a[1]).peek(a[1], now).map_or("none", |e| e.value.type_name());
    out.simple(t);
    Ok(())
}

fn rename_generic(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, nx: bool) -> R {
    let (src, dst) = (a[1], a[2]);
    let now = ctx.now;
    if !ctx.ks(src).contains(src, now.ms) {
        return Err(err(NO_SUCH_KEY));
    }
    if src == dst {
        if nx { out.int(0) } else { out.ok() }
        return Ok(());
    }
    if nx && ctx.ks(dst).contains(dst, now.ms) {
        out.int(0);
        return Ok(());
    }
    let e = ctx.ks(src).remove(src).expect("checked above");
    let ks = ctx.ks(dst);
    ks.remove(dst);
    ks.set(dst, e.value, e.expire_at, false, &now);
    if nx { out.int(1) } else { out.ok() }
    Ok(())
}

pub fn rename(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    rename_generic(ctx, a, out, false)
}
pub fn renamenx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    rename_generic(ctx, a, out, true)
}

pub fn keys(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now.ms;
    let mut found = Vec::new();
    ctx.each_stripe(ctx.session.db, |ks| {
        for (k, e) in ks.keys() {
            if (e.expire_at == 0 || e.expire_at > now) && glob::matches(a[1], k) {
                found.push(k.clone());
            }
        }
    });
    out.array(found.len());
    for k in found {
        out.bulk(&k);
    }
    Ok(())
}

/// Options shared by SCAN, HSCAN, SSCAN and ZSCAN.
pub struct ScanOpts<'a> {
    pub pattern: Option<&'a [u8]>,
    pub count: usize,
    pub type_: Option<&'a [u8]>,
}

pub fn scan_opts<'a>(a: &[&'a [u8]], allow_type: bool) -> Result<ScanOpts<'a>, Error> {
    let mut o = ScanOpts { pattern: None, count: 10, type_: None };
    let mut i = 0;
    while i < a.len() {
        if i + 1 >= a.len() {
            return Err(err(SYNTAX));
        }
        if eq(a[i], "MATCH") {
            o.pattern = Some(a[i + 1]);
        } else if eq(a[i], "COUNT") {
            let n = int(a[i + 1])?;
            if n < 1 {
                return Err(err(SYNTAX));
            }
            o.count = n as usize;
        } else if eq(a[i], "TYPE") && allow_type {
            o.type_ = Some(a[i + 1]);
        } else {
            return Err(err(SYNTAX));
        }
        i += 2;
    }
    Ok(o)
}

pub fn cursor(b: &[u8]) -> Result<u64, Error> {
    std::str::from_utf8(b).ok().and_then(|s| s.parse::<u64>().ok()).ok_or(err("ERR invalid cursor"))
}

/// SCAN walks the stripes in order, a whole stripe per step (each under
/// its lock), until COUNT keys were visited: the cursor is the next
/// stripe. A key present for the whole scan is returned exactly once.
pub fn scan(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut stripe = cursor(a[1])? as usize;
    let o = scan_opts(&a[2..], true)?;
    let now = ctx.now.ms;
    let db = ctx.session.db;
    let mut found = Vec::new();
    let mut visited = 0;
    while stripe < STRIPES && visited < o.count {
        ctx.on_stripe(db, stripe, |ks| {
            for (k, e) in ks.keys() {
                visited += 1;
                let live = e.expire_at == 0 || e.expire_at > now;
                let type_ok = o.type_.is_none_or(|t| t.eq_ignore_ascii_case(e.value.type_name().as_bytes()));
                if live && type_ok && o.pattern.is_none_or(|p| glob::matches(p, k)) {
                    found.push(k.clone());
                }
            }
        });
        stripe += 1;
    }
    let next = if stripe >= STRIPES { 0 } else { stripe };
    out.array(2);
    out.bulk(next.to_string().as_bytes());
    out.array(found.len());
    for k in found {
        out.bulk(&k);
    }
    Ok(())
}

pub fn randomkey(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now.ms;
    let db = ctx.session.db;
    let start = fastrand::usize(..STRIPES);
    for i in 0..STRIPES {
        if let Some(k) = ctx.on_stripe(db, (start + i) % STRIPES, |ks| ks.random_key(now)) {
            out.bulk(&k);
            return Ok(());
        }
    }
    out.nil();
    Ok(())
}

pub fn dbsize(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    let mut n = 0;
    ctx.each_stripe(ctx.session.db, |ks| n += ks.len());
    out.int(n as i64);
    Ok(())
}

fn flush_mode(a: &[&[u8]]) -> R {
    match a.len() {
        1 => Ok(()),
        2 if eq(a[1], "ASYNC") || eq(a[1], "SYNC") => Ok(()),
        _ => Err(err(SYNTAX)),
    }
}

pub fn flushdb(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    flush_mode(a)?;
    ctx.each_stripe(ctx.session.db, |ks| ks.clear());
    out.ok();
    Ok(())
}

pub fn flushall(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    flush_mode(a)?;
    for db in 0..DATABASES {
        ctx.each_stripe(db, |ks| ks.clear());
    }
    out.ok();
    Ok(())
}

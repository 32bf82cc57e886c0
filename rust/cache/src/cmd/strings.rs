//! String commands: GET, SET and its variants, MGET/MSET, the INCR family,
//! APPEND, STRLEN, GETRANGE, SETRANGE, GETDEL, GETEX.

use super::args::{OVERFLOW, R, SYNTAX, WRONGTYPE, eq, err, float, int, parse_i64};
use super::keys::deadline;
use super::wrong_arity;
use crate::ctx::Ctx;
use crate::keyspace::Keyspace;
use crate::out::{Error, Out, format_float_human};
use crate::types::Value;

/// redis-server's proto-max-bulk-len: the largest string value.
const MAX_STRING: i64 = 512 << 20;

/// The string at `key`: None if missing, WRONGTYPE if not a string.
fn get_str<'k>(ks: &'k mut Keyspace, key: &[u8], now: &crate::keyspace::Now) -> Result<Option<&'k mut Vec<u8>>, Error> {
    match ks.get(key, now) {
        None => Ok(None),
        Some(e) => match &mut e.value {
            Value::Str(s) => Ok(Some(s)),
            _ => Err(err(WRONGTYPE)),
        },
    }
}

pub fn get(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let hit = match get_str(ctx.ks(a[1]), a[1], &now)? {
        Some(s) => {
            out.bulk(s);
            true
        }
        None => {
            out.nil();
            false
        }
    };
    if hit { ctx.session.hits += 1 } else { ctx.session.misses += 1 }
    Ok(())
}

/// The expiry options of SET and GETEX.
#[derive(Default)]
struct Ttl {
    at: i64,
    keep: bool,
    persist: bool,
    given: bool,
}

/// Parses EX/PX/EXAT/PXAT at `a[i]`; returns the arguments consumed.
fn parse_ttl_option(a: &[&[u8]], i: usize, now_ms: i64, ttl: &mut Ttl, cmd: &str) -> Result<usize, Error> {
    let units: [(&str, i64, bool); 4] = [("EX", 1000, false), ("PX", 1, false), ("EXAT", 1000, true), ("PXAT", 1, true)];
    for (name, unit, absolute) in units {
        if eq(a[i], name) {
            if ttl.given || ttl.keep || ttl.persist || i + 1 >= a.len() {
                return Err(err(SYNTAX));
            }
            let v = int(a[i + 1])?;
            if v <= 0 {
                return Err(format!("ERR invalid expire time in '{cmd}' command").into());
            }
            ttl.at = deadline(now_ms, v, unit, absolute, cmd)?;
            ttl.given = true;
            return Ok(2);
        }
    }
    Ok(0)
}

pub fn set(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let (mut nx, mut xx, mut get) = (false, false, false);
    let mut ttl = Ttl::default();
    let mut i = 3;
    while i < a.len() {
        let used = parse_ttl_option(a, i, now.ms, &mut ttl, "set")?;
        if used > 0 {
            i += used;
            continue;
        }
        if eq(a[i], "NX") && !xx {
            nx = true;
        } else if eq(a[i], "XX") && !nx {
            xx = true;
        } else if eq(a[i], "GET") {
            get = true;
        } else if eq(a[i], "KEEPTTL") && !ttl.given {
            ttl.keep = true;
        } else {
            return Err(err(SYNTAX));
        }
        i += 1;
    }
    let key = a[1];
    let ks = ctx.ks(key);
    let old: Option<Vec<u8>> = if get {
        get_str(ks, key, &now)?.map(|s| s.clone())
    } else {
        None
    };
    let exists = (nx || xx) && ks.contains(key, now.ms);
    if (nx && exists) || (xx && !exists) {
        if get {
            match old {
                Some(v) => out.bulk(&v),
                None => out.nil(),
            }
        } else {
            out.nil();
        }
        return Ok(());
    }
    ks.set(key, Value::Str(a[2].to_vec()), ttl.at, ttl.keep, &now);
    if get {
        match old {
            Some(v) => out.bulk(&v),
            None => out.nil(),
        }
    } else {
        out.ok();
    }
    Ok(())
}

pub fn setnx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    if ks.contains(a[1], now.ms) {
        out.int(0);
    } else {
        ks.set(a[1], Value::Str(a[2].to_vec()), 0, false, &now);
        out.int(1);
    }
    Ok(())
}

fn setex_generic(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, unit: i64, cmd: &str) -> R {
    let now = ctx.now;
    let v = int(a[2])?;
    if v <= 0 {
        return Err(format!("ERR invalid expire time in '{cmd}' command").into());
    }
    let at = deadline(now.ms, v, unit, false, cmd)?;
    ctx.ks(a[1]).set(a[1], Value::Str(a[3].to_vec()), at, false, &now);
    out.ok();
    Ok(())
}

pub fn setex(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    setex_generic(ctx, a, out, 1000, "setex")
}
pub fn psetex(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    setex_generic(ctx, a, out, 1, "psetex")
}

pub fn getset(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    match get_str(ks, a[1], &now)? {
        Some(s) => out.bulk(s),
        None => out.nil(),
    }
    ks.set(a[1], Value::Str(a[2].to_vec()), 0, false, &now);
    Ok(())
}

pub fn mget(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    out.array(a.len() - 1);
    for key in &a[1..] {
        match ctx.ks(key).get(key, &now).map(|e| &e.value) {
            Some(Value::Str(s)) => {
                out.bulk(s);
                ctx.session.hits += 1;
            }
            _ => {
                out.nil();
                ctx.session.misses += 1;
            }
        }
    }
    Ok(())
}

pub fn mset(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() % 2 == 0 {
        return Err(wrong_arity("mset").into());
    }
    let now = ctx.now;
    for pair in a[1..].chunks(2) {
        ctx.ks(pair[0]).set(pair[0], Value::Str(pair[1].to_vec()), 0, false, &now);
    }
    out.ok();
    Ok(())
}

pub fn msetnx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() % 2 == 0 {
        return Err(wrong_arity("msetnx").into());
    }
    let now = ctx.now;
    for pair in a[1..].chunks(2) {
        if ctx.ks(pair[0]).contains(pair[0], now.ms) {
            out.int(0);
            return Ok(());
        }
    }
    for pair in a[1..].chunks(2) {
        ctx.ks(pair[0]).set(pair[0], Value::Str(pair[1].to_vec()), 0, false, &now);
    }
    out.int(1);
    Ok(())
}

fn incr_generic(ctx: &mut Ctx<'_>, key: &[u8], by: i64, out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(key);
    match get_str(ks, key, &now)? {
        Some(s) => {
            let cur = parse_i64(s).ok_or(err(super::args::NOT_INTEGER))?;
            let n = cur.checked_add(by).ok_or(err(OVERFLOW))?;
            s.clear();
            s.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            ks.modified(key);
            out.int(n);
        }
        None => {
            ks.set(key, Value::Str(itoa::Buffer::new().format(by).as_bytes().to_vec()), 0, false, &now);
            out.int(by);
        }
    }
    Ok(())
}

pub fn incr(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    incr_generic(ctx, a[1], 1, out)
}
pub fn decr(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    incr_generic(ctx, a[1], -1, out)
}
pub fn incrby(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let by = int(a[2])?;
    incr_generic(ctx, a[1], by, out)
}
pub fn decrby(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let by = int(a[2])?;
    if by == i64::MIN {
        return Err(err("ERR decrement would overflow"));
    }
    incr_generic(ctx, a[1], -by, out)
}

pub fn incrbyfloat(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let by = float(a[2])?;
    let ks = ctx.ks(a[1]);
    let cur = match get_str(ks, a[1], &now)? {
        Some(s) => super::args::parse_f64(s).ok_or(err(super::args::NOT_FLOAT))?,
        None => 0.0,
    };
    let n = cur + by;
    if !n.is_finite() {
        return Err(err("ERR increment would produce NaN or Infinity"));
    }
    let text = format_float_human(n);
    match get_str(ks, a[1], &now)? {
        Some(s) => {
            *s = text.clone().into_bytes();
            ks.modified(a[1]);
        }
        None => ks.set(a[1], Value::Str(text.clone().into_bytes()), 0, false, &now),
    }
    out.bulk(text.as_bytes());
    Ok(())
}

pub fn append(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let len = match get_str(ks, a[1], &now)? {
        Some(s) => {
            if (s.len() + a[2].len()) as i64 > MAX_STRING {
                return Err(err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
            }
            s.extend_from_slice(a[2]);
            let n = s.len();
            ks.modified(a[1]);
            n
        }
        None => {
            ks.set(a[1], Value::Str(a[2].to_vec()), 0, false, &now);
            a[2].len()
        }
    };
    out.int(len as i64);
    Ok(())
}

pub fn strlen(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = get_str(ctx.ks(a[1]), a[1], &now)?.map_or(0, |s| s.len());
    out.int(n as i64);
    Ok(())
}

/// Resolves Redis-style inclusive indices (negative from the end) into a
/// half-open range within `len`, or None if empty.
pub fn index_range(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let mut s = if start < 0 { len + start } else { start };
    let mut e = if end < 0 { len + end } else { end };
    if s < 0 {
        s = 0;
    }
    if e < 0 || s > e || s >= len {
        return None;
    }
    if e >= len {
        e = len - 1;
    }
    Some((s as usize, e as usize + 1))
}

pub fn getrange(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (start, end) = (int(a[2])?, int(a[3])?);
    let now = ctx.now;
    match get_str(ctx.ks(a[1]), a[1], &now)? {
        Some(s) => {
            // redis-server treats a negative end past a non-negative start as empty.
            if start < 0 && end < 0 && start > end {
                out.bulk(b"");
            } else {
                match index_range(start, end, s.len()) {
                    Some((x, y)) => out.bulk(&s[x..y]),
                    None => out.bulk(b""),
                }
            }
        }
        None => out.bulk(b""),
    }
    Ok(())
}

pub fn setrange(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let offset = int(a[2])?;
    if offset < 0 {
        return Err(err("ERR offset is out of range"));
    }
    let v = a[3];
    if offset + v.len() as i64 > MAX_STRING {
        return Err(err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
    }
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let off = offset as usize;
    let len = match get_str(ks, a[1], &now)? {
        Some(s) => {
            if !v.is_empty() {
                if s.len() < off + v.len() {
                    s.resize(off + v.len(), 0);
                }
                s[off..off + v.len()].copy_from_slice(v);
                let n = s.len();
                ks.modified(a[1]);
                n
            } else {
                s.len()
            }
        }
        None if v.is_empty() => 0,
        None => {
            let mut s = vec![0u8; off];
            s.extend_from_slice(v);
            let n = s.len();
            ks.set(a[1], Value::Str(s), 0, false, &now);
            n
        }
    };
    out.int(len as i64);
    Ok(())
}

pub fn getdel(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    match get_str(ks, a[1], &now)? {
        Some(s) => {
            out.bulk(s);
            ks.remove(a[1]);
        }
        None => out.nil(),
    }
    Ok(())
}

pub fn getex(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let mut ttl = Ttl::default();
    let mut i = 2;
    while i < a.len() {
        let used = parse_ttl_option(a, i, now.ms, &mut ttl, "getex")?;
        if used > 0 {
            i += used;
        } else if eq(a[i], "PERSIST") && !ttl.given && !ttl.persist {
            ttl.persist = true;
            i += 1;
        } else {
            return Err(err(SYNTAX));
        }
    }
    let ks = ctx.ks(a[1]);
    match get_str(ks, a[1], &now)? {
        Some(s) => out.bulk(s),
        None => {
            out.nil();
            return Ok(());
        }
    }
    if ttl.given {
        if ttl.at <= now.ms {
            ks.remove(a[1]);
        } else {
            ks.set_expire(a[1], ttl.at);
        }
    } else if ttl.persist {
        ks.set_expire(a[1], 0);
    }
    Ok(())
}

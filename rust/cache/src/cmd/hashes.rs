//! Hash commands: HSET, HGET, HMGET, HDEL, HGETALL, HINCRBY(FLOAT), HKEYS,
//! HVALS, HLEN, HEXISTS, HSTRLEN, HSCAN.

use super::args::{OVERFLOW, R, err, float, int, parse_f64, parse_i64};
use super::keys::{cursor, scan_opts};
use super::typed::{hash, hash_or_new};
use super::wrong_arity;
use crate::ctx::Ctx;
use crate::glob;
use crate::out::{Out, format_float_human};
use crate::types::owned;

fn hset_generic(ctx: &mut Ctx<'_>, a: &[&[u8]], name: &str) -> Result<i64, crate::out::Error> {
    if a.len() % 2 != 0 {
        return Err(wrong_arity(name).into());
    }
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let h = hash_or_new(ks, a[1], &now)?;
    let mut added = 0;
    for pair in a[2..].chunks(2) {
        added += i64::from(h.insert(owned(pair[0]), owned(pair[1])));
    }
    ks.modified(a[1]);
    Ok(added)
}

pub fn hset(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let n = hset_generic(ctx, a, "hset")?;
    out.int(n);
    Ok(())
}

pub fn hmset(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    hset_generic(ctx, a, "hmset")?;
    out.ok();
    Ok(())
}

pub fn hsetnx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let h = hash_or_new(ks, a[1], &now)?;
    if h.contains(a[2]) {
        out.int(0);
    } else {
        h.insert(owned(a[2]), owned(a[3]));
        ks.modified(a[1]);
        out.int(1);
    }
    Ok(())
}

pub fn hget(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    match hash(ctx.ks(a[1]), a[1], &now)?.and_then(|h| h.get(a[2])) {
        Some(v) => out.bulk(v),
        None => out.nil(),
    }
    Ok(())
}

pub fn hmget(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let h = hash(ctx.ks(a[1]), a[1], &now)?;
    out.array(a.len() - 2);
    for f in &a[2..] {
        match h.as_ref().and_then(|h| h.get(f)) {
            Some(v) => out.bulk(v),
            None => out.nil(),
        }
    }
    Ok(())
}

pub fn hdel(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let mut n = 0;
    if let Some(h) = hash(ks, a[1], &now)? {
        for f in &a[2..] {
            n += i64::from(h.remove(f));
        }
    }
    if n > 0 {
        ks.modified(a[1]);
    }
    out.int(n);
    Ok(())
}

pub fn hgetall(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    match hash(ctx.ks(a[1]), a[1], &now)? {
        Some(h) => {
            out.map(h.len());
            for (f, v) in h.iter() {
                out.bulk(f);
                out.bulk(v);
            }
        }
        None => out.map(0),
    }
    Ok(())
}

pub fn hincrby(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let by = int(a[3])?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let h = hash_or_new(ks, a[1], &now)?;
    let cur = match h.get(a[2]) {
        Some(v) => parse_i64(v).ok_or(err("ERR hash value is not an integer"))?,
        None => 0,
    };
    let n = cur.checked_add(by).ok_or(err(OVERFLOW))?;
    h.insert(owned(a[2]), owned(itoa::Buffer::new().format(n).as_bytes()));
    ks.modified(a[1]);
    out.int(n);
    Ok(())
}

pub fn hincrbyfloat(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let by = float(a[3])?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let h = hash_or_new(ks, a[1], &now)?;
    let cur = match h.get(a[2]) {
        Some(v) => parse_f64(v).ok_or(err("ERR hash value is not a float"))?,
        None => 0.0,
    };
    let n = cur + by;
    if !n.is_finite() {
        return Err(err("ERR increment would produce NaN or Infinity"));
    }
    let text = format_float_human(n);
    h.insert(owned(a[2]), owned(text.as_bytes()));
    ks.modified(a[1]);
    out.bulk(text.as_bytes());
    Ok(())
}

fn listing(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, fields: bool) -> R {
    let now = ctx.now;
    match hash(ctx.ks(a[1]), a[1], &now)? {
        Some(h) => {
            out.array(h.len());
            for (f, v) in h.iter() {
                out.bulk(if fields { f } else { v });
            }
        }
        None => out.array(0),
    }
    Ok(())
}

pub fn hkeys(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    listing(ctx, a, out, true)
}
pub fn hvals(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    listing(ctx, a, out, false)
}

pub fn hlen(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = hash(ctx.ks(a[1]), a[1], &now)?.map_or(0, |h| h.len());
    out.int(n as i64);
    Ok(())
}

pub fn hexists(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let found = hash(ctx.ks(a[1]), a[1], &now)?.is_some_and(|h| h.contains(a[2]));
    out.int(i64::from(found));
    Ok(())
}

pub fn hstrlen(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = hash(ctx.ks(a[1]), a[1], &now)?.and_then(|h| h.get(a[2])).map_or(0, |v| v.len());
    out.int(n as i64);
    Ok(())
}

/// HSCAN returns the whole hash in one step (cursor 0), as redis-server
/// does for small hashes; COUNT is a hint, and one step is the only way
/// to keep SCAN's guarantee while fields come and go between calls.
pub fn hscan(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    cursor(a[2])?;
    let o = scan_opts(&a[3..], false)?;
    let now = ctx.now;
    let mut found = Vec::new();
    if let Some(h) = hash(ctx.ks(a[1]), a[1], &now)? {
        for (f, v) in h.iter() {
            if o.pattern.is_none_or(|p| glob::matches(p, f)) {
                found.push((f.clone(), v.clone()));
            }
        }
    }
    out.array(2);
    out.bulk(b"0");
    out.array(found.len() * 2);
    for (f, v) in found {
        out.bulk(&f);
        out.bulk(&v);
    }
    Ok(())
}

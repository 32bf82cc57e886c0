//! Sorted-set commands: ZADD (NX/XX/GT/LT/CH/INCR), ZINCRBY, ZREM, ZSCORE,
//! ZMSCORE, ZCARD, ZCOUNT, ZRANK/ZREVRANK, ZRANGE (BYSCORE/BYLEX/REV/LIMIT)
//! and the older range forms, ZPOPMIN/ZPOPMAX, ZSCAN.

use bytes::Bytes;

use super::args::{R, SYNTAX, count, eq, err, int, parse_f64};
use super::keys::{cursor, scan_opts};
use super::strings::index_range;
use super::typed::{zset, zset_or_new};
use crate::ctx::Ctx;
use crate::glob;
use crate::out::{Error, Out};
use crate::types::{Bound, ZSet, owned};

const NOT_FLOAT: &str = "ERR value is not a valid float";

pub fn zadd(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (mut nx, mut xx, mut gt, mut lt, mut ch, mut incr) = (false, false, false, false, false, false);
    let mut i = 2;
    while i < a.len() {
        let o = a[i];
        if eq(o, "NX") {
            nx = true;
        } else if eq(o, "XX") {
            xx = true;
        } else if eq(o, "GT") {
            gt = true;
        } else if eq(o, "LT") {
            lt = true;
        } else if eq(o, "CH") {
            ch = true;
        } else if eq(o, "INCR") {
            incr = true;
        } else {
            break;
        }
        i += 1;
    }
    let pairs = &a[i..];
    if pairs.is_empty() || pairs.len() % 2 != 0 {
        return Err(err(SYNTAX));
    }
    if nx && xx {
        return Err(err("ERR XX and NX options at the same time are not compatible"));
    }
    if (gt && nx) || (lt && nx) || (gt && lt) {
        return Err(err("ERR GT, LT, and/or NX options at the same time are not compatible"));
    }
    if incr && pairs.len() > 2 {
        return Err(err("ERR INCR option supports a single increment-element pair"));
    }
    let scores: Vec<f64> = pairs.chunks(2).map(|p| parse_f64(p[0]).ok_or(err(NOT_FLOAT))).collect::<Result<_, _>>()?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    if xx && zset(ks, a[1], &now)?.is_none() {
        if incr { out.nil() } else { out.int(0) }
        return Ok(());
    }
    let z = zset_or_new(ks, a[1], &now)?;
    let (mut added, mut changed) = (0, 0);
    let mut incr_result = None;
    for (pair, &score) in pairs.chunks(2).zip(&scores) {
        let m = pair[1];
        let cur = z.score(m);
        let new = match (incr, cur) {
            (true, Some(c)) => c + score,
            _ => score,
        };
        if new.is_nan() {
            return Err(err("ERR resulting score is not a number (NaN)"));
        }
        let allowed = match cur {
            None => !xx,
            Some(c) => !nx && (!gt || new > c) && (!lt || new < c),
        };
        if !allowed {
            continue;
        }
        match cur {
            None => {
                z.insert(owned(m), new);
                added += 1;
            }
            Some(c) if c != new => {
                z.insert(owned(m), new);
                changed += 1;
            }
            Some(_) => {}
        }
        incr_result = Some(new);
    }
    ks.modified(a[1]);
    if incr {
        match incr_result {
            Some(s) => out.double(s),
            None => out.nil(),
        }
    } else {
        out.int(if ch { added + changed } else { added });
    }
    Ok(())
}

pub fn zincrby(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let by = parse_f64(a[2]).ok_or(err(NOT_FLOAT))?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let z = zset_or_new(ks, a[1], &now)?;
    let new = z.score(a[3]).unwrap_or(0.0) + by;
    if new.is_nan() {
        return Err(err("ERR resulting score is not a number (NaN)"));
    }
    z.insert(owned(a[3]), new);
    ks.modified(a[1]);
    out.double(new);
    Ok(())
}

pub fn zrem(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let mut n = 0;
    if let Some(z) = zset(ks, a[1], &now)? {
        for m in &a[2..] {
            n += i64::from(z.remove(m));
        }
    }
    if n > 0 {
        ks.modified(a[1]);
    }
    out.int(n);
    Ok(())
}

pub fn zscore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    match zset(ctx.ks(a[1]), a[1], &now)?.and_then(|z| z.score(a[2])) {
        Some(s) => out.double(s),
        None => out.nil(),
    }
    Ok(())
}

pub fn zmscore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let z = zset(ctx.ks(a[1]), a[1], &now)?;
    out.array(a.len() - 2);
    for m in &a[2..] {
        match z.as_ref().and_then(|z| z.score(m)) {
            Some(s) => out.double(s),
            None => out.nil(),
        }
    }
    Ok(())
}

pub fn zcard(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = zset(ctx.ks(a[1]), a[1], &now)?.map_or(0, |z| z.len());
    out.int(n as i64);
    Ok(())
}

/// A score bound: "1.5", "(1.5" (exclusive), "-inf", "+inf".
fn score_bound(b: &[u8]) -> Result<Bound<f64>, Error> {
    let bad = || err("ERR min or max is not a float");
    let (exclusive, text) = match b.first() {
        Some(b'(') => (true, &b[1..]),
        _ => (false, b),
    };
    let v = parse_f64(text).ok_or_else(bad)?;
    Ok(if exclusive { Bound::Exclusive(v) } else { Bound::Inclusive(v) })
}

/// A lex bound: "[a", "(a", "-", "+".
fn lex_bound(b: &[u8], is_min: bool) -> Result<Bound<Vec<u8>>, Error> {
    match b.first() {
        Some(b'[') => Ok(Bound::Inclusive(b[1..].to_vec())),
        Some(b'(') => Ok(Bound::Exclusive(b[1..].to_vec())),
        Some(b'-') if b.len() == 1 => {
            // "-" as a maximum admits nothing; as a minimum, everything.
            Ok(if is_min { Bound::Unbounded } else { Bound::Exclusive(Vec::new()) })
        }
        Some(b'+') if b.len() == 1 => Ok(if is_min { Bound::Exclusive(vec![0xff; 64]) } else { Bound::Unbounded }),
        _ => Err(err("ERR min or max not valid string range item")),
    }
}

pub fn zcount(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (min, max) = (score_bound(a[2])?, score_bound(a[3])?);
    let now = ctx.now;
    let n = zset(ctx.ks(a[1]), a[1], &now)?.map_or(0, |z| z.range_by_score(&min, &max).count());
    out.int(n as i64);
    Ok(())
}

fn rank(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, rev: bool) -> R {
    let now = ctx.now;
    match zset(ctx.ks(a[1]), a[1], &now)?.and_then(|z| z.rank(a[2]).map(|r| if rev { z.len() - 1 - r } else { r })) {
        Some(r) => out.int(r as i64),
        None => out.nil(),
    }
    Ok(())
}

pub fn zrank(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    rank(ctx, a, out, false)
}
pub fn zrevrank(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    rank(ctx, a, out, true)
}

#[derive(PartialEq, Clone, Copy)]
enum By {
    Index,
    Score,
    Lex,
}

struct RangeSpec<'a> {
    by: By,
    rev: bool,
    limit: Option<(i64, i64)>,
    scores: bool,
    start: &'a [u8],
    stop: &'a [u8],
}

fn reply_range(out: &mut Out, items: &[(Bytes, f64)], scores: bool) {
    if scores && out.resp3 {
        out.array(items.len());
        for (m, s) in items {
            out.array(2);
            out.bulk(m);
            out.double(*s);
        }
    } else {
        out.array(items.len() * if scores { 2 } else { 1 });
        for (m, s) in items {
            out.bulk(m);
            if scores {
                out.double(*s);
            }
        }
    }
}

fn select(z: &ZSet, spec: &RangeSpec<'_>) -> Result<Vec<(Bytes, f64)>, Error> {
    let collect = |it: &mut dyn Iterator<Item = (&Bytes, f64)>| -> Vec<(Bytes, f64)> {
        let (offset, count) = spec.limit.unwrap_or((0, -1));
        if offset < 0 {
            return Vec::new();
        }
        let it = it.skip(offset as usize).map(|(m, s)| (m.clone(), s));
        if count < 0 { it.collect() } else { it.take(count as usize).collect() }
    };
    Ok(match spec.by {
        By::Index => {
            let (start, stop) = (int(spec.start)?, int(spec.stop)?);
            match index_range(start, stop, z.len()) {
                Some((s, e)) => {
                    let take = e - s;
                    if spec.rev {
                        z.iter().rev().skip(s).take(take).map(|(m, sc)| (m.clone(), sc)).collect()
                    } else {
                        z.iter().skip(s).take(take).map(|(m, sc)| (m.clone(), sc)).collect()
                    }
                }
                None => Vec::new(),
            }
        }
        By::Score => {
            // With REV the first bound is the maximum.
            let (lo, hi) = if spec.rev { (spec.stop, spec.start) } else { (spec.start, spec.stop) };
            let (min, max) = (score_bound(lo)?, score_bound(hi)?);
            if spec.rev {
                collect(&mut z.range_by_score(&min, &max).rev())
            } else {
                collect(&mut z.range_by_score(&min, &max))
            }
        }
        By::Lex => {
            let (lo, hi) = if spec.rev { (spec.stop, spec.start) } else { (spec.start, spec.stop) };
            let (min, max) = (lex_bound(lo, true)?, lex_bound(hi, false)?);
            if spec.rev {
                collect(&mut z.range_by_lex(&min, &max).rev())
            } else {
                collect(&mut z.range_by_lex(&min, &max))
            }
        }
    })
}

fn run_range(ctx: &mut Ctx<'_>, key: &[u8], spec: RangeSpec<'_>, out: &mut Out) -> R {
    let now = ctx.now;
    let items = match zset(ctx.ks(key), key, &now)? {
        Some(z) => select(z, &spec)?,
        None => {
            // Bounds are still checked on a missing key.
            select(&ZSet::default(), &spec)?
        }
    };
    reply_range(out, &items, spec.scores);
    Ok(())
}

/// Parses the options after `start stop`: WITHSCORES, LIMIT, and (for
/// ZRANGE) BYSCORE, BYLEX, REV.
fn range_options(a: &[&[u8]], spec: &mut RangeSpec<'_>, modern: bool) -> R {
    let mut i = 0;
    while i < a.len() {
        if eq(a[i], "WITHSCORES") {
            spec.scores = true;
        } else if eq(a[i], "LIMIT") && i + 2 < a.len() {
            spec.limit = Some((int(a[i + 1])?, int(a[i + 2])?));
            i += 2;
        } else if modern && eq(a[i], "BYSCORE") {
            spec.by = By::Score;
        } else if modern && eq(a[i], "BYLEX") {
            spec.by = By::Lex;
        } else if modern && eq(a[i], "REV") {
            spec.rev = true;
        } else {
            return Err(err(SYNTAX));
        }
        i += 1;
    }
    if spec.limit.is_some() && spec.by == By::Index {
        return Err(err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
    }
    if spec.scores && spec.by == By::Lex {
        return Err(err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
    }
    Ok(())
}

fn spec<'a>(a: &[&'a [u8]], by: By, rev: bool) -> RangeSpec<'a> {
    RangeSpec { by, rev, limit: None, scores: false, start: a[2], stop: a[3] }
}

pub fn zrange(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut s = spec(a, By::Index, false);
    range_options(&a[4..], &mut s, true)?;
    run_range(ctx, a[1], s, out)
}

pub fn zrevrange(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut s = spec(a, By::Index, true);
    if a.len() > 5 || (a.len() == 5 && !eq(a[4], "WITHSCORES")) {
        return Err(err(SYNTAX));
    }
    s.scores = a.len() == 5;
    run_range(ctx, a[1], s, out)
}

pub fn zrangebyscore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut s = spec(a, By::Score, false);
    range_options(&a[4..], &mut s, false)?;
    run_range(ctx, a[1], s, out)
}

pub fn zrevrangebyscore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut s = spec(a, By::Score, true);
    range_options(&a[4..], &mut s, false)?;
    run_range(ctx, a[1], s, out)
}

pub fn zrangebylex(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let mut s = spec(a, By::Lex, false);
    range_options(&a[4..], &mut s, false)?;
    run_range(ctx, a[1], s, out)
}

fn zpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, max: bool) -> R {
    if a.len() > 3 {
        return Err(err(SYNTAX));
    }
    let n = a.get(2).map(|c| count(c)).transpose()?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let mut popped = Vec::new();
    if let Some(z) = zset(ks, a[1], &now)? {
        for _ in 0..n.unwrap_or(1) {
            match if max { z.pop_max() } else { z.pop_min() } {
                Some(p) => popped.push(p),
                None => break,
            }
        }
        ks.modified(a[1]);
    }
    if n.is_some() && out.resp3 {
        reply_range(out, &popped, true);
    } else {
        // Without a count (and always in RESP2): a flat member, score list.
        out.array(popped.len() * 2);
        for (m, s) in &popped {
            out.bulk(m);
            out.double(*s);
        }
    }
    Ok(())
}

pub fn zpopmin(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    zpop(ctx, a, out, false)
}
pub fn zpopmax(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    zpop(ctx, a, out, true)
}

/// ZSCAN returns the whole sorted set in one step (see HSCAN).
pub fn zscan(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    cursor(a[2])?;
    let o = scan_opts(&a[3..], false)?;
    let now = ctx.now;
    let items: Vec<(Bytes, f64)> = zset(ctx.ks(a[1]), a[1], &now)?
        .map(|z| z.iter().filter(|(m, _)| o.pattern.is_none_or(|p| glob::matches(p, m))).map(|(m, s)| (m.clone(), s)).collect())
        .unwrap_or_default();
    out.array(2);
    out.bulk(b"0");
    out.array(items.len() * 2);
    for (m, s) in items {
        out.bulk(&m);
        out.double(s);
    }
    Ok(())
}

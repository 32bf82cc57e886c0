//! List commands: LPUSH/RPUSH(X), LPOP/RPOP with count, LRANGE, LLEN,
//! LINDEX, LSET, LREM, LTRIM, and the blocking BLPOP/BRPOP.

use std::sync::Arc;

use tokio::sync::Notify;

use super::args::{NO_SUCH_KEY, R, count, err, int, parse_f64};
use super::strings::index_range;
use super::typed::{list, list_or_new};
use crate::ctx::{Ctx, Flow};
use crate::out::Out;
use crate::types::owned;

fn push(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, front: bool, only_existing: bool) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    if only_existing && list(ks, a[1], &now)?.is_none() {
        out.int(0);
        return Ok(());
    }
    let l = list_or_new(ks, a[1], &now)?;
    for v in &a[2..] {
        if front { l.push_front(owned(v)) } else { l.push_back(owned(v)) }
    }
    let n = l.len();
    ks.modified(a[1]);
    out.int(n as i64);
    Ok(())
}

pub fn lpush(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    push(ctx, a, out, true, false)
}
pub fn rpush(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    push(ctx, a, out, false, false)
}
pub fn lpushx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    push(ctx, a, out, true, true)
}
pub fn rpushx(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    push(ctx, a, out, false, true)
}

fn pop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, front: bool) -> R {
    if a.len() > 3 {
        return Err(super::wrong_arity(if front { "lpop" } else { "rpop" }).into());
    }
    let n = a.get(2).map(|c| count(c)).transpose()?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let Some(l) = list(ks, a[1], &now)? else {
        if n.is_some() { out.nil_array() } else { out.nil() }
        return Ok(());
    };
    match n {
        None => {
            let v = if front { l.pop_front() } else { l.pop_back() };
            match v {
                Some(v) => out.bulk(&v),
                None => out.nil(),
            }
        }
        Some(n) => {
            let n = n.min(l.len());
            out.array(n);
            for _ in 0..n {
                if let Some(v) = if front { l.pop_front() } else { l.pop_back() } {
                    out.bulk(&v);
                }
            }
        }
    }
    ks.modified(a[1]);
    Ok(())
}

pub fn lpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    pop(ctx, a, out, true)
}
pub fn rpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    pop(ctx, a, out, false)
}

pub fn lrange(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (start, end) = (int(a[2])?, int(a[3])?);
    let now = ctx.now;
    match list(ctx.ks(a[1]), a[1], &now)? {
        Some(l) => match index_range(start, end, l.len()) {
            Some((s, e)) => {
                out.array(e - s);
                for v in l.iter().skip(s).take(e - s) {
                    out.bulk(v);
                }
            }
            None => out.array(0),
        },
        None => out.array(0),
    }
    Ok(())
}

pub fn llen(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = list(ctx.ks(a[1]), a[1], &now)?.map_or(0, |l| l.len());
    out.int(n as i64);
    Ok(())
}

fn position(i: i64, len: usize) -> Option<usize> {
    let p = if i < 0 { len as i64 + i } else { i };
    (0..len as i64).contains(&p).then_some(p as usize)
}

pub fn lindex(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let i = int(a[2])?;
    let now = ctx.now;
    match list(ctx.ks(a[1]), a[1], &now)?.and_then(|l| position(i, l.len()).and_then(|p| l.get(p))) {
        Some(v) => out.bulk(v),
        None => out.nil(),
    }
    Ok(())
}

pub fn lset(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let i = int(a[2])?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let l = list(ks, a[1], &now)?.ok_or(err(NO_SUCH_KEY))?;
    let p = position(i, l.len()).ok_or(err("ERR index out of range"))?;
    // Rebuild around the element: lists have no in-place set that keeps
    // the memory estimate right.
    let mut items: Vec<_> = l.iter().cloned().collect();
    items[p] = owned(a[3]);
    let mut fresh = crate::types::List::default();
    for v in items {
        fresh.push_back(v);
    }
    *l = fresh;
    ks.modified(a[1]);
    out.ok();
    Ok(())
}

pub fn lrem(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let n = int(a[2])?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let removed = match list(ks, a[1], &now)? {
        Some(l) => l.remove_eq(a[3], n.unsigned_abs() as usize, n < 0),
        None => 0,
    };
    if removed > 0 {
        ks.modified(a[1]);
    }
    out.int(removed as i64);
    Ok(())
}

pub fn ltrim(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (start, end) = (int(a[2])?, int(a[3])?);
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    if let Some(l) = list(ks, a[1], &now)? {
        match index_range(start, end, l.len()) {
            Some((s, e)) => l.keep_range(s, e - 1),
            None => l.keep_range(1, 0),
        }
        ks.modified(a[1]);
    }
    out.ok();
    Ok(())
}

fn bpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, front: bool) -> R {
    let t = parse_f64(a[a.len() - 1])
        .filter(|t| t.is_finite())
        .ok_or(err("ERR timeout is not a float or out of range"))?;
    if t < 0.0 {
        return Err(err("ERR timeout is negative"));
    }
    let now = ctx.now;
    let keys = &a[1..a.len() - 1];
    for key in keys {
        let ks = ctx.ks(key);
        if let Some(l) = list(ks, key, &now)? {
            let v = if front { l.pop_front() } else { l.pop_back() };
            if let Some(v) = v {
                ks.modified(key);
                out.array(2);
                out.bulk(key);
                out.bulk(&v);
                return Ok(());
            }
        }
    }
    if ctx.in_exec {
        // Inside a transaction nothing can arrive: answer as a timeout.
        out.nil_array();
        return Ok(());
    }
    // Registered while the stripes are held, so no push can slip between
    // this check and the wait.
    let wake = Arc::new(Notify::new());
    for key in keys {
        ctx.ks(key).block_on(key, &wake);
    }
    let deadline_ms = (t > 0.0).then(|| now.ms + (t * 1000.0) as i64);
    ctx.flow = Flow::Block { wake, deadline_ms };
    Ok(())
}

pub fn blpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    bpop(ctx, a, out, true)
}
pub fn brpop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    bpop(ctx, a, out, false)
}

//! Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SINTER,
//! SUNION, SDIFF (and their STORE forms), SMOVE, SPOP, SRANDMEMBER, SSCAN.

use bytes::Bytes;

use super::args::{R, count, int};
use super::keys::{cursor, scan_opts};
use super::typed::{set, set_or_new};
use crate::ctx::Ctx;
use crate::glob;
use crate::out::{Error, Out};
use crate::types::{Set, Value, owned};

pub fn sadd(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let s = set_or_new(ks, a[1], &now)?;
    let mut n = 0;
    for m in &a[2..] {
        n += i64::from(s.insert(owned(m)));
    }
    ks.modified(a[1]);
    out.int(n);
    Ok(())
}

pub fn srem(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let mut n = 0;
    if let Some(s) = set(ks, a[1], &now)? {
        for m in &a[2..] {
            n += i64::from(s.remove(m));
        }
    }
    if n > 0 {
        ks.modified(a[1]);
    }
    out.int(n);
    Ok(())
}

fn reply_members(out: &mut Out, members: &[Bytes]) {
    out.set(members.len());
    for m in members {
        out.bulk(m);
    }
}

pub fn smembers(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let members: Vec<Bytes> = set(ctx.ks(a[1]), a[1], &now)?
        .map(|s| s.members().into_iter().cloned().collect())
        .unwrap_or_default();
    reply_members(out, &members);
    Ok(())
}

pub fn sismember(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let found = set(ctx.ks(a[1]), a[1], &now)?.is_some_and(|s| s.contains(a[2]));
    out.int(i64::from(found));
    Ok(())
}

pub fn smismember(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let s = set(ctx.ks(a[1]), a[1], &now)?;
    out.array(a.len() - 2);
    for m in &a[2..] {
        out.int(i64::from(s.as_ref().is_some_and(|s| s.contains(m))));
    }
    Ok(())
}

pub fn scard(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let now = ctx.now;
    let n = set(ctx.ks(a[1]), a[1], &now)?.map_or(0, |s| s.len());
    out.int(n as i64);
    Ok(())
}

#[derive(Clone, Copy)]
enum Op {
    Inter,
    Union,
    Diff,
}

/// The members of each key's set, in the order of the keys (a missing key
/// is an empty set); WRONGTYPE if any key holds another type.
fn load(ctx: &mut Ctx<'_>, keys: &[&[u8]]) -> Result<Vec<Option<Vec<Bytes>>>, Error> {
    let now = ctx.now;
    keys.iter()
        .map(|k| Ok(set(ctx.ks(k), k, &now)?.map(|s| s.members().into_iter().cloned().collect())))
        .collect()
}

fn combine(sets: Vec<Option<Vec<Bytes>>>, op: Op) -> Vec<Bytes> {
    let mut it = sets.into_iter();
    let mut acc: Set = Set::default();
    for m in it.next().flatten().unwrap_or_default() {
        acc.insert(m);
    }
    for s in it {
        let s = s.unwrap_or_default();
        match op {
            Op::Union => {
                for m in s {
                    acc.insert(m);
                }
            }
            Op::Inter => {
                let keep: Set = {
                    let mut k = Set::default();
                    for m in s {
                        if acc.contains(&m) {
                            k.insert(m);
                        }
                    }
                    k
                };
                let mut next = Set::default();
                for m in acc.members() {
                    if keep.contains(m) {
                        next.insert(m.clone());
                    }
                }
                acc = next;
            }
            Op::Diff => {
                for m in s {
                    acc.remove(&m);
                }
            }
        }
    }
    acc.members().into_iter().cloned().collect()
}

fn algebra(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, op: Op) -> R {
    let sets = load(ctx, &a[1..])?;
    // An intersection with a missing key is empty.
    let result = if matches!(op, Op::Inter) && sets.iter().any(|s| s.is_none()) {
        Vec::new()
    } else {
        combine(sets, op)
    };
    reply_members(out, &result);
    Ok(())
}

fn algebra_store(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out, op: Op) -> R {
    let sets = load(ctx, &a[2..])?;
    let result = if matches!(op, Op::Inter) && sets.iter().any(|s| s.is_none()) {
        Vec::new()
    } else {
        combine(sets, op)
    };
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    ks.remove(a[1]);
    let n = result.len();
    if n > 0 {
        let mut s = Set::default();
        for m in result {
            s.insert(m);
        }
        ks.set(a[1], Value::Set(s), 0, false, &now);
    }
    out.int(n as i64);
    Ok(())
}

pub fn sinter(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra(ctx, a, out, Op::Inter)
}
pub fn sunion(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra(ctx, a, out, Op::Union)
}
pub fn sdiff(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra(ctx, a, out, Op::Diff)
}
pub fn sinterstore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra_store(ctx, a, out, Op::Inter)
}
pub fn sunionstore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra_store(ctx, a, out, Op::Union)
}
pub fn sdiffstore(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    algebra_store(ctx, a, out, Op::Diff)
}

pub fn smove(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let (src, dst, m) = (a[1], a[2], a[3]);
    let now = ctx.now;
    // Both must be sets (or missing) before anything moves.
    set(ctx.ks(dst), dst, &now)?;
    let moved = match set(ctx.ks(src), src, &now)? {
        Some(s) => s.remove(m),
        None => false,
    };
    if moved {
        ctx.ks(src).modified(src);
        ctx.ks(src).refresh(src);
        let ks = ctx.ks(dst);
        set_or_new(ks, dst, &now)?.insert(owned(m));
        ks.modified(dst);
    }
    out.int(i64::from(moved));
    Ok(())
}

pub fn spop(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() > 3 {
        return Err(err_syntax());
    }
    let n = a.get(2).map(|c| count(c)).transpose()?;
    let now = ctx.now;
    let ks = ctx.ks(a[1]);
    let Some(s) = set(ks, a[1], &now)? else {
        if n.is_some() { out.set(0) } else { out.nil() }
        return Ok(());
    };
    let take = n.unwrap_or(1).min(s.len());
    let mut popped = Vec::with_capacity(take);
    for _ in 0..take {
        let i = fastrand::usize(..s.len());
        let m = s.get_index(i).expect("in range").clone();
        s.remove(&m);
        popped.push(m);
    }
    ks.modified(a[1]);
    match n {
        None => match popped.first() {
            Some(m) => out.bulk(m),
            None => out.nil(),
        },
        Some(_) => reply_members(out, &popped),
    }
    Ok(())
}

fn err_syntax() -> Error {
    super::args::err(super::args::SYNTAX)
}

pub fn srandmember(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    if a.len() > 3 {
        return Err(err_syntax());
    }
    let n = a.get(2).map(|c| int(c)).transpose()?;
    let now = ctx.now;
    let Some(s) = set(ctx.ks(a[1]), a[1], &now)? else {
        if n.is_some() { out.array(0) } else { out.nil() }
        return Ok(());
    };
    match n {
        None => out.bulk(s.get_index(fastrand::usize(..s.len())).expect("non-empty")),
        Some(n) if n >= 0 => {
            // Distinct members: a random subset of min(n, size).
            let mut idx: Vec<usize> = (0..s.len()).collect();
            fastrand::shuffle(&mut idx);
            idx.truncate(n as usize);
            out.array(idx.len());
            for i in idx {
                out.bulk(s.get_index(i).expect("in range"));
            }
        }
        Some(n) => {
            // A negative count allows repeats and always returns |n| members.
            let k = n.unsigned_abs() as usize;
            out.array(k);
            for _ in 0..k {
                out.bulk(s.get_index(fastrand::usize(..s.len())).expect("non-empty"));
            }
        }
    }
    Ok(())
}

/// SSCAN returns the whole set in one step (see HSCAN).
pub fn sscan(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    cursor(a[2])?;
    let o = scan_opts(&a[3..], false)?;
    let now = ctx.now;
    let members: Vec<Bytes> = set(ctx.ks(a[1]), a[1], &now)?
        .map(|s| s.members().into_iter().filter(|m| o.pattern.is_none_or(|p| glob::matches(p, m))).cloned().collect())
        .unwrap_or_default();
    out.array(2);
    out.bulk(b"0");
    out.array(members.len());
    for m in members {
        out.bulk(&m);
    }
    Ok(())
}

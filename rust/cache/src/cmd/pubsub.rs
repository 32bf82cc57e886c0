//! Pub/sub commands: SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE,
//! PUBLISH, PUBSUB CHANNELS/NUMSUB/NUMPAT.

use bytes::Bytes;

use super::args::{R, eq};
use super::unknown_subcommand;
use crate::ctx::Ctx;
use crate::glob;
use crate::out::Out;

fn confirm(out: &mut Out, kind: &[u8], name: Option<&[u8]>, count: usize) {
    out.push(3);
    out.bulk(kind);
    match name {
        Some(n) => out.bulk(n),
        None => out.nil(),
    }
    out.int(count as i64);
}

pub fn subscribe(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let s = &mut *ctx.session;
    for ch in &a[1..] {
        let ch = Bytes::copy_from_slice(ch);
        if s.channels.insert(ch.clone()) {
            ctx.node.pubsub.subscribe(&ch, s.id, &s.inbox_tx);
        }
        confirm(out, b"subscribe", Some(&ch), s.subscriptions());
    }
    Ok(())
}

pub fn psubscribe(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let s = &mut *ctx.session;
    for p in &a[1..] {
        let p = Bytes::copy_from_slice(p);
        if s.patterns.insert(p.clone()) {
            ctx.node.pubsub.psubscribe(&p, s.id, &s.inbox_tx);
        }
        confirm(out, b"psubscribe", Some(&p), s.subscriptions());
    }
    Ok(())
}

pub fn unsubscribe(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let s = &mut *ctx.session;
    let names: Vec<Bytes> =
        if a.len() > 1 { a[1..].iter().map(|c| Bytes::copy_from_slice(c)).collect() } else { s.channels.iter().cloned().collect() };
    if names.is_empty() {
        confirm(out, b"unsubscribe", None, s.subscriptions());
    }
    for ch in names {
        s.channels.remove(&ch);
        ctx.node.pubsub.unsubscribe(&ch, s.id);
        confirm(out, b"unsubscribe", Some(&ch), s.subscriptions());
    }
    Ok(())
}

pub fn punsubscribe(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let s = &mut *ctx.session;
    let names: Vec<Bytes> =
        if a.len() > 1 { a[1..].iter().map(|c| Bytes::copy_from_slice(c)).collect() } else { s.patterns.iter().cloned().collect() };
    if names.is_empty() {
        confirm(out, b"punsubscribe", None, s.subscriptions());
    }
    for p in names {
        s.patterns.remove(&p);
        ctx.node.pubsub.punsubscribe(&p, s.id);
        confirm(out, b"punsubscribe", Some(&p), s.subscriptions());
    }
    Ok(())
}

pub fn publish(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    out.int(ctx.node.pubsub.publish(a[1], a[2]) as i64);
    Ok(())
}

pub fn pubsub(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let ps = &ctx.node.pubsub;
    if eq(a[1], "CHANNELS") {
        let names = ps.channels();
        let names: Vec<_> = names.into_iter().filter(|c| a.get(2).is_none_or(|p| glob::matches(p, c))).collect();
        out.array(names.len());
        for n in names {
            out.bulk(&n);
        }
    } else if eq(a[1], "NUMSUB") {
        // A flat channel, count list in both protocols, as redis-server 7.0 sends it.
        out.array(2 * (a.len() - 2));
        for ch in &a[2..] {
            out.bulk(ch);
            out.int(ps.subscribers(ch) as i64);
        }
    } else if eq(a[1], "NUMPAT") {
        out.int(ps.pattern_count() as i64);
    } else {
        return Err(unknown_subcommand("pubsub", a[1]).into());
    }
    Ok(())
}

//! CLUSTER commands for cluster-mode nodes: KEYSLOT, SLOTS, SHARDS, NODES,
//! MYID, INFO, COUNTKEYSINSLOT.

use super::args::{R, eq, err, int};
use super::{unknown_subcommand, wrong_arity};
use crate::ctx::Ctx;
use crate::out::Out;
use crate::slots::{SLOTS, key_slot};
use crate::store::{STRIPES, Store};
use crate::topology::{NodeAddr, Topology};

fn node_entry(out: &mut Out, n: &NodeAddr) {
    out.array(3);
    out.bulk(n.host.as_bytes());
    out.int(n.port as i64);
    out.bulk(n.id.as_bytes());
}

fn topology<'a>(ctx: &Ctx<'a>) -> Result<&'a Topology, crate::out::Error> {
    if ctx.node.cluster.is_none() {
        return Err(err("ERR This instance has cluster support disabled"));
    }
    ctx.node.topology().map(|t| t.as_ref()).ok_or(err("CLUSTERDOWN Hash slot not served"))
}

pub fn cluster(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let sub = a[1];
    let arity = |n: usize, name: &str| -> R {
        if a.len() == n { Ok(()) } else { Err(wrong_arity(&format!("cluster|{name}")).into()) }
    };
    if eq(sub, "KEYSLOT") {
        arity(3, "keyslot")?;
        out.int(key_slot(a[2]) as i64);
        return Ok(());
    }
    if eq(sub, "SLOTS") {
        arity(2, "slots")?;
        let t = topology(ctx)?;
        out.array(t.shards.len());
        for s in &t.shards {
            out.array(3 + s.replicas.len());
            out.int(s.slots.start as i64);
            out.int(s.slots.end as i64);
            node_entry(out, &s.primary);
            for r in &s.replicas {
                node_entry(out, r);
            }
        }
    } else if eq(sub, "SHARDS") {
        arity(2, "shards")?;
        let t = topology(ctx)?;
        out.array(t.shards.len());
        for s in &t.shards {
            out.map(2);
            out.bulk(b"slots");
            out.array(2);
            out.int(s.slots.start as i64);
            out.int(s.slots.end as i64);
            out.bulk(b"nodes");
            out.array(1 + s.replicas.len());
            for (n, role) in std::iter::once((&s.primary, "master")).chain(s.replicas.iter().map(|r| (r, "replica"))) {
                out.map(7);
                for (k, v) in [("id", n.id.as_str()), ("endpoint", n.host.as_str()), ("ip", n.host.as_str()), ("role", role)] {
                    out.bulk(k.as_bytes());
                    out.bulk(v.as_bytes());
                }
                out.bulk(b"port");
                out.int(n.port as i64);
                out.bulk(b"replication-offset");
                out.int(0);
                out.bulk(b"health");
                out.bulk(b"online");
            }
        }
    } else if eq(sub, "NODES") {
        arity(2, "nodes")?;
        let t = topology(ctx)?;
        let me = &ctx.node.run_id;
        let mut text = String::new();
        for s in &t.shards {
            let myself = if &s.primary.id == me { "myself,master" } else { "master" };
            text.push_str(&format!(
                "{} {}@{} {myself} - 0 0 1 connected {}\n",
                s.primary.id,
                s.primary.endpoint(),
                s.primary.port as u32 + 10000,
                s.slots
            ));
            for r in &s.replicas {
                text.push_str(&format!("{} {}@{} slave {} 0 0 1 connected\n", r.id, r.endpoint(), r.port as u32 + 10000, s.primary.id));
            }
        }
        out.verbatim(&text);
    } else if eq(sub, "MYID") {
        arity(2, "myid")?;
        topology(ctx)?;
        out.bulk(ctx.node.run_id.as_bytes());
    } else if eq(sub, "INFO") {
        arity(2, "info")?;
        let enabled = ctx.node.cluster.is_some();
        if !enabled {
            return Err(err("ERR This instance has cluster support disabled"));
        }
        let shards = ctx.node.topology().map_or(0, |t| t.shards.len());
        let ok = shards > 0;
        out.verbatim(&format!(
            "cluster_state:{}\r\ncluster_slots_assigned:{}\r\ncluster_slots_ok:{}\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:{}\r\ncluster_size:{shards}\r\n",
            if ok { "ok" } else { "fail" },
            if ok { SLOTS } else { 0 },
            if ok { SLOTS } else { 0 },
            ctx.node.topology().map_or(0, |t| t.shards.iter().map(|s| 1 + s.replicas.len()).sum::<usize>()),
        ));
    } else if eq(sub, "COUNTKEYSINSLOT") {
        arity(3, "countkeysinslot")?;
        topology(ctx)?;
        let slot = int(a[2])?;
        if !(0..SLOTS as i64).contains(&slot) {
            return Err(err("ERR Invalid slot"));
        }
        let stripe = slot as usize % STRIPES;
        let now = ctx.now.ms;
        let n = ctx.on_stripe(0, stripe, |ks| {
            ks.keys().filter(|(k, e)| key_slot(k) as i64 == slot && (e.expire_at == 0 || e.expire_at > now)).count()
        });
        let _ = Store::stripe_of;
        out.int(n as i64);
    } else {
        return Err(unknown_subcommand("cluster", sub).into());
    }
    Ok(())
}

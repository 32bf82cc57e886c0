//! Server commands: INFO (server, clients, memory, stats, replication,
//! cluster, keyspace sections, with redis-server's field names), CONFIG
//! GET/SET/RESETSTAT, TIME, LASTSAVE.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use super::args::{R, eq, err};
use super::connection::REDIS_VERSION;
use super::{unknown_subcommand, wrong_arity};
use crate::config::{Policy, parse_memory};
use crate::ctx::Ctx;
use crate::glob;
use crate::out::Out;
use crate::store::DATABASES;

fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes}B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.2}K", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.2}M", b / 1048576.0)
    } else {
        format!("{:.2}G", b / 1073741824.0)
    }
}

const SECTIONS: [&str; 7] = ["server", "clients", "memory", "stats", "replication", "cluster", "keyspace"];

pub fn info(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    ctx.node.flush_stats(ctx.session);
    let wanted: Vec<String> = a[1..].iter().map(|s| String::from_utf8_lossy(s).to_lowercase()).collect();
    let all = wanted.is_empty() || wanted.iter().any(|w| w == "all" || w == "everything" || w == "default");
    let node = ctx.node;
    let st = &node.stats;
    let now_ms = ctx.now.ms;
    let mut text = String::new();
    for section in SECTIONS {
        if !all && !wanted.iter().any(|w| w == section) {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\r\n");
        }
        let _ = writeln!(text, "# {}{}\r", section[..1].to_uppercase(), &section[1..]);
        let mut f = |k: &str, v: &dyn std::fmt::Display| {
            let _ = write!(text, "{k}:{v}\r\n");
        };
        match section {
            "server" => {
                let up = (now_ms - node.started_ms).max(0) / 1000;
                f("redis_version", &REDIS_VERSION);
                f("labcloud_node", &node.name);
                f("redis_mode", &if node.cluster.is_some() { "cluster" } else { "standalone" });
                f("os", &std::env::consts::OS);
                f("arch_bits", &64);
                f("multiplexing_api", &"epoll");
                f("process_id", &std::process::id());
                f("run_id", &node.run_id);
                f("tcp_port", &node.port.get().copied().unwrap_or(0));
                f("server_time_usec", &(now_ms * 1000));
                f("uptime_in_seconds", &up);
                f("uptime_in_days", &(up / 86400));
                f("hz", &10);
                f("io_threads_active", &0);
            }
            "clients" => {
                f("connected_clients", &st.connected.load(Ordering::Relaxed));
                f("blocked_clients", &st.blocked.load(Ordering::Relaxed));
                f("pubsub_clients", &0);
            }
            "memory" => {
                let used = node.store.used_memory();
                let max = node.config.maxmemory();
                f("used_memory", &used);
                f("used_memory_human", &human(used));
                f("used_memory_dataset", &used);
                f("maxmemory", &max);
                f("maxmemory_human", &human(max));
                f("maxmemory_policy", &node.config.policy().name());
                f("mem_allocator", &"libc");
            }
            "stats" => {
                f("total_connections_received", &st.connections.load(Ordering::Relaxed));
                f("total_commands_processed", &st.commands.load(Ordering::Relaxed));
                f("expired_keys", &node.store.expired_keys());
                f("evicted_keys", &st.evicted.load(Ordering::Relaxed));
                f("keyspace_hits", &st.hits.load(Ordering::Relaxed));
                f("keyspace_misses", &st.misses.load(Ordering::Relaxed));
                f("pubsub_channels", &node.pubsub.channel_count());
                f("pubsub_patterns", &node.pubsub.pattern_count());
                f("total_oom_rejections", &st.rejected_oom.load(Ordering::Relaxed));
            }
            "replication" => {
                let replica = ctx.session.role == crate::session::Role::Replica;
                f("role", &if replica { "slave" } else { "master" });
                f("connected_slaves", &0);
            }
            "cluster" => {
                f("cluster_enabled", &u8::from(node.cluster.is_some()));
            }
            "keyspace" => {
                for db in 0..DATABASES {
                    let (keys, expires) = node.store.db_size(db);
                    if keys > 0 {
                        let _ = write!(text, "db{db}:keys={keys},expires={expires},avg_ttl=0\r\n");
                    }
                }
            }
            _ => {}
        }
    }
    out.verbatim(&text);
    Ok(())
}

/// (name, current value) of every parameter CONFIG GET knows.
fn parameters(ctx: &Ctx<'_>) -> Vec<(&'static str, String)> {
    let c = &ctx.node.config;
    vec![
        ("maxmemory", c.maxmemory().to_string()),
        ("maxmemory-policy", c.policy().name().to_string()),
        ("maxmemory-samples", c.samples().to_string()),
        ("databases", DATABASES.to_string()),
        ("cluster-enabled", if ctx.node.cluster.is_some() { "yes" } else { "no" }.to_string()),
        // The cache keeps nothing on disk, like an ElastiCache node.
        ("save", String::new()),
        ("appendonly", "no".to_string()),
    ]
}

pub fn config(ctx: &mut Ctx<'_>, a: &[&[u8]], out: &mut Out) -> R {
    let sub = a[1];
    if eq(sub, "GET") {
        if a.len() < 3 {
            return Err(wrong_arity("config|get").into());
        }
        let found: Vec<_> = parameters(ctx)
            .into_iter()
            .filter(|(name, _)| a[2..].iter().any(|p| glob::matches(&p.to_ascii_lowercase(), name.as_bytes())))
            .collect();
        out.map(found.len());
        for (k, v) in found {
            out.bulk(k.as_bytes());
            out.bulk(v.as_bytes());
        }
    } else if eq(sub, "SET") {
        if a.len() < 4 || a.len() % 2 != 0 {
            return Err(wrong_arity("config|set").into());
        }
        // Check every pair before applying any, as redis-server does.
        enum Change {
            Max(u64),
            Policy(Policy),
            Samples(u64),
        }
        let mut changes = Vec::new();
        for pair in a[2..].chunks(2) {
            let name = String::from_utf8_lossy(pair[0]).to_lowercase();
            let failed = |why: &str| -> crate::out::Error {
                format!("ERR CONFIG SET failed (possibly related to argument '{name}') - {why}").into()
            };
            changes.push(match name.as_str() {
                "maxmemory" => Change::Max(parse_memory(pair[1]).ok_or_else(|| failed("argument couldn't be parsed into an integer"))?),
                "maxmemory-policy" => Change::Policy(Policy::parse(pair[1]).ok_or_else(|| {
                    let names: Vec<_> = Policy::ALL.iter().map(|p| p.name()).collect();
                    failed(&format!("argument(s) must be one of the following: {}", names.join(", ")))
                })?),
                "maxmemory-samples" => Change::Samples(
                    super::args::parse_i64(pair[1])
                        .filter(|n| (1..=64).contains(n))
                        .ok_or_else(|| failed("argument must be between 1 and 64 inclusive"))? as u64,
                ),
                _ => return Err(format!("ERR Unknown option or number of arguments for CONFIG SET - '{name}'").into()),
            });
        }
        for c in changes {
            match c {
                Change::Max(v) => ctx.node.config.set_maxmemory(v),
                Change::Policy(p) => ctx.node.config.set_policy(p),
                Change::Samples(n) => ctx.node.config.set_samples(n),
            }
        }
        out.ok();
    } else if eq(sub, "RESETSTAT") {
        let st = &ctx.node.stats;
        for c in [&st.commands, &st.hits, &st.misses, &st.evicted, &st.rejected_oom, &st.connections] {
            c.store(0, Ordering::Relaxed);
        }
        out.ok();
    } else {
        return Err(unknown_subcommand("config", sub).into());
    }
    Ok(())
}

pub fn time(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    let t = ctx.node.clock.now().as_nanos();
    out.array(2);
    out.bulk((t / 1_000_000_000).to_string().as_bytes());
    out.bulk(((t % 1_000_000_000) / 1000).to_string().as_bytes());
    Ok(())
}

pub fn lastsave(ctx: &mut Ctx<'_>, _: &[&[u8]], out: &mut Out) -> R {
    out.int(ctx.node.started_ms / 1000);
    let _ = err;
    Ok(())
}

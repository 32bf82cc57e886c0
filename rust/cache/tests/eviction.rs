//! Eviction policies on a node, driven through commands.

use std::sync::Arc;

use labcloud_cache::{Node, Out, Policy, Role};
use labcloud_core::{ManualClock, Timestamp};

fn run(node: &Node, s: &mut labcloud_cache::Session, args: &[&str]) -> Vec<u8> {
    let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = Out::new(false);
    node.execute(s, &argv, &mut out);
    out.buf
}

fn exists(node: &Node, s: &mut labcloud_cache::Session, k: &str) -> bool {
    run(node, s, &["EXISTS", k]) == b":1\r\n"
}

#[test]
fn volatile_ttl_evicts_the_soonest_expiring() {
    let clock = ManualClock::new(Timestamp::from_millis(1_000_000));
    let node = Node::new("t", 200_000, Policy::VolatileTtl, clock, None);
    let mut s = node.connect(Role::Primary);
    run(&node, &mut s, &["CONFIG", "SET", "maxmemory-samples", "10"]);
    let v = "x".repeat(1000);
    for i in 0..80 {
        run(&node, &mut s, &["SET", &format!("long{i}"), &v, "EX", "100000"]);
    }
    for i in 0..80 {
        run(&node, &mut s, &["SET", &format!("short{i}"), &v, "EX", "100"]);
    }
    // About 188 keys fit: these 100 force some 70 evictions.
    for i in 0..100 {
        run(&node, &mut s, &["SET", &format!("new{i}"), &v, "EX", "50000"]);
    }
    let short = (0..80).filter(|i| exists(&node, &mut s, &format!("short{i}"))).count();
    let long = (0..80).filter(|i| exists(&node, &mut s, &format!("long{i}"))).count();
    assert!(long >= 78 && short <= 15, "long {long} short {short}");
    let _ = Arc::strong_count(&node);
}

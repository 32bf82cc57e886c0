//! MULTI/EXEC/WATCH and blocking pops at the engine level.

use labcloud_cache::{Flow, Node, Out, Policy, Role, Session};
use labcloud_core::SystemClock;
use std::sync::Arc;

fn run(node: &Node, s: &mut Session, args: &[&str]) -> (Vec<u8>, Flow) {
    let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = Out::new(s.resp3);
    let flow = node.execute(s, &argv, &mut out);
    (out.buf, flow)
}

fn reply(node: &Node, s: &mut Session, args: &[&str]) -> Vec<u8> {
    run(node, s, args).0
}

#[test]
fn exec_runs_the_queue_and_watch_aborts_it_after_a_change() {
    let node = Node::new("t", 0, Policy::NoEviction, Arc::new(SystemClock), None);
    let (mut a, mut b) = (node.connect(Role::Primary), node.connect(Role::Primary));
    assert_eq!(reply(&node, &mut a, &["MULTI"]), b"+OK\r\n");
    assert_eq!(reply(&node, &mut a, &["INCR", "n"]), b"+QUEUED\r\n");
    assert_eq!(reply(&node, &mut a, &["INCR", "n"]), b"+QUEUED\r\n");
    assert_eq!(reply(&node, &mut a, &["EXEC"]), b"*2\r\n:1\r\n:2\r\n");

    assert_eq!(reply(&node, &mut a, &["WATCH", "n"]), b"+OK\r\n");
    assert_eq!(reply(&node, &mut b, &["SET", "n", "10"]), b"+OK\r\n");
    reply(&node, &mut a, &["MULTI"]);
    reply(&node, &mut a, &["INCR", "n"]);
    assert_eq!(reply(&node, &mut a, &["EXEC"]), b"*-1\r\n", "a watched key changed");
    assert_eq!(reply(&node, &mut a, &["GET", "n"]), b"$2\r\n10\r\n");

    // Keyspace-wide commands inside a transaction hold every stripe.
    reply(&node, &mut a, &["MULTI"]);
    reply(&node, &mut a, &["SET", "x", "1"]);
    reply(&node, &mut a, &["DBSIZE"]);
    reply(&node, &mut a, &["FLUSHDB"]);
    reply(&node, &mut a, &["DBSIZE"]);
    assert_eq!(reply(&node, &mut a, &["EXEC"]), b"*4\r\n+OK\r\n:2\r\n+OK\r\n:0\r\n");
}

#[test]
fn blpop_blocks_on_an_empty_list_and_answers_inside_exec() {
    let node = Node::new("t", 0, Policy::NoEviction, Arc::new(SystemClock), None);
    let mut s = node.connect(Role::Primary);
    let (out, flow) = run(&node, &mut s, &["BLPOP", "q", "0"]);
    assert!(out.is_empty());
    let Flow::Block { wake, deadline_ms: None } = flow else { panic!("expected to block forever") };
    let mut other = node.connect(Role::Primary);
    reply(&node, &mut other, &["RPUSH", "q", "job"]);
    // The push left a permit: the waiter wakes at once.
    labcloud_core::block_on(wake.notified());
    assert_eq!(reply(&node, &mut s, &["BLPOP", "q", "0"]), b"*2\r\n$1\r\nq\r\n$3\r\njob\r\n");

    reply(&node, &mut s, &["MULTI"]);
    reply(&node, &mut s, &["BLPOP", "q", "0"]);
    assert_eq!(reply(&node, &mut s, &["EXEC"]), b"*1\r\n*-1\r\n");
}

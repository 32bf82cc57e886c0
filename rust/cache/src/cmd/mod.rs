//! The command table: every command's name, arity, flags and key
//! positions (as redis-server's COMMAND reports them) and its handler.
//! One module per family of commands.

pub mod args;
mod cluster;
mod connection;
mod hashes;
mod typed;
mod keys;
mod lists;
mod pubsub;
mod server;
mod sets;
mod strings;
mod zsets;

use std::collections::HashMap;
use std::sync::OnceLock;

use smallvec::SmallVec;

use crate::ctx::Ctx;
use crate::out::Out;
use args::R;

pub type Handler = fn(&mut Ctx<'_>, &[&[u8]], &mut Out) -> R;

/// Changes data.
pub const WRITE: u32 = 1;
/// Only reads data.
pub const READONLY: u32 = 1 << 1;
/// May grow memory: refused with OOM when over maxmemory.
pub const DENYOOM: u32 = 1 << 2;
/// Allowed while a RESP2 connection is subscribed.
pub const PUBSUB_OK: u32 = 1 << 3;
/// Runs at once even inside MULTI (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET).
pub const NO_QUEUE: u32 = 1 << 4;
/// May block the client (BLPOP, BRPOP).
pub const BLOCKING: u32 = 1 << 5;
/// Reads or writes the whole keyspace (KEYS, FLUSHDB, ...).
pub const KEYSPACE: u32 = 1 << 6;
/// A connection or server command: no keys, never redirected.
pub const ADMIN: u32 = 1 << 7;
/// A pub/sub command (counted for "pubsub" in COMMAND flags).
pub const PUBSUB: u32 = 1 << 8;
/// O(1) or O(log n) (COMMAND's "fast" flag).
pub const FAST: u32 = 1 << 9;
/// Writes only by replacing or removing whole values, which the keyspace
/// accounts as it goes: no size refresh needed after the command.
pub const ACCOUNTED: u32 = 1 << 10;

pub struct Command {
    /// Lower case, as COMMAND and error messages spell it.
    pub name: &'static str,
    /// Exact argument count including the name; negative means at least |arity|.
    pub arity: i32,
    pub flags: u32,
    pub first_key: i32,
    /// Negative counts from the end (-1: the last argument).
    pub last_key: i32,
    pub step: i32,
    pub run: Handler,
}

impl Command {
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    pub fn arity_ok(&self, argc: usize) -> bool {
        let a = self.arity;
        if a >= 0 { argc == a as usize } else { argc >= (-a) as usize }
    }

    /// Positions of the key arguments in `argv`.
    pub fn key_positions(&self, argc: usize) -> SmallVec<[usize; 4]> {
        let mut v = SmallVec::new();
        if self.first_key <= 0 {
            return v;
        }
        let last = if self.last_key < 0 { argc as i32 + self.last_key } else { self.last_key };
        let mut i = self.first_key;
        while i <= last && (i as usize) < argc {
            v.push(i as usize);
            i += self.step.max(1);
        }
        v
    }

    /// The flags COMMAND lists.
    pub fn flag_names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (f, name) in [
            (WRITE, "write"),
            (READONLY, "readonly"),
            (DENYOOM, "denyoom"),
            (ADMIN, "admin"),
            (PUBSUB, "pubsub"),
            (NO_QUEUE, "no_multi"),
            (BLOCKING, "blocking"),
            (FAST, "fast"),
        ] {
            if self.has(f) {
                v.push(name);
            }
        }
        v
    }
}

macro_rules! table {
    ($( $name:literal $arity:literal [$($flag:ident)|*] ($first:literal $last:literal $step:literal) => $run:path; )*) => {
        pub static COMMANDS: &[Command] = &[
            $( Command {
                name: $name,
                arity: $arity,
                flags: 0 $(| $flag)*,
                first_key: $first,
                last_key: $last,
                step: $step,
                run: $run,
            }, )*
        ];
    };
}

table! {
    // Connection
    "ping" -1 [PUBSUB_OK|FAST|ADMIN] (0 0 0) => connection::ping;
    "echo" 2 [FAST|ADMIN] (0 0 0) => connection::echo;
    "hello" -1 [FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::hello;
    "auth" -2 [FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::auth;
    "select" 2 [FAST|ADMIN] (0 0 0) => connection::select;
    "quit" -1 [PUBSUB_OK|FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::quit;
    "reset" 1 [PUBSUB_OK|FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::reset;
    "client" -2 [ADMIN] (0 0 0) => connection::client;
    "readonly" 1 [FAST|ADMIN] (0 0 0) => connection::readonly;
    "readwrite" 1 [FAST|ADMIN] (0 0 0) => connection::readwrite;
    "command" -1 [ADMIN] (0 0 0) => connection::command;
    // Transactions
    "multi" 1 [FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::multi;
    "exec" 1 [ADMIN|NO_QUEUE] (0 0 0) => connection::exec;
    "discard" 1 [FAST|ADMIN|NO_QUEUE] (0 0 0) => connection::discard;
    "watch" -2 [FAST|NO_QUEUE] (1 -1 1) => connection::watch;
    "unwatch" 1 [FAST|ADMIN] (0 0 0) => connection::unwatch;
    // Keys
    "del" -2 [WRITE|ACCOUNTED] (1 -1 1) => keys::del;
    "unlink" -2 [WRITE|FAST|ACCOUNTED] (1 -1 1) => keys::del;
    "exists" -2 [READONLY|FAST] (1 -1 1) => keys::exists;
    "touch" -2 [READONLY|FAST] (1 -1 1) => keys::exists;
    "expire" -3 [WRITE|FAST|ACCOUNTED] (1 1 1) => keys::expire;
    "pexpire" -3 [WRITE|FAST|ACCOUNTED] (1 1 1) => keys::pexpire;
    "expireat" -3 [WRITE|FAST|ACCOUNTED] (1 1 1) => keys::expireat;
    "pexpireat" -3 [WRITE|FAST|ACCOUNTED] (1 1 1) => keys::pexpireat;
    "ttl" 2 [READONLY|FAST] (1 1 1) => keys::ttl;
    "pttl" 2 [READONLY|FAST] (1 1 1) => keys::pttl;
    "expiretime" 2 [READONLY|FAST] (1 1 1) => keys::expiretime;
    "pexpiretime" 2 [READONLY|FAST] (1 1 1) => keys::pexpiretime;
    "persist" 2 [WRITE|FAST|ACCOUNTED] (1 1 1) => keys::persist;
    "type" 2 [READONLY|FAST] (1 1 1) => keys::type_;
    "rename" 3 [WRITE|ACCOUNTED] (1 2 1) => keys::rename;
    "renamenx" 3 [WRITE|FAST|ACCOUNTED] (1 2 1) => keys::renamenx;
    "keys" 2 [READONLY|KEYSPACE] (0 0 0) => keys::keys;
    "scan" -2 [READONLY|KEYSPACE] (0 0 0) => keys::scan;
    "randomkey" 1 [READONLY|KEYSPACE] (0 0 0) => keys::randomkey;
    "dbsize" 1 [READONLY|FAST|KEYSPACE] (0 0 0) => keys::dbsize;
    "flushdb" -1 [WRITE|KEYSPACE|ACCOUNTED] (0 0 0) => keys::flushdb;
    "flushall" -1 [WRITE|KEYSPACE|ACCOUNTED] (0 0 0) => keys::flushall;
    // Strings
    "get" 2 [READONLY|FAST] (1 1 1) => strings::get;
    "set" -3 [WRITE|DENYOOM|ACCOUNTED] (1 1 1) => strings::set;
    "setnx" 3 [WRITE|DENYOOM|FAST|ACCOUNTED] (1 1 1) => strings::setnx;
    "setex" 4 [WRITE|DENYOOM|ACCOUNTED] (1 1 1) => strings::setex;
    "psetex" 4 [WRITE|DENYOOM|ACCOUNTED] (1 1 1) => strings::psetex;
    "getset" 3 [WRITE|DENYOOM|FAST|ACCOUNTED] (1 1 1) => strings::getset;
    "mget" -2 [READONLY|FAST] (1 -1 1) => strings::mget;
    "mset" -3 [WRITE|DENYOOM|ACCOUNTED] (1 -1 2) => strings::mset;
    "msetnx" -3 [WRITE|DENYOOM|ACCOUNTED] (1 -1 2) => strings::msetnx;
    "incr" 2 [WRITE|DENYOOM|FAST] (1 1 1) => strings::incr;
    "decr" 2 [WRITE|DENYOOM|FAST] (1 1 1) => strings::decr;
    "incrby" 3 [WRITE|DENYOOM|FAST] (1 1 1) => strings::incrby;
    "decrby" 3 [WRITE|DENYOOM|FAST] (1 1 1) => strings::decrby;
    "incrbyfloat" 3 [WRITE|DENYOOM|FAST] (1 1 1) => strings::incrbyfloat;
    "append" 3 [WRITE|DENYOOM|FAST] (1 1 1) => strings::append;
    "strlen" 2 [READONLY|FAST] (1 1 1) => strings::strlen;
    "getrange" 4 [READONLY] (1 1 1) => strings::getrange;
    "substr" 4 [READONLY] (1 1 1) => strings::getrange;
    "setrange" 4 [WRITE|DENYOOM] (1 1 1) => strings::setrange;
    "getdel" 2 [WRITE|FAST|ACCOUNTED] (1 1 1) => strings::getdel;
    "getex" -2 [WRITE|FAST|ACCOUNTED] (1 1 1) => strings::getex;
    // Hashes
    "hset" -4 [WRITE|DENYOOM|FAST] (1 1 1) => hashes::hset;
    "hmset" -4 [WRITE|DENYOOM|FAST] (1 1 1) => hashes::hmset;
    "hsetnx" 4 [WRITE|DENYOOM|FAST] (1 1 1) => hashes::hsetnx;
    "hget" 3 [READONLY|FAST] (1 1 1) => hashes::hget;
    "hmget" -3 [READONLY|FAST] (1 1 1) => hashes::hmget;
    "hdel" -3 [WRITE|FAST] (1 1 1) => hashes::hdel;
    "hgetall" 2 [READONLY] (1 1 1) => hashes::hgetall;
    "hincrby" 4 [WRITE|DENYOOM|FAST] (1 1 1) => hashes::hincrby;
    "hincrbyfloat" 4 [WRITE|DENYOOM|FAST] (1 1 1) => hashes::hincrbyfloat;
    "hkeys" 2 [READONLY] (1 1 1) => hashes::hkeys;
    "hvals" 2 [READONLY] (1 1 1) => hashes::hvals;
    "hlen" 2 [READONLY|FAST] (1 1 1) => hashes::hlen;
    "hexists" 3 [READONLY|FAST] (1 1 1) => hashes::hexists;
    "hstrlen" 3 [READONLY|FAST] (1 1 1) => hashes::hstrlen;
    "hscan" -3 [READONLY] (1 1 1) => hashes::hscan;
    // Lists
    "lpush" -3 [WRITE|DENYOOM|FAST] (1 1 1) => lists::lpush;
    "rpush" -3 [WRITE|DENYOOM|FAST] (1 1 1) => lists::rpush;
    "lpushx" -3 [WRITE|DENYOOM|FAST] (1 1 1) => lists::lpushx;
    "rpushx" -3 [WRITE|DENYOOM|FAST] (1 1 1) => lists::rpushx;
    "lpop" -2 [WRITE|FAST] (1 1 1) => lists::lpop;
    "rpop" -2 [WRITE|FAST] (1 1 1) => lists::rpop;
    "lrange" 4 [READONLY] (1 1 1) => lists::lrange;
    "llen" 2 [READONLY|FAST] (1 1 1) => lists::llen;
    "lindex" 3 [READONLY] (1 1 1) => lists::lindex;
    "lset" 4 [WRITE|DENYOOM] (1 1 1) => lists::lset;
    "lrem" 4 [WRITE] (1 1 1) => lists::lrem;
    "ltrim" 4 [WRITE] (1 1 1) => lists::ltrim;
    "blpop" -3 [WRITE|BLOCKING] (1 -2 1) => lists::blpop;
    "brpop" -3 [WRITE|BLOCKING] (1 -2 1) => lists::brpop;
    // Sets
    "sadd" -3 [WRITE|DENYOOM|FAST] (1 1 1) => sets::sadd;
    "srem" -3 [WRITE|FAST] (1 1 1) => sets::srem;
    "smembers" 2 [READONLY] (1 1 1) => sets::smembers;
    "sismember" 3 [READONLY|FAST] (1 1 1) => sets::sismember;
    "smismember" -3 [READONLY|FAST] (1 1 1) => sets::smismember;
    "scard" 2 [READONLY|FAST] (1 1 1) => sets::scard;
    "sinter" -2 [READONLY] (1 -1 1) => sets::sinter;
    "sunion" -2 [READONLY] (1 -1 1) => sets::sunion;
    "sdiff" -2 [READONLY] (1 -1 1) => sets::sdiff;
    "sinterstore" -3 [WRITE|DENYOOM] (1 -1 1) => sets::sinterstore;
    "sunionstore" -3 [WRITE|DENYOOM] (1 -1 1) => sets::sunionstore;
    "sdiffstore" -3 [WRITE|DENYOOM] (1 -1 1) => sets::sdiffstore;
    "smove" 4 [WRITE|FAST] (1 2 1) => sets::smove;
    "spop" -2 [WRITE|FAST] (1 1 1) => sets::spop;
    "srandmember" -2 [READONLY] (1 1 1) => sets::srandmember;
    "sscan" -3 [READONLY] (1 1 1) => sets::sscan;
    // Sorted sets
    "zadd" -4 [WRITE|DENYOOM|FAST] (1 1 1) => zsets::zadd;
    "zincrby" 4 [WRITE|DENYOOM|FAST] (1 1 1) => zsets::zincrby;
    "zrem" -3 [WRITE|FAST] (1 1 1) => zsets::zrem;
    "zscore" 3 [READONLY|FAST] (1 1 1) => zsets::zscore;
    "zmscore" -3 [READONLY|FAST] (1 1 1) => zsets::zmscore;
    "zcard" 2 [READONLY|FAST] (1 1 1) => zsets::zcard;
    "zcount" 4 [READONLY|FAST] (1 1 1) => zsets::zcount;
    "zrank" 3 [READONLY|FAST] (1 1 1) => zsets::zrank;
    "zrevrank" 3 [READONLY|FAST] (1 1 1) => zsets::zrevrank;
    "zrange" -4 [READONLY] (1 1 1) => zsets::zrange;
    "zrevrange" -4 [READONLY] (1 1 1) => zsets::zrevrange;
    "zrangebyscore" -4 [READONLY] (1 1 1) => zsets::zrangebyscore;
    "zrevrangebyscore" -4 [READONLY] (1 1 1) => zsets::zrevrangebyscore;
    "zrangebylex" -4 [READONLY] (1 1 1) => zsets::zrangebylex;
    "zpopmin" -2 [WRITE|FAST] (1 1 1) => zsets::zpopmin;
    "zpopmax" -2 [WRITE|FAST] (1 1 1) => zsets::zpopmax;
    "zscan" -3 [READONLY] (1 1 1) => zsets::zscan;
    // Pub/sub
    "subscribe" -2 [PUBSUB|PUBSUB_OK] (0 0 0) => pubsub::subscribe;
    "psubscribe" -2 [PUBSUB|PUBSUB_OK] (0 0 0) => pubsub::psubscribe;
    "unsubscribe" -1 [PUBSUB|PUBSUB_OK] (0 0 0) => pubsub::unsubscribe;
    "punsubscribe" -1 [PUBSUB|PUBSUB_OK] (0 0 0) => pubsub::punsubscribe;
    "publish" 3 [PUBSUB|FAST] (0 0 0) => pubsub::publish;
    "pubsub" -2 [PUBSUB] (0 0 0) => pubsub::pubsub;
    // Server
    "info" -1 [ADMIN] (0 0 0) => server::info;
    "config" -2 [ADMIN] (0 0 0) => server::config;
    "time" 1 [FAST|ADMIN] (0 0 0) => server::time;
    "lastsave" 1 [FAST|ADMIN] (0 0 0) => server::lastsave;
    "cluster" -2 [ADMIN] (0 0 0) => cluster::cluster;
}

/// Looks a command up by name, in any case.
pub fn lookup(name: &[u8]) -> Option<&'static Command> {
    static INDEX: OnceLock<HashMap<&'static [u8], &'static Command, crate::types::Hasher>> = OnceLock::new();
    let index = INDEX.get_or_init(|| COMMANDS.iter().map(|c| (c.name.as_bytes(), c)).collect());
    let mut buf = [0u8; 24];
    if name.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    index.get(&buf[..name.len()]).copied()
}

/// redis-server's reply to a command it does not know, quoting the
/// client's bytes as they came.
pub fn unknown_command(argv: &[&[u8]]) -> Vec<u8> {
    let mut args = Vec::new();
    for a in &argv[1..] {
        if args.len() >= 128 {
            break;
        }
        let room = 128 - args.len();
        args.push(b'\'');
        args.extend_from_slice(&a[..a.len().min(room)]);
        args.extend_from_slice(b"' ");
    }
    let mut msg = b"ERR unknown command '".to_vec();
    msg.extend_from_slice(&argv[0][..argv[0].len().min(128)]);
    msg.extend_from_slice(b"', with args beginning with: ");
    msg.extend_from_slice(&args);
    msg
}

pub fn wrong_arity(name: &str) -> String {
    format!("ERR wrong number of arguments for '{name}' command")
}

/// The reply to an unknown subcommand of `cmd` (CONFIG, CLIENT, ...).
pub fn unknown_subcommand(cmd: &str, sub: &[u8]) -> String {
    format!(
        "ERR unknown subcommand '{}'. Try {} HELP.",
        String::from_utf8_lossy(&sub[..sub.len().min(128)]),
        cmd.to_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_every_name_is_unique() {
        assert_eq!(lookup(b"GeT").unwrap().name, "get");
        assert!(lookup(b"nosuchcommand").is_none());
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn key_positions_follow_first_last_step() {
        let mset = lookup(b"mset").unwrap();
        assert_eq!(mset.key_positions(5).as_slice(), &[1, 3]);
        let blpop = lookup(b"blpop").unwrap();
        assert_eq!(blpop.key_positions(4).as_slice(), &[1, 2]);
        assert!(lookup(b"ping").unwrap().key_positions(2).is_empty());
    }

    #[test]
    fn unknown_command_text_matches_redis() {
        let argv: [&[u8]; 3] = [b"FOO", b"a", b"b"];
        assert_eq!(unknown_command(&argv), b"ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
    }
}

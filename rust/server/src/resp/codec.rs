//! The RESP request codec: finds complete commands in a connection's read
//! buffer without copying them (arguments are ranges into the buffer).
//! Multibulk requests (`*N\r\n$len\r\n...`) and inline commands
//! (`PING\r\n`, what telnet sends) are understood; anything else is a
//! protocol error with redis-server's wording, after which the connection
//! is closed. Nothing is allocated for a declared length until its bytes
//! arrive, so a huge bulk length cannot reserve memory.

use std::ops::Range;

/// redis-server's limits: 1M arguments per command, 512 MB per argument,
/// 64 KB for an inline command or a length line.
pub const MAX_ARGS: i64 = 1024 * 1024;
pub const MAX_BULK: i64 = 512 * 1024 * 1024;
pub const MAX_INLINE: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// More bytes are needed.
    Incomplete,
    /// A command of `args` (ranges into the buffer) ends at `consumed`.
    /// An empty request (`*0`, a blank line) has no arguments.
    Command { consumed: usize },
    /// The text after "ERR Protocol error: ".
    Error(String),
}

fn line(buf: &[u8], from: usize) -> Option<usize> {
    memchr(b'\r', &buf[from..]).map(|i| from + i).filter(|&i| buf.get(i + 1) == Some(&b'\n'))
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// A length line's number: digits with an optional '-', nothing else.
fn number(b: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(b).ok()?;
    if s.is_empty() || s.starts_with('+') || s.contains(char::is_whitespace) {
        return None;
    }
    s.parse().ok()
}

pub fn parse(buf: &[u8], args: &mut Vec<Range<usize>>) -> Parsed {
    args.clear();
    if buf.is_empty() {
        return Parsed::Incomplete;
    }
    if buf[0] != b'*' {
        return inline(buf, args);
    }
    let Some(end) = line(buf, 1) else {
        return if buf.len() > MAX_INLINE { Parsed::Error("too big mbulk count string".into()) } else { Parsed::Incomplete };
    };
    let n = match number(&buf[1..end]) {
        Some(n) if n <= MAX_ARGS => n,
        _ => return Parsed::Error("invalid multibulk length".into()),
    };
    let mut pos = end + 2;
    for _ in 0..n.max(0) {
        if pos >= buf.len() {
            return Parsed::Incomplete;
        }
        if buf[pos] != b'$' {
            return Parsed::Error(format!("expected '$', got '{}'", buf[pos] as char));
        }
        let Some(end) = line(buf, pos + 1) else {
            return if buf.len() - pos > MAX_INLINE {
                Parsed::Error("too big bulk count string".into())
            } else {
                Parsed::Incomplete
            };
        };
        let len = match number(&buf[pos + 1..end]) {
            Some(l) if (0..=MAX_BULK).contains(&l) => l as usize,
            _ => return Parsed::Error("invalid bulk length".into()),
        };
        let start = end + 2;
        if buf.len() < start + len + 2 {
            return Parsed::Incomplete;
        }
        args.push(start..start + len);
        pos = start + len + 2;
    }
    Parsed::Command { consumed: pos }
}

/// An inline command: one line, arguments separated by spaces, with
/// "double" and 'single' quoted arguments as redis-cli would type them.
fn inline(buf: &[u8], args: &mut Vec<Range<usize>>) -> Parsed {
    let Some(nl) = memchr(b'\n', buf) else {
        return if buf.len() > MAX_INLINE { Parsed::Error("too big inline request".into()) } else { Parsed::Incomplete };
    };
    let end = if nl > 0 && buf[nl - 1] == b'\r' { nl - 1 } else { nl };
    let mut i = 0;
    while i < end {
        while i < end && buf[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            break;
        }
        if buf[i] == b'"' || buf[i] == b'\'' {
            // Quoted: up to the matching quote, which must end the argument.
            let q = buf[i];
            let Some(close) = memchr(q, &buf[i + 1..end]).map(|c| i + 1 + c) else {
                return Parsed::Error("unbalanced quotes in request".into());
            };
            if close + 1 < end && !buf[close + 1].is_ascii_whitespace() {
                return Parsed::Error("unbalanced quotes in request".into());
            }
            args.push(i + 1..close);
            i = close + 1;
        } else {
            let start = i;
            while i < end && !buf[i].is_ascii_whitespace() {
                i += 1;
            }
            args.push(start..i);
        }
    }
    Parsed::Command { consumed: nl + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(buf: &[u8]) -> (Parsed, Vec<Vec<u8>>) {
        let mut args = Vec::new();
        let p = parse(buf, &mut args);
        (p, args.into_iter().map(|r| buf[r].to_vec()).collect())
    }

    #[test]
    fn multibulk_commands_parse_and_pipeline() {
        let buf = b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n";
        let (p, a) = words(buf);
        assert_eq!(p, Parsed::Command { consumed: 20 });
        assert_eq!(a, vec![b"GET".to_vec(), b"k".to_vec()]);
        let (p, a) = words(&buf[20..]);
        assert_eq!(p, Parsed::Command { consumed: 14 });
        assert_eq!(a, vec![b"PING".to_vec()]);
    }

    #[test]
    fn every_truncation_is_incomplete_not_an_error() {
        let buf = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n";
        for cut in 0..buf.len() {
            assert_eq!(words(&buf[..cut]).0, Parsed::Incomplete, "cut at {cut}");
        }
        assert_eq!(words(buf).0, Parsed::Command { consumed: buf.len() });
    }

    #[test]
    fn bad_lengths_are_protocol_errors() {
        assert_eq!(words(b"*abc\r\n").0, Parsed::Error("invalid multibulk length".into()));
        assert_eq!(words(b"*99999999999\r\n").0, Parsed::Error("invalid multibulk length".into()));
        assert_eq!(words(b"*1\r\n$99999999999\r\n").0, Parsed::Error("invalid bulk length".into()));
        assert_eq!(words(b"*1\r\n$-5\r\n").0, Parsed::Error("invalid bulk length".into()));
        assert_eq!(words(b"*1\r\n:1\r\n").0, Parsed::Error("expected '$', got ':'".into()));
        let huge = vec![b'x'; MAX_INLINE + 1];
        assert_eq!(words(&huge).0, Parsed::Error("too big inline request".into()));
    }

    #[test]
    fn a_declared_length_reserves_nothing_until_the_bytes_come() {
        // 512 MB declared, 3 bytes sent: just incomplete.
        assert_eq!(words(b"*1\r\n$536870912\r\nabc").0, Parsed::Incomplete);
    }

    #[test]
    fn inline_commands_split_on_spaces_and_quotes() {
        let (p, a) = words(b"SET k \"two words\"\r\n");
        assert_eq!(p, Parsed::Command { consumed: 19 });
        assert_eq!(a, vec![b"SET".to_vec(), b"k".to_vec(), b"two words".to_vec()]);
        assert_eq!(words(b"\r\n"), (Parsed::Command { consumed: 2 }, vec![]));
        assert_eq!(words(b"SET k \"open\r\n").0, Parsed::Error("unbalanced quotes in request".into()));
    }
}

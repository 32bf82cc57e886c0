//! Argument parsing shared by the commands, with redis-server's error texts.

use crate::out::Error;

pub type R = Result<(), Error>;

pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const SYNTAX: &str = "ERR syntax error";
pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NO_SUCH_KEY: &str = "ERR no such key";
pub const OOM: &str = "OOM command not allowed when used memory > 'maxmemory'.";
pub const OVERFLOW: &str = "ERR increment or decrement would overflow";
pub const MUST_BE_POSITIVE: &str = "ERR value is out of range, must be positive";

pub fn err(s: &'static str) -> Error {
    Error::Borrowed(s)
}

/// A signed 64-bit integer written exactly as redis-server accepts it: no
/// spaces, no '+', no leading zeros.
pub fn int(b: &[u8]) -> Result<i64, Error> {
    parse_i64(b).ok_or(err(NOT_INTEGER))
}

pub fn parse_i64(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    let (neg, digits) = match b[0] {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || (digits[0] == b'0' && (digits.len() > 1 || neg)) {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?;
        v = if neg { v.checked_sub((d - b'0') as i64)? } else { v.checked_add((d - b'0') as i64)? };
    }
    Some(v)
}

/// A double as redis-server's strtod-based parsing accepts it ("inf",
/// "-inf", "1e3", " 1" rejected); NaN is refused.
pub fn parse_f64(b: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(b).ok()?;
    if s.is_empty() || s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return None;
    }
    let v: f64 = match s.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => f64::INFINITY,
        "-inf" | "-infinity" => f64::NEG_INFINITY,
        l if l.contains("inf") || l.contains("nan") => return None,
        _ => s.parse().ok()?,
    };
    (!v.is_nan()).then_some(v)
}

pub fn float(b: &[u8]) -> Result<f64, Error> {
    parse_f64(b).ok_or(err(NOT_FLOAT))
}

pub fn eq(a: &[u8], b: &str) -> bool {
    a.eq_ignore_ascii_case(b.as_bytes())
}

/// A non-negative count (LPOP, SPOP, ...).
pub fn count(b: &[u8]) -> Result<usize, Error> {
    let n = int(b).map_err(|_| err(MUST_BE_POSITIVE))?;
    usize::try_from(n).map_err(|_| err(MUST_BE_POSITIVE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_strict() {
        assert_eq!(parse_i64(b"123"), Some(123));
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775808"), None);
        for bad in [&b""[..], b"+1", b"01", b"-0", b" 1", b"1 ", b"1.0", b"abc"] {
            assert_eq!(parse_i64(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse_i64(b"0"), Some(0));
    }

    #[test]
    fn floats_take_inf_and_refuse_nan() {
        assert_eq!(parse_f64(b"1.5"), Some(1.5));
        assert_eq!(parse_f64(b"-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64(b"1e3"), Some(1000.0));
        assert_eq!(parse_f64(b"nan"), None);
        assert_eq!(parse_f64(b" 1"), None);
    }
}

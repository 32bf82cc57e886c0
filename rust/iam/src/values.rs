//! Typed condition values: numbers, dates (W3C ISO 8601 profiles and epoch
//! seconds), IPv4/IPv6 CIDR blocks, and base64 for `BinaryEquals`.

use std::cmp::Ordering;
use std::net::IpAddr;

/// A number in a `Numeric*` condition: integers compare exactly, anything
/// else as a double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        if let Ok(i) = s.parse::<i128>() {
            return Some(Number::Int(i));
        }
        let f: f64 = s.parse().ok()?;
        f.is_finite().then_some(Number::Float(f))
    }

    pub fn compare(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// An instant, in nanoseconds since the Unix epoch.
pub type Instant = i128;

/// Parses a date condition value: epoch seconds (`1700000000`, `1700000000.5`)
/// or one of the W3C ISO 8601 profiles: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD`, `YYYY-MM-DDThh:mm:ss.sTZD`
/// with TZD `Z` or `±hh:mm`. A date-time without a zone is taken as UTC.
pub fn parse_date(s: &str) -> Option<Instant> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !is_year_only(s) {
        return parse_epoch(s);
    }
    parse_iso8601(s)
}

/// A four-digit value is a year in ISO 8601, not an epoch second.
fn is_year_only(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

fn parse_epoch(s: &str) -> Option<Instant> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let secs: i128 = whole.parse().ok()?;
    let nanos = frac_nanos(frac)?;
    Some(secs * 1_000_000_000 + nanos)
}

fn frac_nanos(frac: &str) -> Option<i128> {
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = frac.chars().take(9).collect();
    if digits.is_empty() {
        return Some(0);
    }
    let n: i128 = digits.parse().ok()?;
    Some(n * 10i128.pow(9 - digits.len() as u32))
}

fn num(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn parse_iso8601(s: &str) -> Option<Instant> {
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year = num(parts.next()?, 4)?;
    let month = parts.next().map(|m| num(m, 2)).unwrap_or(Some(1))?;
    let day = parts.next().map(|d| num(d, 2)).unwrap_or(Some(1))?;
    if parts.next().is_some() || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    let mut nanos = 0i128;
    if let Some(t) = time {
        let (clock, offset) = split_zone(t)?;
        let mut hms = clock.split(':');
        let h = num(hms.next()?, 2)?;
        let m = num(hms.next()?, 2)?;
        let (sec, frac) = match hms.next() {
            Some(sf) => {
                let (sec, frac) = sf.split_once('.').unwrap_or((sf, ""));
                if sf.contains('.') && frac.is_empty() {
                    return None;
                }
                (num(sec, 2)?, frac)
            }
            None => (0, ""),
        };
        if hms.next().is_some() || h > 23 || m > 59 || sec > 60 {
            return None;
        }
        nanos = frac_nanos(frac)?;
        secs += h * 3600 + m * 60 + sec - offset;
    }
    Some(secs as i128 * 1_000_000_000 + nanos)
}

/// Splits `hh:mm:ss.sTZD` into the clock and the zone offset in seconds.
fn split_zone(t: &str) -> Option<(&str, i64)> {
    if let Some(clock) = t.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match t.rfind(['+', '-']) {
        Some(i) => {
            let sign = if t.as_bytes()[i] == b'+' { 1 } else { -1 };
            let (h, m) = t[i + 1..].split_once(':')?;
            let (h, m) = (num(h, 2)?, num(m, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            Some((&t[..i], sign * (h * 3600 + m * 60)))
        }
        None => Some((t, 0)),
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// `2023-11-14T22:13:20Z` for Unix seconds, as `aws:CurrentTime` reads.
pub fn format_iso8601(unix_seconds: i64) -> String {
    let (days, secs) = (unix_seconds.div_euclid(86_400), unix_seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// An IPv4 or IPv6 block; an address without a prefix length is a /32 (/128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    /// Whether the address `ip` (an address, or a block taken at its first address) lies in the block.
    pub fn contains(&self, ip: &str) -> bool {
        let ip = ip.trim();
        let ip = ip.split_once('/').map_or(ip, |(a, _)| a);
        let Ok(ip) = ip.parse::<IpAddr>() else { return false };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix as u32).unwrap_or(0);
                u32::from(net) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix as u32).unwrap_or(0);
                u128::from(net) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// Decodes standard base64 (padding optional).
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn sextet(b: u8) -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let body = s.trim().trim_end_matches('=');
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.as_bytes().chunks(4) {
        let mut acc = 0u32;
        for &b in chunk {
            acc = acc << 6 | sextet(b)?;
        }
        acc <<= 6 * (4 - chunk.len() as u32);
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = 1_000_000_000;

    #[test]
    fn numbers_compare_exactly_as_integers() {
        let big = Number::parse("9007199254740993").unwrap();
        let near = Number::parse("9007199254740992").unwrap();
        assert_eq!(big.compare(near), Some(Ordering::Greater));
        assert_eq!(Number::parse("10").unwrap().compare(Number::parse("10.0").unwrap()), Some(Ordering::Equal));
        assert_eq!(Number::parse("-1.5").unwrap().compare(Number::parse("-2").unwrap()), Some(Ordering::Greater));
        assert!(Number::parse("ten").is_none());
    }

    #[test]
    fn dates_in_every_w3c_profile_and_epoch() {
        assert_eq!(parse_date("2023-11-14T22:13:20Z"), Some(1_700_000_000 * S));
        assert_eq!(parse_date("1700000000"), Some(1_700_000_000 * S));
        assert_eq!(parse_date("2023-11-14T23:13:20+01:00"), Some(1_700_000_000 * S));
        assert_eq!(parse_date("2023-11-14T22:13:20.5Z"), Some(1_700_000_000 * S + S / 2));
        assert_eq!(parse_date("2023-11-14T22:13Z"), Some(1_700_000_000 * S - 20 * S));
        assert_eq!(parse_date("1970"), Some(0));
        assert_eq!(parse_date("1970-02"), Some(31 * 86_400 * S));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800 * S));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2023-13-01"), None);
    }

    #[test]
    fn formats_what_it_parses() {
        for t in [0i64, 951_782_400, 1_700_000_000, 4_102_444_799] {
            assert_eq!(parse_date(&format_iso8601(t)), Some(t as i128 * S));
        }
        assert_eq!(format_iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn cidr_blocks_v4_and_v6() {
        let v4 = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(v4.contains("203.0.113.255"));
        assert!(!v4.contains("203.0.114.0"));
        assert!(Cidr::parse("203.0.113.7").unwrap().contains("203.0.113.7"));
        assert!(!Cidr::parse("203.0.113.7").unwrap().contains("203.0.113.8"));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("8.8.8.8"));
        let v6 = Cidr::parse("2001:DB8:1234:5678::/64").unwrap();
        assert!(v6.contains("2001:db8:1234:5678:ffff::1"));
        assert!(!v6.contains("2001:db8:1234:5679::1"));
        assert!(!v6.contains("203.0.113.1"));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("10.0.0/8").is_none());
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("QmluYXJ5VmFsdWVJbkJhc2U2NA==").unwrap(), b"BinaryValueInBase64");
        assert_eq!(base64_decode("YQ").unwrap(), b"a");
        assert_eq!(base64_decode("").unwrap(), b"");
        assert!(base64_decode("a$==").is_none());
    }
}

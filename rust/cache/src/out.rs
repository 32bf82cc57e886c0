//! Replies, written straight into a connection's output buffer in the
//! protocol version the connection chose (RESP2, or RESP3 after HELLO 3).
//! Writing in place rather than building reply values keeps GET and SET to
//! one copy of the value and no allocation.

/// A connection's output buffer and protocol version.
#[derive(Debug, Default)]
pub struct Out {
    pub buf: Vec<u8>,
    pub resp3: bool,
}

/// A reply error, without the leading '-': the first word is its code
/// ("ERR", "WRONGTYPE", "OOM", "MOVED", ...), as clients expect.
pub type Error = std::borrow::Cow<'static, str>;

impl Out {
    pub fn new(resp3: bool) -> Self {
        Out { buf: Vec::with_capacity(16 << 10), resp3 }
    }

    fn num(&mut self, prefix: u8, n: i64) {
        self.buf.push(prefix);
        self.buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }

    pub fn ok(&mut self) {
        self.buf.extend_from_slice(b"+OK\r\n");
    }

    pub fn simple(&mut self, s: &str) {
        self.buf.push(b'+');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An error reply; line breaks in the message become spaces, since they
    /// would end the reply early.
    pub fn error(&mut self, msg: &str) {
        self.error_bytes(msg.as_bytes());
    }

    /// An error reply quoting client bytes as they are (unknown commands).
    pub fn error_bytes(&mut self, msg: &[u8]) {
        self.buf.push(b'-');
        self.buf.extend(msg.iter().map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }));
        self.buf.extend_from_slice(b"\r\n");
    }

    pub fn int(&mut self, n: i64) {
        self.num(b':', n);
    }

    pub fn bulk(&mut self, b: &[u8]) {
        self.num(b'$', b.len() as i64);
        self.buf.extend_from_slice(b);
        self.buf.extend_from_slice(b"\r\n");
    }

    /// A missing value: `$-1` in RESP2, `_` in RESP3.
    pub fn nil(&mut self) {
        self.buf.extend_from_slice(if self.resp3 { b"_\r\n" } else { b"$-1\r\n" });
    }

    /// A missing array (BLPOP timing out, EXEC aborted by WATCH).
    pub fn nil_array(&mut self) {
        self.buf.extend_from_slice(if self.resp3 { b"_\r\n" } else { b"*-1\r\n" });
    }

    pub fn array(&mut self, n: usize) {
        self.num(b'*', n as i64);
    }

    /// A map of `n` pairs: `%n` in RESP3, a flat array of 2n in RESP2.
    pub fn map(&mut self, n: usize) {
        if self.resp3 { self.num(b'%', n as i64) } else { self.num(b'*', 2 * n as i64) }
    }

    /// An unordered set: `~n` in RESP3, an array in RESP2.
    pub fn set(&mut self, n: usize) {
        self.num(if self.resp3 { b'~' } else { b'*' }, n as i64);
    }

    /// Out-of-band data (pub/sub messages): `>n` in RESP3, an array in RESP2.
    pub fn push(&mut self, n: usize) {
        self.num(if self.resp3 { b'>' } else { b'*' }, n as i64);
    }

    /// A double: `,x` in RESP3, a bulk string in RESP2, formatted as
    /// redis-server formats them.
    pub fn double(&mut self, d: f64) {
        let s = format_double(d);
        if self.resp3 {
            self.buf.push(b',');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.extend_from_slice(b"\r\n");
        } else {
            self.bulk(s.as_bytes());
        }
    }

    pub fn boolean(&mut self, b: bool) {
        if self.resp3 {
            self.buf.extend_from_slice(if b { b"#t\r\n" } else { b"#f\r\n" });
        } else {
            self.int(i64::from(b));
        }
    }

    /// Text for people (INFO, CLUSTER NODES): RESP3 verbatim "txt", else bulk.
    pub fn verbatim(&mut self, text: &str) {
        if self.resp3 {
            self.num(b'=', text.len() as i64 + 4);
            self.buf.extend_from_slice(b"txt:");
            self.buf.extend_from_slice(text.as_bytes());
            self.buf.extend_from_slice(b"\r\n");
        } else {
            self.bulk(text.as_bytes());
        }
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

/// A double as redis-server 7.0 replies it: `%.17g`, with "inf"/"-inf".
pub fn format_double(d: f64) -> String {
    if d.is_infinite() {
        return if d > 0.0 { "inf".into() } else { "-inf".into() };
    }
    format_g(d, 17)
}

/// C's `%.{precision}g`.
pub fn format_g(d: f64, precision: usize) -> String {
    if d == 0.0 {
        return if d.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    if d.is_nan() {
        return "nan".into();
    }
    let sci = format!("{:.*e}", precision - 1, d);
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    if exp < -4 || exp >= precision as i32 {
        let m = trim_zeros(mantissa);
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{d:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

/// A float result of INCRBYFLOAT and HINCRBYFLOAT: the shortest text that
/// reads back as the same double (redis-server's "human friendly" form).
pub fn format_float_human(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e17 {
        return format!("{}", d as i64);
    }
    format!("{d}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_format_like_printf_g17() {
        assert_eq!(format_double(1.5), "1.5");
        assert_eq!(format_double(3.0), "3");
        assert_eq!(format_double(0.1), "0.10000000000000001");
        assert_eq!(format_double(-2.25), "-2.25");
        assert_eq!(format_double(1e20), "1e+20");
        assert_eq!(format_double(123456789.0), "123456789");
        assert_eq!(format_double(1e-5), "1.0000000000000001e-05");
        assert_eq!(format_double(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn resp3_changes_only_the_type_markers() {
        let mut o2 = Out::new(false);
        let mut o3 = Out::new(true);
        for o in [&mut o2, &mut o3] {
            o.map(1);
            o.bulk(b"k");
            o.nil();
            o.boolean(true);
            o.double(2.0);
        }
        assert_eq!(o2.buf, b"*2\r\n$1\r\nk\r\n$-1\r\n:1\r\n$1\r\n2\r\n");
        assert_eq!(o3.buf, b"%1\r\n$1\r\nk\r\n_\r\n#t\r\n,2\r\n");
    }

    #[test]
    fn errors_cannot_break_the_framing() {
        let mut o = Out::new(false);
        o.error("ERR bad\r\nthing");
        assert_eq!(o.buf, b"-ERR bad  thing\r\n");
    }
}

//! Record framing. Every record carries its own magic, length and CRC32C so
//! recovery can tell a torn tail from corruption and never replays garbage.
//!
//! ```text
//! 0   magic      u32 LE   RECORD_MAGIC
//! 4   len        u32 LE   bytes after the crc field (12 + header + body)
//! 8   crc        u32 LE   CRC32C of those bytes
//! 12  lsn        u64 LE
//! 20  header_len u32 LE
//! 24  header, then body
//! ```

pub const RECORD_MAGIC: u32 = 0x314c_434c; // "LCL1" little-endian
pub const PREFIX_LEN: usize = 24;
/// Bytes covered by `len` before the header: lsn + header_len.
const COVERED_FIXED: u32 = 12;

/// The fixed 24-byte prefix of a record.
pub fn encode_prefix(lsn: u64, header: &[u8], body: &[u8]) -> [u8; PREFIX_LEN] {
    let len = COVERED_FIXED as usize + header.len() + body.len();
    let mut p = [0u8; PREFIX_LEN];
    p[0..4].copy_from_slice(&RECORD_MAGIC.to_le_bytes());
    p[4..8].copy_from_slice(&(len as u32).to_le_bytes());
    p[12..20].copy_from_slice(&lsn.to_le_bytes());
    p[20..24].copy_from_slice(&(header.len() as u32).to_le_bytes());
    let mut crc = crc32c::crc32c(&p[12..24]);
    crc = crc32c::crc32c_append(crc, header);
    crc = crc32c::crc32c_append(crc, body);
    p[8..12].copy_from_slice(&crc.to_le_bytes());
    p
}

/// What the fixed prefix says, before the payload is checked.
#[derive(Debug, Clone, Copy)]
pub struct Prefix {
    pub len: u32,
    pub crc: u32,
}

impl Prefix {
    /// Total bytes of the record on disk.
    pub fn record_len(&self) -> u64 {
        12 + self.len as u64
    }
}

pub enum PrefixCheck {
    Ok(Prefix),
    /// Not a record start: wrong magic or an impossible length.
    Bad(&'static str),
}

pub fn check_prefix(p: &[u8], max_record: u64) -> PrefixCheck {
    let magic = u32::from_le_bytes(p[0..4].try_into().unwrap());
    if magic != RECORD_MAGIC {
        return PrefixCheck::Bad("bad record magic");
    }
    let len = u32::from_le_bytes(p[4..8].try_into().unwrap());
    let crc = u32::from_le_bytes(p[8..12].try_into().unwrap());
    if len < COVERED_FIXED || 12 + len as u64 > max_record + PREFIX_LEN as u64 {
        return PrefixCheck::Bad("impossible record length");
    }
    PrefixCheck::Ok(Prefix { len, crc })
}

/// A record whose CRC matched: `covered` is everything after the crc field.
pub struct Decoded<'a> {
    pub lsn: u64,
    pub header: &'a [u8],
    /// Offset of the body within `covered`.
    pub body_start: usize,
    pub body_len: usize,
}

/// Checks the CRC of `covered` (the `len` bytes after the crc field) and splits it.
pub fn decode_covered(prefix: Prefix, covered: &[u8]) -> Option<Decoded<'_>> {
    if crc32c::crc32c(covered) != prefix.crc {
        return None;
    }
    let lsn = u64::from_le_bytes(covered[0..8].try_into().unwrap());
    let hlen = u32::from_le_bytes(covered[8..12].try_into().unwrap()) as usize;
    if 12 + hlen > covered.len() {
        return None;
    }
    Some(Decoded {
        lsn,
        header: &covered[12..12 + hlen],
        body_start: 12 + hlen,
        body_len: covered.len() - 12 - hlen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_payload_round_trip() {
        let p = encode_prefix(42, b"hdr", b"body bytes");
        let PrefixCheck::Ok(prefix) = check_prefix(&p, 1 << 20) else {
            panic!("prefix rejected")
        };
        let mut covered = p[12..].to_vec();
        covered.extend_from_slice(b"hdr");
        covered.extend_from_slice(b"body bytes");
        let d = decode_covered(prefix, &covered).expect("crc matches");
        assert_eq!(d.lsn, 42);
        assert_eq!(d.header, b"hdr");
        assert_eq!(&covered[d.body_start..d.body_start + d.body_len], b"body bytes");
    }

    #[test]
    fn any_flipped_bit_is_detected() {
        let p = encode_prefix(7, b"h", b"0123456789");
        let PrefixCheck::Ok(prefix) = check_prefix(&p, 1 << 20) else {
            panic!()
        };
        let mut covered = p[12..].to_vec();
        covered.extend_from_slice(b"h0123456789");
        for i in 0..covered.len() * 8 {
            let mut c = covered.clone();
            c[i / 8] ^= 1 << (i % 8);
            assert!(decode_covered(prefix, &c).is_none(), "flip of bit {i} went unnoticed");
        }
    }
}

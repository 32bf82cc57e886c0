//! Identifiers minted by the engine. They are minted before an operation is
//! logged and travel in the record, so replay reproduces them exactly.

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_string(len: usize) -> String {
    (0..len)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}

/// A 32-character version id, as S3's are.
pub fn version_id() -> String {
    random_string(32)
}

pub fn upload_id() -> String {
    random_string(64)
}

//! The region a call addresses.

use tonic::Request;

/// The region a client addresses, from the `labcloud-region` metadata.
pub fn region<T>(r: &Request<T>) -> String {
    r.metadata()
        .get("labcloud-region")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

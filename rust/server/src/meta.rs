//! Request metadata labcloud reads, the same for every service.

use tonic::Request;

/// The metadata key naming the region a client addresses (an AWS client picks
/// a regional endpoint; a labcloud client names the region instead).
pub const REGION: &str = "labcloud-region";

/// The region a request addresses; empty if it names none.
pub fn region<T>(r: &Request<T>) -> String {
    r.metadata()
        .get(REGION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

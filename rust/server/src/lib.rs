//! labcloud's gRPC front: thin tonic services over the engines, the standard
//! health and reflection services, an in-process dispatcher that reaches the
//! same adapters without a network, and the `labcloud-node` binary.

pub mod cache;
pub mod dispatch;
pub mod elasticache;
pub mod engines;
mod inflight;
pub mod node;
pub mod proto;
pub mod resp;
pub mod s3;
pub mod status;

pub use dispatch::Dispatcher;
pub use engines::{EngineOptions, Engines};
pub use node::{NodeHandle, start, start_with};
pub use status::AwsError;

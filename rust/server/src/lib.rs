//! labcloud's gRPC front: thin tonic services over the engines, the standard
//! health and reflection services, an in-process dispatcher that reaches the
//! same adapters without a network, and the `labcloud-node` binary.

pub mod cache;
pub mod codec;
pub mod control;
pub mod dispatch;
pub mod elasticache;
pub mod engines;
mod inflight;
pub mod meta;
pub mod node;
pub mod proto;
pub mod kinesis;
pub mod resp;
pub mod s3;
pub mod status;

pub use dispatch::Dispatcher;
pub use control::ControlPlane;
pub use engines::{EngineOptions, Engines};
pub use node::{NodeHandle, NodeOptions, start};
pub use status::AwsError;

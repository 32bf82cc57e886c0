//! Shared machinery for labcloud's storage engines.
//!
//! Every engine partition is a state machine driven by an ordered, checksummed
//! operation log ([`Partition`]). The pieces here are deliberately engine-agnostic:
//! the log stores opaque headers and bodies, the state machine gives them meaning.

mod block_on;
pub mod clock;
pub mod error;
pub mod fs;
pub mod log;
pub mod partition;
pub mod throttle;

mod checkpoint;

pub use block_on::block_on;
pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use error::CoreError;
pub use fs::{DirLock, Fs, FsFile, RealFs};
pub use log::{BodyRef, Cursor, CursorRecord, FsyncPolicy, LogOptions, LogPos};
pub use partition::{Entry, Partition, PartitionStats, Pending, StateMachine};
pub use throttle::TokenBucket;

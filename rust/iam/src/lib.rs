//! labcloud's IAM policy language: the one implementation of AWS's policy
//! grammar and evaluation logic, used by the Rust data plane in the request
//! path and by the Python control plane (through `labcloud._core`).
//!
//! Parse a document once into a [`Policy`]; describe the caller once as a
//! [`Principal`]; per request, build a [`Context`] and a [`Request`] and ask
//! [`authorize`] (the decision alone) or [`evaluate`] (the decision, the
//! statements that applied, and the context keys that were missing).
//!
//! ```
//! use std::sync::Arc;
//! use labcloud_iam::{authorize, Context, Decision, Policies, Policy, PolicyKind, Principal, Request};
//!
//! let read_own_prefix = Arc::new(Policy::parse(
//!     "arn:aws:iam::111122223333:policy/ReadHome",
//!     r#"{"Version": "2012-10-17", "Statement": {
//!          "Effect": "Allow", "Action": "s3:GetObject",
//!          "Resource": "arn:aws:s3:::home/${aws:username}/*",
//!          "Condition": {"Bool": {"aws:SecureTransport": "true"}}}}"#,
//!     PolicyKind::Identity,
//! ).unwrap());
//! let alice = Principal::user("111122223333", "/", "alice", "AIDAEXAMPLEALICE");
//! let identity = [read_own_prefix];
//! let policies = Policies { identity: &identity, ..Policies::default() };
//!
//! let mut ctx = Context::new();
//! ctx.set("aws:SecureTransport", "true").set("aws:SourceIp", "10.1.2.3").set_time(1_700_000_000.0);
//! let req = Request::new(&alice, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", &ctx)
//!     .in_account("111122223333");
//! assert_eq!(authorize(&req, &policies), Decision::Allow);
//!
//! let other = Request::new(&alice, "s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", &ctx);
//! assert_eq!(authorize(&other, &policies), Decision::ImplicitDeny);
//! ```

pub mod condition;
pub mod context;
pub mod error;
pub mod evaluate;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod values;
pub mod variables;

pub use context::{Context, Lookup, Request, Values};
pub use error::PolicyError;
pub use evaluate::{Decision, Detail, Evaluation, MatchedStatement, Policies, PolicyRole, authorize, evaluate};
pub use policy::{Effect, Policy, PolicyKind, Statement, Version};
pub use principal::{Grant, Principal, PrincipalKind};

//! The RESP front of the cache engine: the request codec, the connection
//! loop, and the listeners that serve each cache node on its own port.

pub mod codec;
mod conn;
mod listener;

pub use listener::{RespFront, RespListener};

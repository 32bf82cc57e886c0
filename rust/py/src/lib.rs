//! The native module `labcloud._core`: transports that move serialized
//! protobuf messages between the Python clients and the engines, in-process
//! (`Embedded`) or over gRPC (`Remote`), the gRPC server (`Server`), and the
//! IAM policy language both planes share (`IamPolicy`, `iam_evaluate`).
//! Only `python/labcloud` imports it.

mod body;
mod control;
mod embedded;
mod errors;
mod iam;
mod remote;
mod runtime;
mod server;
mod stream;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<embedded::Embedded>()?;
    m.add_class::<remote::Remote>()?;
    m.add_class::<server::Server>()?;
    m.add_class::<stream::MessageStream>()?;
    errors::register(m)?;
    iam::register(m)?;
    Ok(())
}

//! The module's own tokio runtime, shared by every transport and server.
//! Python threads drive futures with `block_on` while the GIL is released;
//! connection and server tasks run on the runtime's workers.

use std::sync::OnceLock;

use tokio::runtime::Runtime;

pub fn rt() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("labcloud-rt")
            .enable_all()
            .build()
            .expect("cannot start the tokio runtime")
    })
}

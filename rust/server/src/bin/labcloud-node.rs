//! `labcloud-node`: serves the storage engines of one modelled host over gRPC.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use labcloud_core::FsyncPolicy;
use labcloud_server::node::NodeOptions;
use labcloud_server::{EngineOptions, Engines, start};

/// Serve labcloud's storage engines (S3, Kinesis, ...) over gRPC, with the standard
/// grpc.health.v1 and server-reflection services on the same address.
#[derive(Parser)]
#[command(name = "labcloud-node", version)]
struct Args {
    /// Directory holding the engines' data; created if missing, reused on restart.
    #[arg(long)]
    data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one; the chosen address is printed).
    #[arg(long, default_value_t = 50051)]
    port: u16,
    /// When writes reach stable storage: always (before acknowledging),
    /// interval[:MS] (at most MS later, default 100), never (left to the OS).
    #[arg(long, default_value = "always", value_parser = parse_fsync)]
    fsync: FsyncPolicy,
    /// Port of the default cache cluster's RESP endpoint (redis-cli,
    /// redis-py, ...); 0 picks a free one. Further clusters created through
    /// the ElastiCache API get ports of their own.
    #[arg(long, default_value_t = 6379)]
    resp_port: u16,
    /// Do not enforce AWS request-rate limits (measure the raw engines).
    #[arg(long)]
    no_limits: bool,
}

fn parse_fsync(s: &str) -> Result<FsyncPolicy, String> {
    FsyncPolicy::parse(s).ok_or_else(|| format!("{s:?} is not always, interval, interval:<ms> or never"))
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async move {
        let addr: SocketAddr = match format!("{}:{}", args.host, args.port).parse() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("labcloud-node: invalid --host/--port: {e}");
                return std::process::ExitCode::from(2);
            }
        };
        let opts = EngineOptions {
            fsync: args.fsync,
            enforce_limits: !args.no_limits,
            resp_host: args.host.clone(),
            ..Default::default()
        };
        let engines = match Engines::open(&args.data_dir, &opts) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("labcloud-node: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let node = match start(engines, addr, NodeOptions { control: None, resp_port: Some(args.resp_port) }).await {
            Ok(n) => n,
            Err(e) => {
                eprintln!("labcloud-node: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("labcloud-node serving on {} (data: {})", node.addr, args.data_dir.display());
        if let Some(resp) = node.resp_addr {
            println!("cache cluster default: RESP on {resp}");
        }
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        node.stop().await;
        std::process::ExitCode::SUCCESS
    })
}

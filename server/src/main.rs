use clap::Parser;
use server::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::telemetry::init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

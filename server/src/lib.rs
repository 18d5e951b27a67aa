//! Knip's server: configuration, the router, the database, accounts and the
//! command line. `main.rs` only parses the command line and calls in here.

// The app's page types nest deeply once the server renders them.
#![recursion_limit = "256"]

pub mod admin;
pub mod auth;
pub mod care;
pub mod cli;
pub mod config;
pub mod connections;
pub mod db;
pub mod error;
pub mod instruments;
mod json;
pub mod learn;
pub mod memory;
pub mod metrics;
mod middleware;
pub mod openapi;
pub mod push;
pub mod router;
mod routes;
mod state;
mod static_files;
pub mod sync;
pub mod telemetry;

pub use router::build_router;
pub use state::AppState;

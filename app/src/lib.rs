//! Knip's isomorphic part: the Leptos apps, the shared wire types and the
//! plain-Rust domain. Compiled into the server (`ssr`) and the WASM (`hydrate`).

pub mod api;
mod areas;
mod components;
pub mod content;
pub mod domain;
pub mod forms;
pub mod local_state;
mod local_time;
mod pages;
mod player;
pub mod routes;
pub mod session;
#[cfg(feature = "ssr")]
mod shell;
mod text;

#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "hydrate")]
mod local;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use areas::{DailyApp, PublicApp, RecordsApp};
#[cfg(feature = "ssr")]
pub use shell::{CSP_EMPTY_SCRIPT_HASH, shell_daily, shell_public, shell_records};

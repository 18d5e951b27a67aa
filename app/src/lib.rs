//! Knip's isomorphic part: the Leptos app, the shared wire types and the
//! plain-Rust domain. Compiled into the server (`ssr`) and the WASM (`hydrate`).

pub mod api;
mod app;
mod components;
pub mod content;
pub mod domain;
pub mod local_state;
mod local_time;
mod pages;
mod player;
pub mod session;
#[cfg(feature = "ssr")]
mod shell;
mod text;

#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "hydrate")]
mod local;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use app::App;
#[cfg(feature = "ssr")]
pub use shell::{CSP_EMPTY_SCRIPT_HASH, shell};

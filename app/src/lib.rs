//! Knip's isomorphic part: the Leptos apps, the shared wire types and the
//! plain-Rust domain. Compiled into the server (`ssr`) and the WASM (`hydrate`).
//!
//! - `domain/`: plain Rust, no Leptos, no browser, no database; tested on its own.
//! - `features/`: one folder per feature (pages, state, texts).
//! - `shell/`: paths and areas, one app per area, navigation, current user.
//! - `platform/`: the browser-only parts (IndexedDB, sync engine, HTTP, device).
//! - `ui/`: components shared by the features.

// A page's view type, erased for its document (`shell::areas`), nests deeply
// once laid out for the server's async render.
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod features;
pub mod platform;
pub mod routes;
pub mod schema;
pub mod shell;
mod text;
mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use features::account::forms;
pub use shell::areas::{
    CareApp, CareAppProps, DailyApp, DailyAppProps, PublicApp, RecordsApp, RecordsAppProps,
};
pub use shell::current_user as session;
#[cfg(feature = "ssr")]
pub use shell::document::{CSP_EMPTY_SCRIPT_HASH, shell_app, shell_public};

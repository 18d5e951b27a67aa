//! The browser-only parts: the phone's store in IndexedDB and its sync
//! engine, the HTTP client, device APIs, local time, and the signals that
//! mirror the store.

#[cfg(feature = "hydrate")]
pub mod device;
#[cfg(feature = "hydrate")]
pub mod http;
pub mod json;
pub mod local_time;
pub mod mirrors;
#[cfg(feature = "hydrate")]
pub mod offline;
pub mod session_facts;
pub mod sync_state;

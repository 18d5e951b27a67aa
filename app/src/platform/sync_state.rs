//! How syncing goes on this page, and changes the server refused. The
//! features' own data (settings, training) have states of their own; the
//! sync engine (`platform::offline`) fills them all from the phone's store.

use crate::domain::sync::OpBody;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SyncStatus {
    /// Nobody is signed in: everything stays on this device.
    LocalOnly,
    Syncing,
    /// Last successful sync, in milliseconds since the epoch.
    Synced {
        at_ms: f64,
    },
    Offline,
    /// The server answered but did not take the batch (busy, its database
    /// down, or a refusal): the changes wait in the outbox.
    ServerTrouble,
}

/// An op the server refused, shown on the Me page with the reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeadLetter {
    pub op_id: String,
    pub kind: String,
    pub reason: String,
}

#[derive(Clone, Copy)]
pub struct SyncState {
    pub status: RwSignal<SyncStatus>,
    pub dead_letters: RwSignal<Vec<DeadLetter>>,
}

pub fn provide_sync_state() -> SyncState {
    let state = SyncState {
        status: RwSignal::new(SyncStatus::LocalOnly),
        dead_letters: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    state
}

pub fn use_sync_state() -> SyncState {
    expect_context::<SyncState>()
}

/// A new id for something logged on this device (time-ordered UUIDv7).
pub fn new_entry_id() -> uuid::Uuid {
    #[cfg(feature = "hydrate")]
    {
        crate::platform::offline::new_entry_id()
    }
    // Entries are only ever made in the browser.
    #[cfg(not(feature = "hydrate"))]
    {
        uuid::Uuid::nil()
    }
}

/// Stores a change with its op and starts a sync.
#[cfg(feature = "hydrate")]
pub fn record(body: OpBody) {
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record(body).await {
            Ok(()) => crate::platform::offline::kick(),
            Err(e) => leptos::logging::warn!("could not store the change: {e}"),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn record(_: OpBody) {}

/// Stores a change (if any), then opens another page: the page load waits
/// for the write, so leaving the page cannot cut it short.
#[cfg(feature = "hydrate")]
pub fn record_then_open(body: Option<OpBody>, path: &'static str) {
    leptos::task::spawn_local(async move {
        if let Some(body) = body
            && let Err(e) = crate::platform::offline::record(body).await
        {
            leptos::logging::warn!("could not store the change: {e}");
        }
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(path);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn record_then_open(_: Option<OpBody>, _: &'static str) {}

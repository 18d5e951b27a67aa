//! What this device knows beyond the server's pages: the settings kept on the
//! phone, how syncing goes, and changes the server refused. The values live
//! in IndexedDB (see `local`, browser only); these signals mirror them.

use crate::domain::sync::{LoggedSession, OpBody, PrescriptionSet, SetBy, SettingKey};
use crate::domain::training::{Prescription, Programme};
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

/// The on/off settings, with the defaults a new patient gets: sound and
/// vibration on, discreet mode on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub sound: bool,
    pub vibration: bool,
    pub discreet_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            sound: true,
            vibration: true,
            discreet_mode: true,
        }
    }
}

impl Settings {
    pub fn get(&self, key: SettingKey) -> Option<bool> {
        match key {
            SettingKey::Sound => Some(self.sound),
            SettingKey::Vibration => Some(self.vibration),
            SettingKey::DiscreetMode => Some(self.discreet_mode),
            SettingKey::Language | SettingKey::ReducedMotion => None,
        }
    }

    pub fn set(&mut self, key: SettingKey, value: bool) {
        match key {
            SettingKey::Sound => self.sound = value,
            SettingKey::Vibration => self.vibration = value,
            SettingKey::DiscreetMode => self.discreet_mode = value,
            SettingKey::Language | SettingKey::ReducedMotion => {}
        }
    }
}

/// An op the server refused, shown on the Me page with the reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeadLetter {
    pub op_id: String,
    pub kind: String,
    pub reason: String,
}

#[derive(Clone, Copy)]
pub struct LocalState {
    pub status: RwSignal<SyncStatus>,
    pub settings: RwSignal<Settings>,
    pub dead_letters: RwSignal<Vec<DeadLetter>>,
    /// Logged sessions on this device, oldest first.
    pub sessions: RwSignal<Vec<LoggedSession>>,
    /// The programme in force; `None` until one is set (defaults apply).
    pub plan: RwSignal<Option<PrescriptionSet>>,
    /// The device's copy has been read (until then, show no figures).
    pub loaded: RwSignal<bool>,
}

impl LocalState {
    /// The programme in force, or a new patient's defaults.
    pub fn plan_or_default(&self) -> PrescriptionSet {
        self.plan.get().unwrap_or_else(|| PrescriptionSet {
            prescription: Prescription::default(),
            programme: Programme::new(crate::platform::local_time::today()),
            set_by: SetBy::Patient,
        })
    }
}

pub fn provide_local_state() -> LocalState {
    let state = LocalState {
        status: RwSignal::new(SyncStatus::LocalOnly),
        settings: RwSignal::new(Settings::default()),
        dead_letters: RwSignal::new(Vec::new()),
        sessions: RwSignal::new(Vec::new()),
        plan: RwSignal::new(None),
        loaded: RwSignal::new(false),
    };
    provide_context(state);
    state
}

pub fn use_local_state() -> LocalState {
    expect_context::<LocalState>()
}

/// Changes a setting: on the phone at once (store and outbox in one
/// IndexedDB transaction), on the server at the next sync.
pub fn change_setting(key: SettingKey, value: bool) {
    let state = use_local_state();
    state.settings.update(|s| s.set(key, value));
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record_setting(key, serde_json::Value::Bool(value)).await {
            Ok(()) => crate::platform::offline::kick(),
            Err(e) => leptos::logging::warn!("could not store the setting: {e}"),
        }
    });
}

/// Logs a finished or stopped session (again, with the same id, once the
/// patient has said how it felt): shown at once, stored with its op. Takes
/// the state rather than the context: a session stopped by leaving the page
/// is logged while that page is being taken down.
pub fn log_session(state: LocalState, session: LoggedSession) {
    state.sessions.try_update(|all| {
        all.retain(|s| s.id != session.id);
        all.push(session.clone());
        all.sort_by_key(|s| s.started_at);
    });
    let id = session.id;
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record(OpBody::SessionLogged(session)).await {
            Ok(()) => {
                let _ = crate::platform::offline::clear_draft(id).await;
                crate::platform::offline::kick();
            }
            Err(e) => leptos::logging::warn!("could not store the session: {e}"),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, session);
}

/// Saves the session being played after each repetition (no op yet): if the
/// page goes away mid-session, the next start logs it as partial.
pub fn save_session_draft(session: LoggedSession) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Err(e) = crate::platform::offline::save_draft(&session).await {
            leptos::logging::warn!("could not save the session so far: {e}");
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = session;
}

/// Puts a new programme in force on this device and on the server.
pub fn save_plan(state: LocalState, plan: PrescriptionSet) {
    state.plan.try_set(Some(plan.clone()));
    record(OpBody::PrescriptionSet(plan));
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

#[cfg(feature = "hydrate")]
fn record(body: OpBody) {
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record(body).await {
            Ok(()) => crate::platform::offline::kick(),
            Err(e) => leptos::logging::warn!("could not store the change: {e}"),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn record(_: OpBody) {}

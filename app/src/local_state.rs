//! What this device knows beyond the server's pages: the settings kept on the
//! phone, how syncing goes, and changes the server refused. The values live
//! in IndexedDB (see `local`, browser only); these signals mirror them.

use crate::domain::sync::SettingKey;
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
}

pub fn provide_local_state() -> LocalState {
    let state = LocalState {
        status: RwSignal::new(SyncStatus::LocalOnly),
        settings: RwSignal::new(Settings::default()),
        dead_letters: RwSignal::new(Vec::new()),
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
        match crate::local::record_setting(key, serde_json::Value::Bool(value)).await {
            Ok(()) => crate::local::kick(),
            Err(e) => leptos::logging::warn!("could not store the setting: {e}"),
        }
    });
}

//! The on/off settings (sound, vibration, discreet mode): kept on the phone,
//! synced like everything else, shown on the Me page.

mod card;

pub use card::{CueToggles, SettingsCard};

pub use crate::domain::settings::Settings;
use crate::domain::sync::SettingKey;
use leptos::prelude::*;

/// The settings as this page knows them (filled from the phone's store).
#[derive(Clone, Copy)]
pub struct SettingsState(pub RwSignal<Settings>);

pub fn provide_settings() -> SettingsState {
    let state = SettingsState(RwSignal::new(Settings::default()));
    provide_context(state);
    state
}

pub fn use_settings() -> RwSignal<Settings> {
    expect_context::<SettingsState>().0
}

/// Changes a setting: on the phone at once (store and outbox in one
/// IndexedDB transaction), on the server at the next sync.
pub fn change_setting(key: SettingKey, value: bool) {
    use_settings().update(|s| s.set(key, value));
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record_setting(key, serde_json::Value::Bool(value)).await {
            Ok(()) => crate::platform::offline::kick(),
            Err(e) => leptos::logging::warn!("could not store the setting: {e}"),
        }
    });
}

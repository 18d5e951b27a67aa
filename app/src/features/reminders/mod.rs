//! Reminders: the settings on Me (times, weekdays, a quiet period, the
//! reminder's own word, one switch to turn them off) and the in-app
//! reminder shown in the app at those times, for everyone, with or without
//! an account.

mod banner;
mod settings;

pub use banner::ReminderBanner;
pub use settings::ReminderSettings;

use crate::domain::reminders::Reminders;
use crate::domain::sync::SettingKey;
use leptos::prelude::*;

/// The reminder settings on this page (filled from the phone's store).
#[derive(Clone, Copy)]
pub struct RemindersState(pub RwSignal<Reminders>);

pub fn provide_reminders() -> RwSignal<Reminders> {
    let state = RemindersState(RwSignal::new(Reminders::default()));
    provide_context(state);
    state.0
}

pub fn use_reminders() -> RwSignal<Reminders> {
    expect_context::<RemindersState>().0
}

/// Keeps new reminder settings: on the page at once, stored with their op,
/// on the server (and the patient's other phones) at the next sync. The
/// phone's time zone goes with them, for reminders the server sends.
pub fn save_reminders(mut reminders: Reminders) {
    reminders.time_zone = phone_time_zone();
    use_reminders().set(reminders.clone());
    let value = serde_json::to_value(&reminders).unwrap_or(serde_json::Value::Null);
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match crate::platform::offline::record_setting(SettingKey::Reminders, value).await {
            Ok(()) => crate::platform::offline::kick(),
            Err(e) => leptos::logging::warn!("could not store the reminders: {e}"),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (value, SettingKey::Reminders);
}

/// The phone's time zone, such as "Europe/Oslo".
fn phone_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let options = format.resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
            .ok()
            .and_then(|z| z.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// The neutral reminder text in `language`, for the reminders the server
/// pushes (the in-app reminder says the same).
#[cfg(feature = "ssr")]
pub fn default_text(language: crate::domain::Language) -> String {
    use crate::domain::Language;
    use crate::i18n::{Locale, td_string};
    let locale = match language {
        Language::Bokmal => Locale::nb,
        Language::Nynorsk => Locale::nn,
        Language::English => Locale::en,
    };
    td_string!(locale, reminder_default_text).to_string()
}

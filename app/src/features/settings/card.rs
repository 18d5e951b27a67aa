use super::{change_setting, use_settings};
use crate::domain::sync::SettingKey;
use crate::i18n::*;
use crate::text::tr;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The on/off settings, stored on the phone and synced like everything else.
#[component]
pub fn SettingsCard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{tr(i18n, |i| t_string!(i, settings_heading))}</h2>
            <Toggle key=SettingKey::Sound label=|i| t_string!(i, setting_sound) />
            <Toggle key=SettingKey::Vibration label=|i| t_string!(i, setting_vibration) />
            <Toggle
                key=SettingKey::DiscreetMode
                label=|i| t_string!(i, setting_discreet)
                hint=|i| t_string!(i, setting_discreet_hint)
            />
        </section>
    }
}

/// Sound and vibration during sessions, also where a session starts: both
/// off is a silent session, guided by the screen alone.
#[component]
pub fn CueToggles() -> impl IntoView {
    view! {
        <Toggle key=SettingKey::Sound label=|i| t_string!(i, setting_sound) />
        <Toggle key=SettingKey::Vibration label=|i| t_string!(i, setting_vibration) />
    }
}

/// The texts are keys, shown through [`tr`]: they follow a change of
/// language on the page (a `ViewFn` rendered once did not).
#[component]
fn Toggle(
    key: SettingKey,
    label: fn(I18nContext<Locale>) -> &'static str,
    #[prop(optional)] hint: Option<fn(I18nContext<Locale>) -> &'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let settings = use_settings();
    let id = format!("setting-{}", key.as_str());
    let hint_id = format!("{id}-hint");
    let checked = move || settings.with(|s| s.get(key).unwrap_or(false));
    view! {
        <div class="toggle">
            <input
                type="checkbox"
                id=id.clone()
                role="switch"
                prop:checked=checked
                aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                on:change=move |ev| change_setting(key, event_target_checked(&ev))
            />
            <label for=id>{tr(i18n, label)}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{tr(i18n, hint)}</p> })}
        </div>
    }
}

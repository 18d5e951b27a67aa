use crate::i18n::*;
use crate::platform::sync_state::{SyncStatus, use_sync_state};
use crate::text::tr;
use leptos::prelude::*;

/// A calm line saying where the patient's data is: on this phone, synced a
/// while ago, or waiting for the network.
#[component]
pub fn SyncStatusLine() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_state().status;
    // Re-read the clock twice a minute so "synced 2 min ago" stays true.
    let now = RwSignal::new(0.0f64);
    #[cfg(feature = "hydrate")]
    {
        now.set(js_sys::Date::now());
        let interval =
            gloo_timers::callback::Interval::new(30_000, move || now.set(js_sys::Date::now()));
        // Browser callbacks are not `Send`; the wrapper keeps this one on its thread.
        let interval = send_wrapper::SendWrapper::new(interval);
        on_cleanup(move || drop(interval));
    }
    let text = move || match status.get() {
        SyncStatus::LocalOnly => t_string!(i18n, status_local).to_owned(),
        SyncStatus::Syncing => t_string!(i18n, status_syncing).to_owned(),
        SyncStatus::Offline => t_string!(i18n, status_offline).to_owned(),
        SyncStatus::ServerTrouble => t_string!(i18n, status_server_trouble).to_owned(),
        SyncStatus::Synced { at_ms } => {
            let minutes = ((now.get() - at_ms).max(0.0) / 60_000.0) as u32;
            if minutes == 0 {
                t_string!(i18n, status_synced_now).to_owned()
            } else {
                t_string!(i18n, status_synced_minutes, minutes = minutes)
            }
        }
    };
    view! {
        <p class="sync-status" role="status" aria-live="polite" data-testid="sync-status">
            <span class="visually-hidden">{tr(i18n, |i| t_string!(i, status_label))} ": "</span>
            {text}
        </p>
    }
}

/// Changes the server refused, with its reasons; they are not retried.
#[component]
pub fn DeadLetters() -> impl IntoView {
    let i18n = use_i18n();
    let letters = use_sync_state().dead_letters;
    view! {
        <Show when=move || letters.with(|l| !l.is_empty())>
            <section class="card" aria-labelledby="dead-letters-heading">
                <h2 id="dead-letters-heading">{tr(i18n, |i| t_string!(i, dead_letters_heading))}</h2>
                <p>{tr(i18n, |i| t_string!(i, dead_letters_intro))}</p>
                <ul>
                    {move || {
                        letters
                            .get()
                            .into_iter()
                            .map(|letter| view! { <li><code>{letter.kind}</code> ": " {letter.reason}</li> })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}

//! The in-app reminder: at a chosen time, while some of the day's dose is
//! left, a discreet line at the top of the app ("Time for your exercises",
//! or the patient's own word) with a way to start and a way to dismiss.

use super::use_reminders;
use crate::domain::reminders::ClockTime;
use crate::domain::training::adherence;
use crate::i18n::*;
use crate::platform::local_time::{local_hm, now, today};
use crate::platform::mirrors::use_training;
use crate::platform::session_facts::training_facts;
use crate::routes;
use crate::text::tr;
use leptos::prelude::*;

/// Where the dismissed reminder is remembered on this phone
/// (`YYYY-MM-DD HH:MM`).
#[cfg(feature = "hydrate")]
const DISMISSED_KEY: &str = "knip.reminder.dismissed";

fn dismissed_today() -> Option<ClockTime> {
    #[cfg(feature = "hydrate")]
    {
        let stored = web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(DISMISSED_KEY)
            .ok()??;
        let (day, time) = stored.split_once(' ')?;
        (day == today().to_string())
            .then(|| ClockTime::parse(time).ok())
            .flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

fn dismiss(at: ClockTime) {
    #[cfg(feature = "hydrate")]
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(DISMISSED_KEY, &format!("{} {at}", today()));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = at;
}

#[component]
pub fn ReminderBanner() -> impl IntoView {
    let i18n = use_i18n();
    let reminders = use_reminders();
    let training = use_training();
    // Looked at again every 20 seconds and whenever the data changes.
    let tick = RwSignal::new(0u32);
    // In the browser only: the server renders the page once.
    #[cfg(feature = "hydrate")]
    if let Ok(interval) = set_interval_with_handle(
        move || {
            tick.try_update(|t| *t = t.wrapping_add(1));
        },
        std::time::Duration::from_secs(20),
    ) {
        on_cleanup(move || interval.clear());
    }
    let due = move || {
        tick.track();
        if !training.loaded.get() {
            return None;
        }
        let day = today();
        let facts = training.sessions.with(|s| training_facts(s));
        let history = training.dose_history(&facts);
        let left = adherence::day(&facts, day, &history).rounds_left() > 0;
        let (h, m) = local_hm(now());
        let at = ClockTime::from_hm(h, m)?;
        reminders.with(|r| r.due(day.weekday(), at, dismissed_today(), left))
    };
    move || {
        due().map(|at| {
            let word = reminders.with(|r| r.word.clone());
            view! {
                <div class="reminder" role="status" data-testid="reminder">
                    <p>{word.unwrap_or_else(|| t_string!(i18n, reminder_default_text).to_owned())}</p>
                    <div class="actions">
                        <a class="button primary" href=routes::TRAIN>{tr(i18n, |i| t_string!(i, reminder_start))}</a>
                        <button type="button" class="button" on:click=move |_| {
                            dismiss(at);
                            tick.update(|t| *t = t.wrapping_add(1));
                        }>{tr(i18n, |i| t_string!(i, reminder_dismiss))}</button>
                    </div>
                </div>
            }
        })
    }
}

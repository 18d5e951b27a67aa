//! The reminder settings card on Me.

use super::{save_reminders, use_reminders};
use crate::domain::reminders::{ClockTime, MAX_TIMES, MAX_WORD_CHARS, Reminders};
use crate::i18n::*;
use crate::platform::sync_state::{SyncStatus, use_sync_state};
use crate::text::{text, tr};
use leptos::prelude::*;

fn weekday_name(i18n: leptos_i18n::I18nContext<Locale>, day: u8) -> &'static str {
    match day {
        1 => t_string!(i18n, weekday_1),
        2 => t_string!(i18n, weekday_2),
        3 => t_string!(i18n, weekday_3),
        4 => t_string!(i18n, weekday_4),
        5 => t_string!(i18n, weekday_5),
        6 => t_string!(i18n, weekday_6),
        _ => t_string!(i18n, weekday_7),
    }
}

/// The form's fields as typed; checked into [`Reminders`] on saving.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    times: Vec<String>,
    weekdays: Vec<u8>,
    quiet_from: String,
    quiet_to: String,
    word: String,
}

impl Draft {
    fn of(r: &Reminders) -> Self {
        Draft {
            times: r.times.iter().map(ToString::to_string).collect(),
            weekdays: r.weekdays.clone(),
            quiet_from: r.quiet_from.map(|t| t.to_string()).unwrap_or_default(),
            quiet_to: r.quiet_to.map(|t| t.to_string()).unwrap_or_default(),
            word: r.word.clone().unwrap_or_default(),
        }
    }

    fn reminders(&self) -> Result<Reminders, String> {
        let optional = |raw: &str| -> Result<Option<ClockTime>, String> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                ClockTime::parse(raw).map(Some).map_err(|e| e.to_string())
            }
        };
        let times = self
            .times
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| ClockTime::parse(t))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        Reminders {
            on: true,
            times,
            weekdays: self.weekdays.clone(),
            quiet_from: optional(&self.quiet_from)?,
            quiet_to: optional(&self.quiet_to)?,
            word: Some(self.word.clone()),
            time_zone: None,
        }
        .check()
        .map_err(|e| e.to_string())
    }
}

#[component]
pub fn ReminderSettings() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync_state();
    let reminders = use_reminders();
    let draft = RwSignal::new(Draft::of(&reminders.get_untracked()));
    // The stored settings arrive after the first render: show them (a sync
    // that brings the same settings again leaves what is being typed).
    let stored = Memo::new(move |_| reminders.get());
    Effect::new(move |_| draft.set(Draft::of(&stored.get())));
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let on = move || reminders.with(|r| r.on);
    let switch = move |ev: leptos::ev::Event| {
        let turn_on = event_target_checked(&ev);
        let mut next = reminders.get_untracked();
        next.on = turn_on;
        save_reminders(next);
        saved.set(false);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(Draft::reminders) {
            Ok(next) => {
                problem.set(None);
                save_reminders(next);
                saved.set(true);
            }
            Err(_) => {
                problem.set(Some(Problem::Invalid));
                saved.set(false);
            }
        }
    };
    let time_field = move |i: usize| {
        let id = format!("reminder-time-{}", i + 1);
        view! {
            <div class="field reminder-time">
                <label for=id.clone()>{text(move || t_string!(i18n, reminder_time_label, n = i + 1))}</label>
                <div class="stepper">
                    <input id=id type="time" required
                        prop:value=move || draft.with(|d| d.times.get(i).cloned().unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(t) = d.times.get_mut(i) { *t = v }); saved.set(false); } />
                    <button type="button" class="button"
                        disabled=move || draft.with(|d| d.times.len() <= 1)
                        aria-label=text(move || t_string!(i18n, reminder_remove_time, n = i + 1))
                        on:click=move |_| { draft.update(|d| { if d.times.len() > 1 { d.times.remove(i); } }); saved.set(false); }>
                        {tr(i18n, |i| t_string!(i, reminder_remove))}
                    </button>
                </div>
            </div>
        }
    };
    let weekday_box = move |day: u8| {
        let id = format!("reminder-day-{day}");
        view! {
            <div class="choice">
                <input type="checkbox" id=id.clone()
                    prop:checked=move || draft.with(|d| d.weekdays.contains(&day))
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        draft.update(|d| { d.weekdays.retain(|x| *x != day); if checked { d.weekdays.push(day); } });
                        saved.set(false);
                    } />
                <label for=id>{move || weekday_name(i18n, day)}</label>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="reminders-heading">
            <h2 id="reminders-heading">{tr(i18n, |i| t_string!(i, reminders_heading))}</h2>
            <div class="toggle">
                <input type="checkbox" id="reminders-on" role="switch" prop:checked=on
                    aria-describedby="reminders-on-hint" on:change=switch />
                <label for="reminders-on">{tr(i18n, |i| t_string!(i, reminders_on))}</label>
                <p class="field-hint" id="reminders-on-hint">{tr(i18n, |i| t_string!(i, reminders_on_hint))}</p>
            </div>
            // Only a signed-in phone gets notifications while Knip is closed.
            {move || (sync.status.get() == SyncStatus::LocalOnly).then(|| view! {
                <p class="hint" data-testid="reminders-no-account">{tr(i18n, |i| t_string!(i, reminders_no_account))}</p>
            })}
            <Show when=on>
                <form class="stack" on:submit=on_submit novalidate>
                    <fieldset>
                        <legend>{tr(i18n, |i| t_string!(i, reminder_times_legend))}</legend>
                        {move || (0..draft.with(|d| d.times.len())).map(time_field).collect_view()}
                        <button type="button" class="button"
                            disabled=move || draft.with(|d| d.times.len() >= MAX_TIMES)
                            on:click=move |_| { draft.update(|d| if d.times.len() < MAX_TIMES { d.times.push("12:00".into()) }); saved.set(false); }>
                            {tr(i18n, |i| t_string!(i, reminder_add_time))}
                        </button>
                    </fieldset>
                    <fieldset>
                        <legend>{tr(i18n, |i| t_string!(i, reminder_days_legend))}</legend>
                        <div class="weekday-choices">{(1..=7u8).map(weekday_box).collect_view()}</div>
                    </fieldset>
                    <fieldset>
                        <legend>{tr(i18n, |i| t_string!(i, reminder_quiet_legend))}</legend>
                        <p class="hint">{tr(i18n, |i| t_string!(i, reminder_quiet_hint))}</p>
                        <div class="field">
                            <label for="reminder-quiet-from">{tr(i18n, |i| t_string!(i, reminder_quiet_from))}</label>
                            <input id="reminder-quiet-from" type="time"
                                prop:value=move || draft.with(|d| d.quiet_from.clone())
                                on:change=move |ev| { draft.update(|d| d.quiet_from = event_target_value(&ev)); saved.set(false); } />
                        </div>
                        <div class="field">
                            <label for="reminder-quiet-to">{tr(i18n, |i| t_string!(i, reminder_quiet_to))}</label>
                            <input id="reminder-quiet-to" type="time"
                                prop:value=move || draft.with(|d| d.quiet_to.clone())
                                on:change=move |ev| { draft.update(|d| d.quiet_to = event_target_value(&ev)); saved.set(false); } />
                        </div>
                    </fieldset>
                    <div class="field">
                        <label for="reminder-word">{tr(i18n, |i| t_string!(i, reminder_word))}</label>
                        <input id="reminder-word" type="text" maxlength=MAX_WORD_CHARS.to_string()
                            aria-describedby="reminder-word-hint"
                            prop:value=move || draft.with(|d| d.word.clone())
                            on:input=move |ev| { draft.update(|d| d.word = event_target_value(&ev)); saved.set(false); } />
                        <p class="field-hint" id="reminder-word-hint">{tr(i18n, |i| t_string!(i, reminder_word_hint))}</p>
                    </div>
                    <p class="form-error" role="alert">
                        {move || problem.get().map(|_| t_string!(i18n, reminder_error))}
                    </p>
                    <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, reminder_save))}</button>
                    <p class="hint" aria-live="polite">{move || saved.get().then(|| t_string!(i18n, reminder_saved))}</p>
                </form>
            </Show>
            // Filled by /push.js (plain JS) for a signed-in patient whose
            // browser can take notifications; its texts are data attributes
            // that follow the language (push.js says them again on a change).
            <div class="push-control" id="push-control" hidden
                data-on=tr(i18n, |i| t_string!(i, push_turn_on))
                data-off=tr(i18n, |i| t_string!(i, push_turn_off))
                data-active=tr(i18n, |i| t_string!(i, push_active))
                data-denied=tr(i18n, |i| t_string!(i, push_denied))
                data-failed=tr(i18n, |i| t_string!(i, push_failed))>
                <h3>{tr(i18n, |i| t_string!(i, push_heading))}</h3>
                <p class="hint">{tr(i18n, |i| t_string!(i, push_hint))}</p>
                <button type="button" class="button">{t_string!(i18n, push_turn_on)}</button>
                <p class="hint" role="status"></p>
            </div>
            <script src="/push.js" defer></script>
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Problem {
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_turns_into_checked_settings_or_names_the_rule() {
        let mut d = Draft::of(&Reminders::default());
        d.times = vec!["20:00".into(), "".into(), "07:30".into()];
        d.word = "  ".into();
        let r = d.reminders().unwrap();
        assert!(r.on);
        assert_eq!(r.times.len(), 2);
        assert_eq!(r.times[0].to_string(), "07:30");
        assert_eq!(r.word, None);
        d.quiet_from = "22:00".into();
        assert!(
            d.reminders()
                .unwrap_err()
                .contains("both a start and an end")
        );
        d.quiet_to = "25:00".into();
        assert!(d.reminders().unwrap_err().contains("HH:MM"));
        d.quiet_to = "07:00".into();
        d.weekdays.clear();
        assert!(d.reminders().unwrap_err().contains("at least one"));
    }
}

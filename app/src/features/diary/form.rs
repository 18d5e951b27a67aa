//! The day's entry: four counts with steppers, pain on the 0–10 scale and a
//! note, each optional; picking a day that has an entry edits it.

use super::state::{DiaryState, save_entry};
use crate::domain::diary::{MAX_DAILY_COUNT, MAX_NOTE_CHARS, oldest_day};
use crate::domain::sync::{DiaryEntry, parse_day};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::sync_state::new_entry_id;
use crate::text::{text, tr};
use crate::ui::RatingScale;
use leptos::prelude::*;
use uuid::Uuid;

/// The form's fields as typed (counts stay text until saved).
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    leakage: String,
    pads: String,
    urgency: String,
    pain: Option<u8>,
    note: String,
}

impl Draft {
    fn of(entry: &DiaryEntry) -> Self {
        let count = |c: Option<u16>| c.map(|c| c.to_string()).unwrap_or_default();
        Draft {
            leakage: count(entry.leakage_episodes),
            pads: count(entry.pads),
            urgency: count(entry.urgency_episodes),
            pain: entry.pain_nrs,
            note: entry.note.clone().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Problem {
    Count,
    Day,
    Empty,
}

fn count(raw: &str) -> Result<Option<u16>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u16>() {
        Ok(n) if n <= MAX_DAILY_COUNT => Ok(Some(n)),
        _ => Err(Problem::Count),
    }
}

fn entry(id: Uuid, date: &str, draft: &Draft) -> Result<DiaryEntry, Problem> {
    match parse_day(date) {
        Some(day) if day <= today() && day >= oldest_day(today()) => {}
        _ => return Err(Problem::Day),
    }
    let note = draft.note.trim();
    let entry = DiaryEntry {
        id,
        date: date.to_owned(),
        leakage_episodes: count(&draft.leakage)?,
        pads: count(&draft.pads)?,
        urgency_episodes: count(&draft.urgency)?,
        pain_nrs: draft.pain,
        note: (!note.is_empty()).then(|| note.chars().take(MAX_NOTE_CHARS).collect()),
    };
    let empty = entry.leakage_episodes.is_none()
        && entry.pads.is_none()
        && entry.urgency_episodes.is_none()
        && entry.pain_nrs.is_none()
        && entry.note.is_none();
    if empty {
        Err(Problem::Empty)
    } else {
        Ok(entry)
    }
}

#[component]
pub fn EntryForm(state: DiaryState, date: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(Draft::default());
    let editing = RwSignal::new(None::<Uuid>);
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let pain = RwSignal::new(None::<u8>);
    // Picking a day shows what is kept for it (an edit), or a blank form.
    Effect::new(move |_| {
        let day = date.get();
        let existing = state.on(&day);
        editing.set(existing.as_ref().map(|e| e.id));
        let kept = existing.as_ref().map(Draft::of).unwrap_or_default();
        pain.set(kept.pain);
        draft.set(kept);
        problem.set(None);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let id = editing.get_untracked().unwrap_or_else(new_entry_id);
        let mut typed = draft.get_untracked();
        typed.pain = pain.get_untracked();
        match entry(id, &date.get_untracked(), &typed) {
            Ok(entry) => {
                problem.set(None);
                editing.set(Some(entry.id));
                save_entry(state, entry);
                saved.set(true);
            }
            Err(p) => problem.set(Some(p)),
        }
    };
    let field = |id: &'static str,
                 label: fn(leptos_i18n::I18nContext<Locale>) -> &'static str,
                 get: fn(&Draft) -> &String,
                 put: fn(&mut Draft) -> &mut String| {
        let step = move |by: i32| {
            draft.update(|d| {
                let now = get(d).trim().parse::<i32>().unwrap_or(0);
                let next = (now + by).clamp(0, i32::from(MAX_DAILY_COUNT));
                *put(d) = next.to_string();
            });
            saved.set(false);
        };
        view! {
            <div class="field count-field">
                <label for=id>{tr(i18n, label)}</label>
                <div class="stepper">
                    <button type="button" class="button" on:click=move |_| step(-1)
                        aria-label=text(move || format!("{} −1", label(i18n)))>"−"</button>
                    <input id=id type="number" inputmode="numeric" min="0" max=MAX_DAILY_COUNT.to_string()
                        prop:value=move || draft.with(|d| get(d).clone())
                        on:input=move |ev| { draft.update(|d| *put(d) = event_target_value(&ev)); saved.set(false); } />
                    <button type="button" class="button" on:click=move |_| step(1)
                        aria-label=text(move || format!("{} +1", label(i18n)))>"+"</button>
                </div>
            </div>
        }
    };
    let max_day = move || today().to_string();
    let min_day = move || oldest_day(today()).to_string();
    view! {
        <form class="card stack" on:submit=on_submit novalidate aria-labelledby="diary-form-heading">
            <h2 id="diary-form-heading">
                {text(move || if editing.get().is_some() {
                    t_string!(i18n, diary_edit_heading).to_owned()
                } else {
                    t_string!(i18n, diary_new_heading).to_owned()
                })}
            </h2>
            <div class="field">
                <label for="diary-date">{tr(i18n, |i| t_string!(i, diary_date))}</label>
                <input id="diary-date" type="date" max=max_day min=min_day
                    prop:value=move || date.get()
                    on:change=move |ev| date.set(event_target_value(&ev)) />
            </div>
            {field("diary-leakage", |i| t_string!(i, diary_leakage), |d| &d.leakage, |d| &mut d.leakage)}
            {field("diary-pads", |i| t_string!(i, diary_pads), |d| &d.pads, |d| &mut d.pads)}
            {field("diary-urgency", |i| t_string!(i, diary_urgency), |d| &d.urgency, |d| &mut d.urgency)}
            <RatingScale name="pain" value=pain
                legend=Signal::derive(move || t_string!(i18n, diary_pain_legend).to_owned())
                hint=Signal::derive(move || t_string!(i18n, diary_pain_hint).to_owned())
                none_label=Some(Signal::derive(move || t_string!(i18n, diary_pain_none).to_owned())) />
            <div class="field">
                <label for="diary-note">{tr(i18n, |i| t_string!(i, diary_note))}</label>
                <textarea id="diary-note" rows="3" maxlength=MAX_NOTE_CHARS.to_string()
                    prop:value=move || draft.with(|d| d.note.clone())
                    on:input=move |ev| { draft.update(|d| d.note = event_target_value(&ev)); saved.set(false); }></textarea>
            </div>
            <p class="form-error" role="alert">
                {move || problem.get().map(|p| match p {
                    Problem::Count => t_string!(i18n, diary_error_count),
                    Problem::Day => t_string!(i18n, diary_error_day),
                    Problem::Empty => t_string!(i18n, diary_error_empty),
                })}
            </p>
            <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, diary_save))}</button>
            <p class="hint" aria-live="polite">
                {move || saved.get().then(|| t_string!(i18n, diary_saved))}
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(leakage: &str) -> Draft {
        Draft {
            leakage: leakage.into(),
            ..Draft::default()
        }
    }

    #[test]
    fn counts_are_whole_numbers_from_0_to_100_or_blank() {
        assert_eq!(count(" 3 "), Ok(Some(3)));
        assert_eq!(count(""), Ok(None));
        for bad in ["-1", "101", "2.5", "two"] {
            assert_eq!(count(bad), Err(Problem::Count), "{bad}");
        }
    }

    #[test]
    fn an_entry_needs_a_day_up_to_today_and_something_in_it() {
        let id = Uuid::nil();
        let today = today().to_string();
        assert!(entry(id, &today, &draft("2")).is_ok());
        assert_eq!(entry(id, &today, &draft("")), Err(Problem::Empty));
        let tomorrow = (crate::platform::local_time::today() + time::Duration::days(1)).to_string();
        assert_eq!(entry(id, &tomorrow, &draft("2")), Err(Problem::Day));
        assert_eq!(entry(id, "2026-02-30", &draft("2")), Err(Problem::Day));
        let blank_note = Draft {
            note: "   ".into(),
            pain: Some(0),
            ..Draft::default()
        };
        assert_eq!(entry(id, &today, &blank_note).map(|e| e.note), Ok(None));
    }
}

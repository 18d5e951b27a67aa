//! The symptom diary (records area): a day's entry made in seconds, the
//! last weeks' entries to edit or delete, the signs that call for help, and
//! the chart on Progress.

mod chart;
mod form;
pub mod state;

pub use chart::DiaryChart;

use crate::domain::Language;
use crate::domain::diary::{self, Warning};
use crate::domain::sync::DiaryEntry;
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::mirrors::use_training;
use crate::routes;
use crate::text::{text, tr};
use form::EntryForm;
use leptos::either::Either;
use leptos::prelude::*;
use state::{DiaryState, delete_entry, use_diary};
use time::Duration;

/// Entries listed for editing: the last four weeks.
const LISTED_DAYS: i64 = 28;

#[component]
pub fn DiaryPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_diary();
    let loaded = use_training().loaded;
    let date = RwSignal::new(today().to_string());
    view! {
        <h1>{tr(i18n, |i| t_string!(i, diary_heading))}</h1>
        <p>{tr(i18n, |i| t_string!(i, diary_intro))}</p>
        <Show when=move || loaded.get() fallback=move || view! { <p>{tr(i18n, |i| t_string!(i, loading))}</p> }>
            <DiaryWarnings state />
            <EntryForm state date />
            <RecentEntries state date />
        </Show>
    }
}

/// The "when to get help" advice, when the diary shows a reason for it.
#[component]
pub fn DiaryWarnings(state: DiaryState) -> impl IntoView {
    let i18n = use_i18n();
    let warnings = move || diary::warnings(&state.days(), today());
    move || {
        let found = warnings();
        (!found.is_empty()).then(|| {
            view! {
                <section class="card notice" role="status" aria-labelledby="diary-warning-heading">
                    <h2 id="diary-warning-heading">{tr(i18n, |i| t_string!(i, diary_warning_heading))}</h2>
                    {found.into_iter().map(|w| view! {
                        <p>{match w {
                            Warning::PainPeak { pain } => t_string!(i18n, diary_warning_pain, pain = pain),
                            Warning::LeakageRising { before, now } => {
                                let lang = Language::from(i18n.get_locale());
                                t_string!(i18n, diary_warning_leakage,
                                    before = lang.decimal(before), now = lang.decimal(now))
                            }
                        }}</p>
                    }).collect_view()}
                    // Said kindly, and said to be our rule (see `domain::diary::warnings`).
                    <p class="hint">{t_string!(i18n, diary_warning_rule, pain = crate::domain::diary::SEVERE_PAIN)}</p>
                    <a class="button" href=routes::HELP>{tr(i18n, |i| t_string!(i, diary_warning_link))}</a>
                </section>
            }
        })
    }
}

fn summary(i18n: leptos_i18n::I18nContext<Locale>, e: &DiaryEntry) -> String {
    let mut parts = Vec::new();
    if let Some(n) = e.leakage_episodes {
        parts.push(format!("{}: {n}", t_string!(i18n, diary_leakage_short)));
    }
    if let Some(n) = e.pads {
        parts.push(format!("{}: {n}", t_string!(i18n, diary_pads_short)));
    }
    if let Some(n) = e.urgency_episodes {
        parts.push(format!("{}: {n}", t_string!(i18n, diary_urgency_short)));
    }
    if let Some(n) = e.pain_nrs {
        parts.push(format!("{}: {n}/10", t_string!(i18n, diary_pain_short)));
    }
    parts.join(" · ")
}

#[component]
fn RecentEntries(state: DiaryState, date: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(None::<uuid::Uuid>);
    let recent = move || {
        let since = (today() - Duration::days(LISTED_DAYS)).to_string();
        state.entries.with(|all| {
            let mut recent: Vec<DiaryEntry> =
                all.iter().filter(|e| e.date >= since).cloned().collect();
            recent.sort_by(|a, b| b.date.cmp(&a.date));
            recent
        })
    };
    view! {
        <section class="card" aria-labelledby="diary-recent-heading">
            <h2 id="diary-recent-heading">{tr(i18n, |i| t_string!(i, diary_recent_heading))}</h2>
            {move || {
                let entries = recent();
                if entries.is_empty() {
                    return Either::Left(view! { <p>{tr(i18n, |i| t_string!(i, diary_none))}</p> });
                }
                Either::Right(view! {
                    <ul class="diary-list">
                        {entries.into_iter().map(|e| {
                            let id = e.id;
                            let day = e.date.clone();
                            let shown = diary::entry_date(&e)
                                .map(|d| Language::from(i18n.get_locale()).date(d))
                                .unwrap_or_else(|| e.date.clone());
                            let line = summary(i18n, &e);
                            let note = e.note.clone();
                            view! {
                                <li>
                                    <p><strong>{shown.clone()}</strong>" "{line}</p>
                                    {note.map(|n| view! { <p class="hint diary-note">{n}</p> })}
                                    <div class="actions">
                                        <button type="button" class="button"
                                            aria-label=text({ let shown = shown.clone(); move || format!("{} {shown}", t_string!(i18n, diary_edit)) })
                                            on:click=move |_| {
                                                date.set(day.clone());
                                                focus_form();
                                            }>
                                            {tr(i18n, |i| t_string!(i, diary_edit))}
                                        </button>
                                        <Show when=move || confirming.get() == Some(id) fallback=move || {
                                            let shown = shown.clone();
                                            view! {
                                                <button type="button" class="button"
                                                    aria-label=text(move || format!("{} {shown}", t_string!(i18n, diary_delete)))
                                                    on:click=move |_| confirming.set(Some(id))>
                                                    {tr(i18n, |i| t_string!(i, diary_delete))}
                                                </button>
                                            }
                                        }>
                                            <span role="alert">{tr(i18n, |i| t_string!(i, diary_delete_confirm))}</span>
                                            <button type="button" class="button danger" on:click=move |_| {
                                                confirming.set(None);
                                                delete_entry(state, id);
                                            }>{tr(i18n, |i| t_string!(i, diary_delete_yes))}</button>
                                            <button type="button" class="button" on:click=move |_| confirming.set(None)>
                                                {tr(i18n, |i| t_string!(i, diary_delete_no))}
                                            </button>
                                        </Show>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}

/// Moves focus to the form's heading after "Edit", so a screen reader
/// hears where it went.
fn focus_form() {
    #[cfg(feature = "hydrate")]
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("diary-date"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = input.focus();
    }
}

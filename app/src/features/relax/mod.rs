//! Relax: a relaxation timer in the daily loop. The time is played by the
//! training's session player (drift-free, screen kept awake, a soft chime at
//! the end) and logged as a `session.logged` of kind `relaxation`.

pub mod guided;
mod summary;

pub use summary::RelaxSummary;

use crate::domain::Language;
use crate::domain::relax::{BreathRhythm, BreathSecs, GuidedSequence, RelaxMinutes};
use crate::domain::sync::{LoggedSession, SessionKind};
use crate::domain::training::SessionPlan;
use crate::features::settings::CueToggles;
use crate::features::training::player::{Ended, SessionPlayer};
use crate::features::training::state::{log_session, use_training};
use crate::i18n::*;
use crate::platform::sync_state::new_entry_id;
use crate::shell::navigation::{Section, SectionName};
use crate::text::{text, tr};
use leptos::either::EitherOf3;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Ready,
    Running {
        plan: SessionPlan,
        minutes: RelaxMinutes,
        /// Say each step in the live region (a screen reader reads it).
        speak: bool,
    },
    Done {
        minutes: u16,
        completed: bool,
    },
}

#[component]
pub fn RelaxPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = crate::features::pathway::state::use_pathway();
    let stage = RwSignal::new(Stage::Ready);
    let chosen = RwSignal::new(RelaxMinutes::DEFAULT);
    let rhythm = RwSignal::new(BreathRhythm::default());
    let breath_minutes = RwSignal::new(RelaxMinutes::parse(5).unwrap_or_default());
    let speak = RwSignal::new(true);
    let announce = RwSignal::new(String::new());
    // Where the player's words go when the patient turned them off.
    let unspoken = RwSignal::new(String::new());
    let read_aloud = RwSignal::new(false);
    // Guided steps read aloud by the browser's speech, in the page's language.
    Effect::new(move |_| {
        let said = announce.get();
        let reading =
            matches!(stage.get_untracked(), Stage::Running { .. }) && read_aloud.get_untracked();
        if reading && !said.is_empty() {
            speak_aloud(&said, i18n.get_locale_untracked().as_str());
        }
    });

    let on_end = Callback::new(move |ended: Ended| {
        let Some(Stage::Running { minutes, .. }) = stage.try_get_untracked() else {
            return;
        };
        let relaxed_ms = (ended.ended_ms - ended.started_ms).max(0.0);
        let relaxed = (relaxed_ms / 60_000.0).floor() as u16;
        if relaxed == 0 && !ended.completed {
            // Stopped within the first minute: nothing to keep.
            stage.try_set(Stage::Ready);
            return;
        }
        let started_at = crate::platform::session_facts::from_epoch_ms(ended.started_ms);
        let ended_at = crate::platform::session_facts::from_epoch_ms(ended.ended_ms);
        log_session(
            state,
            LoggedSession {
                id: new_entry_id(),
                kind: SessionKind::Relaxation,
                started_at,
                ended_at,
                planned_reps: 0,
                done_reps: 0,
                planned_rounds: 0,
                done_rounds: 0,
                prescription: None,
                feedback: None,
                problems: Vec::new(),
                pain: false,
                planned_minutes: Some(minutes),
            },
        );
        let minutes = if ended.completed {
            minutes.get()
        } else {
            relaxed
        };
        stage.try_set(Stage::Done {
            minutes,
            completed: ended.completed,
        });
    });
    let on_progress = Callback::new(|_| {});

    view! {
        <h1><SectionName section=Section::Relax /></h1>
        <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || announce.get()}
        </p>
        {move || match stage.get() {
            Stage::Ready => EitherOf3::A(view! {
                <section class="card" aria-labelledby="relax-heading">
                    <h2 id="relax-heading">{tr(i18n, |i| t_string!(i, relax_start))}</h2>
                    <p>{tr(i18n, |i| t_string!(i, relax_intro))}</p>
                    <MinutesSelect id="relax-minutes" value=chosen />
                    <CueToggles />
                    <button
                        type="button"
                        class="button primary big"
                        on:click=move |_| {
                            let minutes = chosen.get_untracked();
                            stage.set(Stage::Running { plan: SessionPlan::relaxation(minutes), minutes, speak: true });
                        }
                    >
                        {tr(i18n, |i| t_string!(i, relax_start))}
                    </button>
                </section>
                <section class="card" aria-labelledby="breathing-heading">
                    <h2 id="breathing-heading">{tr(i18n, |i| t_string!(i, breathing_heading))}</h2>
                    <p>{tr(i18n, |i| t_string!(i, breathing_intro))}</p>
                    <SecondsSelect id="breathe-in" label=tr(i18n, |i| t_string!(i, breathing_in_secs))
                        value=Signal::derive(move || rhythm.get().breathe_in.get())
                        set=Callback::new(move |s| rhythm.update(|r| r.breathe_in = s)) />
                    <SecondsSelect id="breathe-out" label=tr(i18n, |i| t_string!(i, breathing_out_secs))
                        value=Signal::derive(move || rhythm.get().breathe_out.get())
                        set=Callback::new(move |s| rhythm.update(|r| r.breathe_out = s)) />
                    <MinutesSelect id="breathing-minutes" value=breath_minutes />
                    <div class="choice">
                        <input type="checkbox" id="breathing-speak" prop:checked=move || speak.get()
                            on:change=move |ev| speak.set(event_target_checked(&ev)) />
                        <label for="breathing-speak">{tr(i18n, |i| t_string!(i, breathing_speak))}</label>
                    </div>
                    <button type="button" class="button primary" on:click=move |_| {
                        read_aloud.set(false);
                        let minutes = breath_minutes.get_untracked();
                        let plan = SessionPlan::breathing(rhythm.get_untracked(), minutes);
                        stage.set(Stage::Running { plan, minutes, speak: speak.get_untracked() });
                    }>
                        {tr(i18n, |i| t_string!(i, breathing_start))}
                    </button>
                </section>
                <section class="card" aria-labelledby="guided-heading">
                    <h2 id="guided-heading">{tr(i18n, |i| t_string!(i, guided_heading))}</h2>
                    <p>{tr(i18n, |i| t_string!(i, guided_intro))}</p>
                    <div class="choice">
                        <input type="checkbox" id="guided-aloud" prop:checked=move || read_aloud.get()
                            on:change=move |ev| read_aloud.set(event_target_checked(&ev)) />
                        <label for="guided-aloud">{tr(i18n, |i| t_string!(i, guided_read_aloud))}</label>
                    </div>
                    <div class="actions">
                        // Urge control is for bladder training (`domain::pathway`).
                        {GuidedSequence::ALL.into_iter()
                            .filter(move |s| *s != GuidedSequence::UrgeControl || pathway.pathway().bladder_training())
                            .map(|sequence| view! {
                            <button type="button" class="button" on:click=move |_| {
                                let minutes = RelaxMinutes::parse(i64::from(sequence.minutes())).unwrap_or_default();
                                stage.set(Stage::Running { plan: SessionPlan::guided(sequence), minutes, speak: true });
                            }>
                                {text(move || format!("{} ({} min)", guided::title(Language::from(i18n.get_locale()), sequence), sequence.minutes()))}
                            </button>
                        }).collect_view()}
                    </div>
                </section>
            }),
            Stage::Running { plan, speak, .. } => {
                let announce = if speak { announce } else { unspoken };
                EitherOf3::B(view! { <SessionPlayer plan on_progress on_end announce /> })
            }
            Stage::Done { minutes, completed } => {
                let said = match (completed, minutes) {
                    (true, 1) => t_string!(i18n, relax_done_one).to_owned(),
                    (true, _) => t_string!(i18n, relax_done, minutes = minutes),
                    (false, 1) => t_string!(i18n, relax_stopped_one).to_owned(),
                    (false, _) => t_string!(i18n, relax_stopped, minutes = minutes),
                };
                announce.set(said.clone());
                EitherOf3::C(view! {
                    <section class="card" aria-labelledby="relax-done-heading">
                        <h2 id="relax-done-heading">{said}</h2>
                        <button type="button" class="button" on:click=move |_| stage.set(Stage::Ready)>
                            {text(move || t_string!(i18n, relax_again).to_owned())}
                        </button>
                    </section>
                })
            }
        }}
    }
}

/// A choice of minutes (5–45) for a session.
#[component]
fn MinutesSelect(id: &'static str, value: RwSignal<RelaxMinutes>) -> impl IntoView {
    let i18n = use_i18n();
    let choices = RelaxMinutes::CHOICES.map(i64::from);
    view! {
        <NumberSelect id label=tr(i18n, |i| t_string!(i, relax_minutes)) choices=choices.to_vec()
            value=Signal::derive(move || i64::from(value.get().get()))
            set=Callback::new(move |m| if let Ok(m) = RelaxMinutes::parse(m) { value.set(m) }) />
    }
}

/// A choice of 2–10 seconds for one half of a breath.
#[component]
fn SecondsSelect(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    value: Signal<u8>,
    set: Callback<BreathSecs>,
) -> impl IntoView {
    let choices = BreathSecs::CHOICES.map(i64::from);
    view! {
        <NumberSelect id label choices=choices.to_vec()
            value=Signal::derive(move || i64::from(value.get()))
            set=Callback::new(move |s| if let Ok(s) = BreathSecs::parse(s) { set.run(s) }) />
    }
}

/// A labelled choice among numbers; `set` gets the number picked (the
/// caller parses it into its domain type).
#[component]
fn NumberSelect(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    choices: Vec<i64>,
    value: Signal<i64>,
    set: Callback<i64>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse::<i64>() {
                    set.run(n);
                }
            }>
                {choices
                    .into_iter()
                    .map(|n| view! { <option value=n.to_string() selected=move || value.get() == n>{n}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Reads `words` aloud with the browser's speech synthesis, if it has one.
#[cfg(feature = "hydrate")]
fn speak_aloud(words: &str, lang: &str) {
    let Some(speech) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(words) {
        utterance.set_lang(lang);
        utterance.set_rate(0.9);
        speech.cancel();
        speech.speak(&utterance);
    }
}

#[cfg(not(feature = "hydrate"))]
fn speak_aloud(_: &str, _: &str) {}

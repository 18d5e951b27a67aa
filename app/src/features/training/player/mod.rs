//! The guided session player: a ring that fills and empties with each
//! squeeze, the count, and cues by sound, vibration and screen-reader text.
//! The step on screen is always computed from monotonic time, never counted
//! from timer ticks.

#[cfg(feature = "hydrate")]
mod cues;
mod labels;
mod ring;
#[cfg(feature = "hydrate")]
mod runtime;

pub use labels::step_label;

use crate::domain::training::plan::{Done, Moment};
use crate::domain::training::{SessionPlan, StepKind};
use crate::i18n::*;
use crate::text::{text, tr};
use leptos::prelude::*;
use ring::Ring;

/// Seconds of "get ready" before the first squeeze.
pub const LEAD_IN_MS: u64 = 3_000;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ended {
    pub done: Done,
    /// All steps played (not stopped early).
    pub completed: bool,
    /// Wall-clock milliseconds since the epoch at the start and the end.
    pub started_ms: f64,
    pub ended_ms: f64,
}

/// What the player shows, in signals the view reads.
#[derive(Clone, Copy)]
pub(crate) struct PlayerSignals {
    pub elapsed: RwSignal<u64>,
    pub lead_in_left: RwSignal<Option<u64>>,
    pub paused: RwSignal<bool>,
}

#[component]
pub fn SessionPlayer(
    plan: SessionPlan,
    /// Maintenance: each squeeze as hard as possible.
    #[prop(optional)]
    maximal: bool,
    /// After each repetition: what is done so far.
    on_progress: Callback<Done>,
    on_end: Callback<Ended>,
    /// The page's live region: each step is said there, once.
    announce: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let signals = PlayerSignals {
        elapsed: RwSignal::new(0),
        lead_in_left: RwSignal::new(Some(LEAD_IN_MS)),
        paused: RwSignal::new(false),
    };
    let plan = StoredValue::new(plan);
    let moment = Memo::new(move |_| plan.with_value(|p| p.position(signals.elapsed.get())));
    let done = Memo::new(move |_| plan.with_value(|p| p.done_at(signals.elapsed.get())));
    Effect::new(move |_| {
        let done = done.get();
        if done.reps > 0 {
            on_progress.run(done);
        }
    });
    let step_index = Memo::new(move |_| match moment.get() {
        Moment::At { index, .. } => Some(index),
        Moment::Finished => None,
    });

    #[cfg(feature = "hydrate")]
    let controls = runtime::start(plan.get_value(), signals, on_end, step_index);
    #[cfg(not(feature = "hydrate"))]
    let controls = {
        let _ = on_end;
        Controls::default()
    };

    let current = move || match moment.get() {
        Moment::At {
            step, remaining_ms, ..
        } => Some((step, remaining_ms)),
        Moment::Finished => None,
    };
    let next = move || {
        let index = step_index.get()?;
        plan.with_value(|p| p.steps().get(index + 1).copied())
    };
    let fill = Signal::derive(move || {
        if signals.lead_in_left.get().is_some() {
            return 0.0;
        }
        match current() {
            Some((step, remaining)) => ring::fill(step.kind, step.duration_ms, remaining),
            None => 0.0,
        }
    });
    let seconds_left = move || {
        if let Some(lead) = signals.lead_in_left.get() {
            return lead.div_ceil(1000);
        }
        current().map_or(0, |(_, remaining)| remaining.div_ceil(1000))
    };
    let label = move || {
        if signals.lead_in_left.get().is_some() {
            return t_string!(i18n, player_get_ready).to_owned();
        }
        current().map_or_else(String::new, |(step, _)| {
            step_label(i18n, step.kind, maximal)
        })
    };
    // The screen-reader text changes only when the step does.
    let announcement = Memo::new(move |_| {
        if signals.paused.get() {
            return t_string!(i18n, player_paused).to_owned();
        }
        if signals.lead_in_left.get().is_some() {
            return t_string!(i18n, player_get_ready).to_owned();
        }
        let Some(index) = step_index.get() else {
            return String::new();
        };
        let step = plan.with_value(|p| p.steps()[index]);
        let text = step_label(i18n, step.kind, maximal);
        match step.kind {
            StepKind::Hold
            | StepKind::Rest
            | StepKind::RoundPause
            | StepKind::BreatheIn
            | StepKind::BreatheOut => {
                format!("{text}, {} s", step.duration_ms / 1000)
            }
            _ => text,
        }
    });
    Effect::new(move |_| {
        let said = announcement.get();
        if !said.is_empty() {
            announce.set(said);
        }
    });
    let step_kind = move || match current() {
        Some((step, _)) if signals.lead_in_left.get().is_none() => ring::kind_class(step.kind),
        _ => "ready",
    };
    let reps = plan.with_value(|p| p.reps_per_round());
    let rounds = plan.with_value(|p| p.rounds());
    let rep = move || current().map_or(reps, |(s, _)| s.rep);
    let round = move || current().map_or(rounds, |(s, _)| s.round);
    let skippable = move || current().is_some_and(|(s, _)| s.kind.is_skippable());

    let confirming = RwSignal::new(false);
    // Whether asking paused the session (then going on resumes it).
    let paused_to_ask = StoredValue::new(false);
    let go_on_button = NodeRef::<leptos::html::Button>::new();
    let end_button = NodeRef::<leptos::html::Button>::new();
    // The button tapped is hidden: focus goes to the question's safe
    // answer, and back to "End" when the session goes on (once drawn).
    let focus = move |button: NodeRef<leptos::html::Button>| {
        request_animation_frame(move || {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    let ask_end = move |_| {
        let running = !signals.paused.get_untracked();
        if running {
            controls.toggle_pause.run(());
        }
        paused_to_ask.set_value(running);
        confirming.set(true);
        focus(go_on_button);
    };
    let go_on = move |_| {
        confirming.set(false);
        if paused_to_ask.get_value() {
            controls.toggle_pause.run(());
        }
        focus(end_button);
    };
    view! {
        <section class="player" aria-labelledby="player-step" data-step=step_kind>
            // The breathing pacer: the ring grows over a breath in and
            // shrinks over a breath out, over the step's own length (CSS;
            // still under reduced motion).
            <div class="ring-wrap" style:transition-duration=move || {
                current().map(|(step, _)| format!("{}ms", step.duration_ms))
            }>
                <Ring fill />
                <p class="player-time" aria-hidden="true">
                    {move || {
                        // A relaxation's minutes read better as m:ss.
                        let s = seconds_left();
                        if s >= 60 { format!("{}:{:02}", s / 60, s % 60) } else { s.to_string() }
                    }}
                </p>
            </div>
            <h2 id="player-step" class="player-step" aria-hidden="true">{text(label)}</h2>
            // A timer (relaxation) has no repetitions to count.
            {(reps > 0).then(|| view! {
                <p class="player-count">
                    {text(move || t_string!(i18n, player_rep_of, rep = rep(), reps = reps))}
                    " · "
                    {text(move || t_string!(i18n, player_round_of, round = round(), rounds = rounds))}
                </p>
            })}
            <p class="player-next" aria-hidden="true">
                {move || {
                    next()
                        .filter(|_| signals.lead_in_left.get().is_none())
                        .map(|s| {
                            format!(
                                "{} {}",
                                t_string!(i18n, player_next),
                                step_label(i18n, s.kind, maximal),
                            )
                        })
                }}
            </p>
            // Ending cannot be undone (the session is saved as it stands):
            // the first tap pauses and asks.
            <div class="player-confirm" role="group" aria-labelledby="player-confirm-question"
                hidden=move || !confirming.get()>
                <p id="player-confirm-question">{tr(i18n, |i| t_string!(i, player_end_question))}</p>
                <div class="player-controls">
                    <button type="button" class="button primary" node_ref=go_on_button on:click=go_on>
                        {tr(i18n, |i| t_string!(i, player_end_no))}
                    </button>
                    <button type="button" class="button" on:click=move |_| controls.stop.run(())>
                        {tr(i18n, |i| t_string!(i, player_end_yes))}
                    </button>
                </div>
            </div>
            <div class="player-controls" hidden=move || confirming.get()>
                <button
                    type="button"
                    class="button"
                    aria-pressed=move || signals.paused.get().to_string()
                    on:click=move |_| controls.toggle_pause.run(())
                >
                    {move || {
                        if signals.paused.get() {
                            t_string!(i18n, player_resume)
                        } else {
                            t_string!(i18n, player_pause)
                        }
                    }}
                </button>
                {(reps > 0).then(|| view! {
                    <button
                        type="button"
                        class="button"
                        disabled=move || !skippable() || signals.paused.get()
                        on:click=move |_| controls.skip.run(())
                    >
                        {tr(i18n, |i| t_string!(i, player_skip_rest))}
                    </button>
                })}
                <button type="button" class="button" node_ref=end_button on:click=ask_end>
                    {tr(i18n, |i| t_string!(i, player_stop))}
                </button>
            </div>
        </section>
    }
}

/// What the buttons do.
#[derive(Clone, Copy)]
pub(crate) struct Controls {
    pub toggle_pause: UnsyncCallback<()>,
    pub skip: UnsyncCallback<()>,
    pub stop: UnsyncCallback<()>,
}

#[cfg(not(feature = "hydrate"))]
impl Default for Controls {
    fn default() -> Self {
        Controls {
            toggle_pause: UnsyncCallback::new(|_| {}),
            skip: UnsyncCallback::new(|_| {}),
            stop: UnsyncCallback::new(|_| {}),
        }
    }
}

//! Relax: a relaxation timer in the daily loop. The time is played by the
//! training's session player (drift-free, screen kept awake, a soft chime at
//! the end) and logged as a `session.logged` of kind `relaxation`.

mod summary;

pub use summary::RelaxSummary;

use crate::domain::relax::RelaxMinutes;
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
    let stage = RwSignal::new(Stage::Ready);
    let chosen = RwSignal::new(RelaxMinutes::DEFAULT);
    let announce = RwSignal::new(String::new());

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
        let started_at = crate::features::training::facts::from_epoch_ms(ended.started_ms);
        let ended_at = crate::features::training::facts::from_epoch_ms(ended.ended_ms);
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
                    <div class="field">
                        <label for="relax-minutes">{tr(i18n, |i| t_string!(i, relax_minutes))}</label>
                        <select
                            id="relax-minutes"
                            on:change=move |ev| {
                                if let Ok(m) = event_target_value(&ev).parse::<i64>()
                                    && let Ok(m) = RelaxMinutes::parse(m)
                                {
                                    chosen.set(m);
                                }
                            }
                        >
                            {RelaxMinutes::CHOICES
                                .into_iter()
                                .map(|m| view! { <option value=m.to_string() selected=move || chosen.get().get() == m>{m}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <CueToggles />
                    <button
                        type="button"
                        class="button primary big"
                        on:click=move |_| {
                            let minutes = chosen.get_untracked();
                            stage.set(Stage::Running { plan: SessionPlan::relaxation(minutes), minutes });
                        }
                    >
                        {tr(i18n, |i| t_string!(i, relax_start))}
                    </button>
                </section>
            }),
            Stage::Running { plan, .. } => {
                EitherOf3::B(view! { <SessionPlayer plan on_progress on_end announce /> })
            }
            Stage::Done { minutes, completed } => {
                let said = if completed {
                    t_string!(i18n, relax_done, minutes = minutes)
                } else {
                    t_string!(i18n, relax_stopped, minutes = minutes)
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

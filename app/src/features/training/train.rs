//! The Train page: today's session at a glance, the player, and what comes
//! after it.

use super::after_session::AfterSession;
use super::prescription_form::PrescriptionForm;
use crate::domain::sync::{LoggedSession, SessionKind};
use crate::domain::training::plan::Done;
use crate::domain::training::{
    Phase, Prescription, SessionPlan, adherence, prescription::Schedule,
};
use crate::features::learn::HelpLink;
use crate::features::pathway::TrainingWaits;
use crate::features::pathway::state::{PathwayState, maximal_open, use_pathway};
use crate::features::settings::CueToggles;
use crate::features::training::player::{Ended, LEAD_IN_MS, SessionPlayer};
use crate::features::training::state::{
    TrainingState, log_session, save_session_draft, use_training,
};
use crate::i18n::*;
use crate::platform::local_time::{now, today};
use crate::platform::session_facts::{from_epoch_ms, training_facts};
use crate::platform::sync_state::new_entry_id;
use crate::text::tr;
use leptos::either::EitherOf3;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum Stage {
    Ready,
    Running {
        plan: SessionPlan,
        maximal: bool,
        /// The session's id, the same in its drafts and in its log.
        id: uuid::Uuid,
        started_at: time::OffsetDateTime,
    },
    Done {
        session: LoggedSession,
        completed: bool,
    },
}

/// The rounds for the next session: one in maintenance or when the rounds
/// are spread over the day, otherwise the rest of today's rounds.
fn next_plan(state: &TrainingState, pathway: PathwayState) -> (SessionPlan, bool) {
    let plan = state.plan_or_default();
    let p = plan.prescription;
    if plan.programme.phase() == Phase::Maintenance {
        return (SessionPlan::new(&p, 1), maximal_open(pathway, *state));
    }
    let rounds = match p.schedule() {
        Schedule::Spread => 1,
        Schedule::Together { .. } => {
            let facts = state.sessions.with(|s| training_facts(s));
            let left = adherence::day(&facts, today(), &state.dose_history(&facts)).rounds_left();
            u8::try_from(left).unwrap_or(1).max(1)
        }
    };
    (SessionPlan::new(&p, rounds), false)
}

/// Whether each squeeze is to be as hard as the patient can: in the
/// intensive phase and in maintenance (seed 003: "trekk saman så hardt du kan"); in
/// the learning phase the introduction asks for light squeezes first. With
/// long-lasting pelvic pain, not until a physiotherapist has assessed the
/// patient (`domain::pathway`, [rule:pathway-pain-no-maximal]).
fn squeeze_hard(state: &TrainingState, pathway: PathwayState) -> bool {
    state.plan_or_default().programme.phase() != Phase::Learning && maximal_open(pathway, *state)
}

/// What is kept of a training session: while it runs (the draft) and at
/// its end.
fn training_session(
    id: uuid::Uuid,
    plan: &SessionPlan,
    prescription: Prescription,
    (started_at, ended_at): (time::OffsetDateTime, time::OffsetDateTime),
    done: Done,
) -> LoggedSession {
    LoggedSession {
        id,
        kind: SessionKind::Training,
        started_at,
        ended_at,
        planned_reps: plan.planned_reps(),
        done_reps: done.reps,
        planned_rounds: u16::from(plan.rounds()),
        done_rounds: u16::from(done.rounds),
        prescription: Some(prescription),
        feedback: None,
        problems: Vec::new(),
        pain: false,
        planned_minutes: None,
    }
}

#[component]
pub fn TrainPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = use_pathway();
    // A memo: the page below is rebuilt only when the answer changes, not
    // each time the assessment is read again (that reset the dose form).
    let waits = Memo::new(move |_| pathway.training_waits());
    let stage = RwSignal::new(Stage::Ready);

    let on_progress = Callback::new(move |done: Done| {
        let Some(Stage::Running {
            plan,
            id,
            started_at,
            ..
        }) = stage.try_get_untracked()
        else {
            return;
        };
        let prescription = state.plan_or_default().prescription;
        save_session_draft(training_session(
            id,
            &plan,
            prescription,
            (started_at, now().max(started_at)),
            done,
        ));
    });
    let on_end = Callback::new(move |ended: Ended| {
        let Some(Stage::Running { plan, id, .. }) = stage.try_get_untracked() else {
            return;
        };
        if ended.done.reps == 0 {
            // Stopped before the first repetition: nothing to keep.
            stage.try_set(Stage::Ready);
            return;
        }
        let current = state.plan_or_default();
        let session = training_session(
            id,
            &plan,
            current.prescription,
            (
                from_epoch_ms(ended.started_ms),
                from_epoch_ms(ended.ended_ms),
            ),
            ended.done,
        );
        log_session(state, session.clone());
        stage.try_set(Stage::Done {
            session,
            completed: ended.completed,
        });
    });

    // One live region for the whole page, so that what the player says and
    // how the session ended reach a screen reader alike.
    let announce = RwSignal::new(String::new());
    view! {
        <h1>{tr(i18n, |i| t_string!(i, train_heading))}</h1>
        <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || announce.get()}
        </p>
        {move || match stage.get() {
            // A red flag no doctor has looked at: training waits.
            Stage::Ready if waits.get() => {
                EitherOf3::A(view! { <TrainingWaits /> }.into_any())
            }
            Stage::Ready => EitherOf3::A(view! { <Ready stage /> }.into_any()),
            Stage::Running { plan, maximal, .. } => {
                EitherOf3::B(view! { <SessionPlayer plan maximal on_progress on_end announce /> })
            }
            Stage::Done { session, completed } => {
                EitherOf3::C(view! {
                    <AfterSession
                        session
                        completed
                        on_again=Callback::new(move |()| stage.set(Stage::Ready))
                        announce
                    />
                })
            }
        }}
    }
}

#[component]
fn Ready(stage: RwSignal<Stage>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let pathway = use_pathway();
    let summary = move || {
        let (plan, maximal) = next_plan(&state, pathway);
        let p = state.plan_or_default().prescription;
        let minutes = plan.total_ms().div_ceil(60_000);
        (
            plan.reps_per_round(),
            plan.rounds(),
            p.hold_secs(),
            p.quick_lifts(),
            minutes,
            maximal,
        )
    };
    let start = move |_| {
        let (plan, _) = next_plan(&state, pathway);
        stage.set(Stage::Running {
            plan,
            maximal: squeeze_hard(&state, pathway),
            id: new_entry_id(),
            started_at: now() + time::Duration::milliseconds(LEAD_IN_MS as i64),
        });
    };
    view! {
        <super::DoseChangedNotice />
        <section class="card" aria-labelledby="next-session-heading">
            <h2 id="next-session-heading">{tr(i18n, |i| t_string!(i, train_next_heading))}</h2>
            {move || {
                let (reps, rounds, hold, lifts, minutes, maximal) = summary();
                view! {
                    <ul class="plan-summary">
                        <li>{if rounds == 1 {
                            t_string!(i18n, train_summary_reps_one, reps = reps)
                        } else {
                            t_string!(i18n, train_summary_reps, reps = reps, rounds = rounds)
                        }}</li>
                        <li>
                            {if maximal {
                                t_string!(i18n, train_summary_maximal).to_owned()
                            } else {
                                t_string!(i18n, train_summary_hold, hold = hold)
                            }}
                        </li>
                        {(!maximal && squeeze_hard(&state, pathway)).then(|| view! { <li>{tr(i18n, |i| t_string!(i, train_summary_hard))}</li> })}
                        {(lifts > 0).then(|| view! { <li>{t_string!(i18n, train_summary_lifts, lifts = lifts)}</li> })}
                        <li>{t_string!(i18n, train_summary_minutes, minutes = minutes)}</li>
                    </ul>
                }
            }}
            <p class="hint">{tr(i18n, |i| t_string!(i, train_eyes_free))}</p>
            <CueToggles />
            <button type="button" class="button primary big" on:click=start>
                {tr(i18n, |i| t_string!(i, train_start))}
            </button>
            <HelpLink />
        </section>
        <PrescriptionForm />
    }
}

//! The questionnaire answers on this page, mirrored from the phone's store
//! (see `platform::offline`). Both areas read them: Today says when one is
//! due, the records area asks it and charts the answers.

use crate::domain::outcomes;
use crate::domain::sync::{OpBody, PromAnswer};
use crate::platform::local_time::{local_day, today};
use crate::platform::mirrors::TrainingState;
use crate::platform::sync_state::record;
use leptos::prelude::*;
use time::Date;

#[derive(Clone, Copy)]
pub struct PromsState {
    pub answers: RwSignal<Vec<PromAnswer>>,
}

pub fn provide_proms() -> PromsState {
    let state = PromsState {
        answers: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    state
}

pub fn use_proms() -> PromsState {
    expect_context::<PromsState>()
}

/// The day the questionnaires count from: the programme's start, or, for
/// a patient who never set one up, the first answer or session (else today).
pub fn programme_start(proms: PromsState, training: TrainingState) -> Date {
    if let Some(plan) = training.plan.get() {
        return plan.programme.started();
    }
    let first_answer = proms
        .answers
        .with(|a| outcomes::history(a).first().map(|(day, _)| *day));
    let first_session = training
        .sessions
        .with(|s| s.first().map(|s| local_day(s.started_at)));
    [first_answer, first_session]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or_else(today)
}

/// Keeps an answer: shown at once, stored with its op.
pub fn save_answer(state: PromsState, answer: PromAnswer) {
    state.answers.update(|all| {
        all.retain(|a| a.id != answer.id);
        all.push(answer.clone());
    });
    record(OpBody::PromAnswered(answer));
}

//! The questionnaire answers on this page, mirrored from the phone's store
//! (see `platform::offline`). Both areas read them: Today says when one is
//! due, the records area asks it and charts the answers.

use crate::domain::sync::{OpBody, PromAnswer};
use crate::platform::sync_state::record;
use leptos::prelude::*;

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

/// Keeps an answer: shown at once, stored with its op.
pub fn save_answer(state: PromsState, answer: PromAnswer) {
    state.answers.update(|all| {
        all.retain(|a| a.id != answer.id);
        all.push(answer.clone());
    });
    record(OpBody::PromAnswered(answer));
}

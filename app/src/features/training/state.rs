//! The training's data on this page: the logged sessions and the programme
//! in force, mirrored from the phone's store (see `platform::offline`).

use crate::domain::sync::{LoggedSession, OpBody, PrescriptionSet};
use crate::domain::training::adherence::{Asked, DoseChange};
use crate::platform::local_time::today;
pub use crate::platform::mirrors::{TrainingState, provide_training, use_training};
use crate::platform::sync_state::{record, record_then_open};
use leptos::prelude::*;

/// Logs a finished or stopped session (again, with the same id, once the
/// patient has said how it felt): shown at once, stored with its op. Takes
/// the state rather than the context: a session stopped by leaving the page
/// is logged while that page is being taken down.
pub fn log_session(state: TrainingState, session: LoggedSession) {
    // The first session on the defaults records them as the programme, so
    // that the server and a therapist see what the patient trains by.
    let defaults = state
        .plan
        .try_get_untracked()
        .is_some_and(|plan| plan.is_none())
        .then(|| put_in_force(state, state.plan_or_default()));
    state.sessions.try_update(|all| {
        all.retain(|s| s.id != session.id);
        all.push(session.clone());
        all.sort_by_key(|s| s.started_at);
    });
    let id = session.id;
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Some(defaults) = defaults
            && let Err(e) = crate::platform::offline::record_defaults(defaults).await
        {
            leptos::logging::warn!("could not store the programme: {e}");
        }
        match crate::platform::offline::record(OpBody::SessionLogged(session)).await {
            Ok(()) => {
                let _ = crate::platform::offline::clear_draft(id).await;
                crate::platform::offline::kick();
            }
            Err(e) => leptos::logging::warn!("could not store the session: {e}"),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, session, defaults);
}

/// Saves the session being played after each repetition (no op yet): if the
/// page goes away mid-session, the next start logs it as partial.
pub fn save_session_draft(session: LoggedSession) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Err(e) = crate::platform::offline::save_draft(&session).await {
            leptos::logging::warn!("could not save the session so far: {e}");
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = session;
}

/// Puts a new programme in force on this device and on the server.
pub fn save_plan(state: TrainingState, plan: PrescriptionSet) {
    record(put_in_force(state, plan));
}

/// Puts a new programme in force (if there is one), then opens `path` once
/// the change is stored.
pub fn save_plan_then_open(
    state: TrainingState,
    plan: Option<PrescriptionSet>,
    path: &'static str,
) {
    record_then_open(plan.map(|plan| put_in_force(state, plan)), path);
}

fn put_in_force(state: TrainingState, plan: PrescriptionSet) -> OpBody {
    state.plan.try_set(Some(plan.clone()));
    state.dose_changes.try_update(|changes| {
        changes.push(DoseChange {
            on: today(),
            asked: Asked::from(&plan.prescription),
        })
    });
    OpBody::PrescriptionSet(plan)
}

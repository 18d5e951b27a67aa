//! The start assessment, the interval target and the bladder diary on this
//! page, mirrored from the phone's store (see `platform::offline`).

use crate::domain::pathway::Assessment;
use crate::domain::pathway::bladder::{BladderTarget, BladderVisit, TargetMinutes};
use crate::domain::sync::OpBody;
pub use crate::platform::mirrors::{PathwayState, provide_pathway, use_pathway};
use crate::platform::sync_state::record;
use leptos::prelude::*;
use uuid::Uuid;

/// Keeps the patient's answers: shown at once, stored with their op.
pub fn save_assessment(state: PathwayState, assessment: Assessment) {
    state.assessment.set(Some(assessment.clone()));
    record(OpBody::AssessmentAnswered(assessment));
}

pub fn log_visit(state: PathwayState, visit: BladderVisit) {
    state.visits.update(|all| {
        all.retain(|v| v.id != visit.id);
        all.push(visit.clone());
        all.sort_by_key(|v| v.at);
    });
    record(OpBody::BladderLogged(visit));
}

pub fn delete_visit(state: PathwayState, id: Uuid) {
    state.visits.update(|all| all.retain(|v| v.id != id));
    record(OpBody::BladderDeleted { id });
}

pub fn set_target(state: PathwayState, minutes: TargetMinutes, since: time::Date) {
    let target = BladderTarget { minutes, since };
    state.target.set(Some(target));
    record(OpBody::BladderTargetSet(target));
}

/// Whether squeezes "as hard as you can" and the intensive phase are open
/// for this patient (`Pathway::maximal_allowed`): a programme a linked
/// therapist set counts as the physiotherapist's assessment.
pub fn maximal_open(
    pathway: PathwayState,
    training: crate::platform::mirrors::TrainingState,
) -> bool {
    let confirmed = pathway
        .assessment
        .with(|a| a.as_ref().is_some_and(|a| a.physio_assessed));
    let by_therapist = matches!(
        training.plan_or_default().set_by,
        crate::domain::sync::SetBy::Therapist { .. }
    );
    pathway.pathway().maximal_allowed(confirmed || by_therapist)
}

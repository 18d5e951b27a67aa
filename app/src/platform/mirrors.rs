//! The patient's data on this page, as domain-typed signals the offline
//! engine fills from the phone's store (`platform::offline`) and the
//! features read and change: the training (sessions, the programme in
//! force and its history) and the pathway (the start assessment, the
//! interval target, the bladder diary). Features add what they do with
//! them (`features::training::state`, `features::pathway::state`).

use crate::domain::pathway::bladder::{BladderTarget, BladderVisit};
use crate::domain::pathway::{Assessment, Pathway};
use crate::domain::sync::{LoggedSession, PrescriptionSet, SetBy};
use crate::domain::training::adherence::{DoseChange, DoseHistory, SessionFact};
use crate::domain::training::{Prescription, Programme};
use crate::platform::local_time::today;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct TrainingState {
    /// Logged sessions on this device, oldest first.
    pub sessions: RwSignal<Vec<LoggedSession>>,
    /// The programme in force; `None` until one is set (defaults apply).
    pub plan: RwSignal<Option<PrescriptionSet>>,
    /// Every programme set, in the order of their stamps.
    pub dose_changes: RwSignal<Vec<DoseChange>>,
    /// The device's copy has been read (until then, show no figures).
    pub loaded: RwSignal<bool>,
}

impl TrainingState {
    /// The programme in force, or a new patient's defaults.
    pub fn plan_or_default(&self) -> PrescriptionSet {
        self.plan.get().unwrap_or_else(|| PrescriptionSet {
            prescription: Prescription::default(),
            programme: Programme::new(today()),
            set_by: SetBy::Patient,
        })
    }

    /// What was prescribed day by day, for every dose figure on this
    /// phone: the same rule the server and the therapist use.
    pub fn dose_history(&self, facts: &[SessionFact]) -> DoseHistory {
        let plan = self.plan_or_default();
        self.dose_changes
            .with(|changes| DoseHistory::of(facts, changes, &plan.programme, &plan.prescription))
    }
}

pub fn provide_training() -> TrainingState {
    let state = TrainingState {
        sessions: RwSignal::new(Vec::new()),
        plan: RwSignal::new(None),
        dose_changes: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
    };
    provide_context(state);
    state
}

pub fn use_training() -> TrainingState {
    expect_context::<TrainingState>()
}

#[derive(Clone, Copy)]
pub struct PathwayState {
    /// None until the patient answers the start assessment.
    pub assessment: RwSignal<Option<Assessment>>,
    pub target: RwSignal<Option<BladderTarget>>,
    /// The bladder diary's visits, oldest first.
    pub visits: RwSignal<Vec<BladderVisit>>,
}

impl PathwayState {
    /// The pathway the answers call for (the general programme before any).
    pub fn pathway(&self) -> Pathway {
        self.assessment
            .with(|a| Pathway::of(&a.clone().unwrap_or_default()))
    }

    /// Training on one's own waits for a doctor (a red flag not yet seen).
    pub fn training_waits(&self) -> bool {
        self.assessment
            .with(|a| a.as_ref().is_some_and(Assessment::training_waits))
    }
}

pub fn provide_pathway() -> PathwayState {
    let state = PathwayState {
        assessment: RwSignal::new(None),
        target: RwSignal::new(None),
        visits: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    state
}

pub fn use_pathway() -> PathwayState {
    expect_context::<PathwayState>()
}

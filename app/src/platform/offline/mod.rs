//! The browser's own copy of the patient's data, in IndexedDB, and the engine
//! that syncs it. Nothing else touches IndexedDB.

mod engine;
mod ids;
mod learn_inbox;
mod store;

pub use engine::{kick, start};

use crate::domain::settings::Settings;
use crate::platform::mirrors::{PathwayState, TrainingState};
use crate::platform::sync_state::SyncState;
use leptos::prelude::RwSignal;

/// The signals the engine fills from the store: how syncing goes, and each
/// feature's data.
#[derive(Clone, Copy)]
pub struct Mirrors {
    pub sync: SyncState,
    pub settings: RwSignal<Settings>,
    pub training: TrainingState,
    /// When to remind.
    pub reminders: RwSignal<crate::domain::reminders::Reminders>,
    /// The questionnaire answers.
    pub proms: RwSignal<Vec<crate::domain::sync::PromAnswer>>,
    /// The diary's entries, on the pages that show them.
    pub diary: Option<RwSignal<Vec<crate::domain::sync::DiaryEntry>>>,
    /// The start assessment, the interval target and the bladder diary.
    pub pathway: PathwayState,
}
pub use ids::new_op_id as new_entry_id;
pub use store::{clear_draft, record, record_defaults, record_setting, save_draft, wipe};

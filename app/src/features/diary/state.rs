//! The diary's data on this page, mirrored from the phone's store (see
//! `platform::offline`).

use crate::domain::diary::{self, DiaryDay};
use crate::domain::sync::{DiaryEntry, OpBody};
use crate::platform::sync_state::record;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct DiaryState {
    /// The diary entries on this device, oldest day first.
    pub entries: RwSignal<Vec<DiaryEntry>>,
}

impl DiaryState {
    /// The diary by day, oldest first.
    pub fn days(&self) -> Vec<DiaryDay> {
        self.entries.with(|e| diary::days(e))
    }

    /// The entry kept for `date` (`YYYY-MM-DD`), if any. Untracked: the
    /// form reads it when a day is picked, and a sync that refreshes the
    /// entries must not wipe what is being typed.
    pub fn on(&self, date: &str) -> Option<DiaryEntry> {
        self.entries
            .with_untracked(|e| e.iter().rev().find(|e| e.date == date).cloned())
    }
}

pub fn provide_diary() -> DiaryState {
    let state = DiaryState {
        entries: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    state
}

pub fn use_diary() -> DiaryState {
    expect_context::<DiaryState>()
}

/// Saves a new or edited entry: shown at once, stored with its op (an edit
/// is the same id logged again; the later one wins on every device).
pub fn save_entry(state: DiaryState, entry: DiaryEntry) {
    state.entries.update(|all| {
        all.retain(|e| e.id != entry.id);
        all.push(entry.clone());
        all.sort_by(|a, b| a.date.cmp(&b.date));
    });
    record(OpBody::DiaryLogged(entry));
}

/// Deletes an entry for good (a tombstone, which wins over any edit).
pub fn delete_entry(state: DiaryState, id: Uuid) {
    state.entries.update(|all| all.retain(|e| e.id != id));
    record(OpBody::DiaryDeleted { id });
}

//! Reading progress left by the education pages. They run no WASM: their
//! script (`public/learn.js`) keeps what was read and answered in
//! localStorage; here it becomes `education.progressed` ops, checked by the
//! same rules as every op and merged with what this phone holds (progress
//! only grows: reading a page again records nothing). In return, the
//! modules read to the end are listed for the module list to mark.

use super::store::{self, StoreError};
use crate::domain::learn::progress_to_record;
use crate::domain::sync::{EducationProgress, OpBody};
use idb::Database;

/// What the pages' script left: a JSON array of progress, oldest first.
const PENDING: &str = "knip.learn.pending";
/// The modules read to the end, for the pages' script.
const READ: &str = "knip.learn.read";

fn pending_of(json: Option<String>) -> Vec<serde_json::Value> {
    match json.and_then(|j| serde_json::from_str(&j).ok()) {
        Some(serde_json::Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

pub async fn drain(db: &Database) -> Result<(), StoreError> {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Ok(());
    };
    let pending = pending_of(storage.get_item(PENDING).ok().flatten());
    if !pending.is_empty() {
        // An item that is not progress (an older script's shape) is dropped.
        let progress: Vec<EducationProgress> = pending
            .iter()
            .filter_map(store::read::<EducationProgress>)
            .collect();
        for progress in progress_to_record(&store::education(db).await?, progress) {
            if let Err(e) = store::record(OpBody::EducationProgressed(progress)).await {
                leptos::logging::warn!("reading progress not recorded: {e}");
            }
        }
        // Keep what a page added meanwhile.
        let now = pending_of(storage.get_item(PENDING).ok().flatten());
        let rest = now.get(pending.len()..).unwrap_or_default();
        let _ = match rest {
            [] => storage.remove_item(PENDING),
            rest => storage.set_item(PENDING, &serde_json::Value::from(rest.to_vec()).to_string()),
        };
    }
    let read: Vec<String> = store::education(db)
        .await?
        .into_iter()
        .filter(|p| p.completed)
        .map(|p| p.module)
        .collect();
    let _ = storage.set_item(READ, &serde_json::Value::from(read).to_string());
    Ok(())
}

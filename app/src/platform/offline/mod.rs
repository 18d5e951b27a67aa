//! The browser's own copy of the patient's data, in IndexedDB, and the engine
//! that syncs it. Nothing else touches IndexedDB.

mod engine;
mod ids;
mod store;

pub use engine::{kick, start};
pub use ids::new_op_id as new_entry_id;
pub use store::{clear_draft, record, record_setting, save_draft, wipe};

//! Applying a batch of ops and pulling changes (DESIGN §5): one transaction
//! per batch, a replay guard per op, and a gapless change log per user that
//! the server's own changes for a therapist are appended to the same way.

mod apply;
mod content;
pub mod log;

pub use apply::{SyncError, sync_batch};

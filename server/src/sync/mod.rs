//! Applying a batch of ops and pulling changes (DESIGN §5): one transaction
//! per batch, a replay guard per op, and a gapless change log per user.

mod apply;

pub use apply::{SyncError, sync_batch};

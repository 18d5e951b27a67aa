//! What kind of failure a database error is: the database cannot be reached
//! or is busy (ask again soon), it cannot store anything (a full disk, an
//! I/O error, a read-only file), or something else (our fault). The first two
//! are not the person's mistake and not a bug: the API answers 503 and the
//! phone keeps its changes and retries.

use sea_orm::sqlx::Error as SqlxError;
use sea_orm::sqlx::sqlite::SqliteError;
use sea_orm::{DatabaseConnection, DbBackend, DbErr, RuntimeErr};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Down, refusing connections, out of connections, or locked.
    Unavailable,
    /// Up, but writes fail: disk full, I/O error, read-only.
    CannotStore,
    /// Anything else: a bug or a broken invariant.
    Other,
}

pub fn classify(error: &DbErr) -> Fault {
    match error {
        DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => Fault::Unavailable,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            classify_sqlx(e)
        }
        _ => Fault::Other,
    }
}

fn classify_sqlx(error: &SqlxError) -> Fault {
    match error {
        SqlxError::Io(_)
        | SqlxError::Tls(_)
        | SqlxError::Protocol(_)
        | SqlxError::PoolTimedOut
        | SqlxError::PoolClosed
        | SqlxError::WorkerCrashed => Fault::Unavailable,
        SqlxError::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<SqliteError>().is_some() {
                code.parse().map_or(Fault::Other, sqlite_fault)
            } else {
                postgres_fault(&code)
            }
        }
        _ => Fault::Other,
    }
}

/// By SQLite's (extended) result code.
fn sqlite_fault(extended: i32) -> Fault {
    match extended & 0xff {
        // SQLITE_BUSY, SQLITE_LOCKED
        5 | 6 => Fault::Unavailable,
        // SQLITE_NOMEM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
        7 | 8 | 10 | 13 | 14 => Fault::CannotStore,
        _ => Fault::Other,
    }
}

/// By PostgreSQL's SQLSTATE.
fn postgres_fault(sqlstate: &str) -> Fault {
    match sqlstate {
        // too many connections, the server shutting down or starting up,
        // a serialization failure or deadlock (retry), connection exceptions
        "53300" | "57P01" | "57P02" | "57P03" | "40001" | "40P01" => Fault::Unavailable,
        _ if sqlstate.starts_with("08") => Fault::Unavailable,
        // insufficient resources (disk full, out of memory), read-only
        _ if sqlstate.starts_with("53") || sqlstate == "25006" => Fault::CannotStore,
        _ => Fault::Other,
    }
}

/// How long `/healthz` keeps reporting a failed write when no write has
/// succeeded since: long enough for a monitor to see it, short enough that
/// a quiet server is not kept out of rotation once the disk has room.
const FAULT_MEMORY_SECS: i64 = 60;

/// Whether writes have been failing: set when a write fails for lack of
/// storage, cleared by the next write that succeeds.
#[derive(Debug, Default)]
pub struct WriteHealth {
    /// Unix seconds of the last storage fault not followed by a success; 0 when none.
    failing_since: AtomicI64,
}

impl WriteHealth {
    pub fn failed(&self) {
        self.failing_since
            .store(super::now_unix().max(1), Ordering::Relaxed);
    }

    pub fn succeeded(&self) {
        self.failing_since.store(0, Ordering::Relaxed);
    }

    pub fn is_failing(&self) -> bool {
        let since = self.failing_since.load(Ordering::Relaxed);
        since != 0 && super::now_unix() - since < FAULT_MEMORY_SECS
    }
}

/// The longest `/healthz` waits for the write lock.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Checks that the database answers and, on SQLite, that a writer could
/// start now (`BEGIN IMMEDIATE; ROLLBACK`): a connection stuck in an open
/// transaction holds the write lock and fails this probe.
pub async fn probe(db: &DatabaseConnection) -> Result<(), Fault> {
    let check = async {
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                use sea_orm::sqlx::Connection;
                let mut conn = db
                    .get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(|e| classify_sqlx(&e))?;
                // Whatever stops a writer from starting (a lock held by a
                // stuck transaction, a read-only file) means writes fail.
                let writer = conn
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(|_| Fault::CannotStore)?;
                writer.rollback().await.map_err(|e| classify_sqlx(&e))?;
                Ok(())
            }
            _ => db.ping().await.map_err(|e| classify(&e)),
        }
    };
    match tokio::time::timeout(PROBE_TIMEOUT, check).await {
        Ok(result) => result.map_err(|fault| match fault {
            Fault::Other => Fault::Unavailable,
            known => known,
        }),
        Err(_) => Err(Fault::Unavailable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_postgres_codes_sort_into_faults() {
        assert_eq!(sqlite_fault(13), Fault::CannotStore); // SQLITE_FULL
        assert_eq!(sqlite_fault(5), Fault::Unavailable); // SQLITE_BUSY
        assert_eq!(sqlite_fault(517), Fault::Unavailable); // SQLITE_BUSY_SNAPSHOT
        assert_eq!(sqlite_fault(778), Fault::CannotStore); // SQLITE_IOERR_WRITE
        assert_eq!(sqlite_fault(2067), Fault::Other); // SQLITE_CONSTRAINT_UNIQUE
        assert_eq!(postgres_fault("53100"), Fault::CannotStore); // disk_full
        assert_eq!(postgres_fault("57P01"), Fault::Unavailable); // admin_shutdown
        assert_eq!(postgres_fault("08006"), Fault::Unavailable); // connection_failure
        assert_eq!(postgres_fault("23505"), Fault::Other); // unique_violation
    }

    #[test]
    fn a_storage_fault_is_forgotten_after_a_success() {
        let health = WriteHealth::default();
        assert!(!health.is_failing());
        health.failed();
        assert!(health.is_failing());
        health.succeeded();
        assert!(!health.is_failing());
    }
}

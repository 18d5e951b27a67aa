//! The database: connecting (SQLite tuned for durability, or PostgreSQL),
//! the entities and the migrations.

pub mod entities;
pub mod fault;
pub mod migrations;
pub mod turns;

use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{DatabaseConnection, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};
use std::str::FromStr;
use std::time::Duration;

pub const DEFAULT_URL: &str = "sqlite://knip.db?mode=rwc";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, DbErr> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(DbErr::Custom(
                "DATABASE_URL must start with sqlite:// or postgres://".to_owned(),
            ))
        }
    }
}

/// Opens the database. SQLite gets WAL, `synchronous=FULL` (an acknowledged
/// write survives power loss), foreign keys and a busy timeout on every
/// connection of the pool.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, None).await
}

/// [`connect`], with an upper bound on the size of a SQLite database in MiB
/// (`PRAGMA max_page_count`): past it, writes fail as on a full disk.
pub async fn connect_with(
    url: &str,
    sqlite_max_mib: Option<u32>,
) -> Result<DatabaseConnection, DbErr> {
    match Backend::of_url(url)? {
        Backend::Sqlite => {
            let mut options = SqliteConnectOptions::from_str(url)
                .map_err(|e| DbErr::Custom(format!("bad SQLite URL: {e}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(mib) = sqlite_max_mib {
                // The page size is 4 KiB (SQLite's default, never changed here).
                options = options.pragma("max_page_count", (u64::from(mib) * 256).to_string());
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .after_release(|conn, _| Box::pin(outside_any_transaction(conn)))
                .connect_with(options)
                .await
                .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::Internal(e.to_string())))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        Backend::Postgres => {
            use sea_orm::sqlx::ConnectOptions as _;
            let options = PgConnectOptions::from_str(url)
                .map_err(|e| DbErr::Custom(format!("bad PostgreSQL URL: {e}")))?
                .disable_statement_logging();
            let pool = PgPoolOptions::new()
                .max_connections(20)
                .acquire_timeout(Duration::from_secs(5))
                .after_release(|conn, _| Box::pin(outside_any_transaction(conn)))
                .connect_with(options)
                .await
                .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::Internal(e.to_string())))?;
            Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
        }
    }
}

/// Whether a connection coming back to the pool may be used again: only
/// when the driver counts no open transaction. After SQLite rolls a
/// transaction back by itself (a full disk, an I/O error) the driver's count
/// stays behind; reused, such a connection turned every later `BEGIN` into a
/// `SAVEPOINT` inside a transaction that was never committed, so batches
/// were acknowledged and lost while it held the write lock. Such a
/// connection is closed instead (closing rolls back whatever is open), and
/// the pool opens a fresh one. The ping first lets the driver finish a
/// rollback it was asked for when the transaction was dropped.
async fn outside_any_transaction<C: sea_orm::sqlx::Connection>(
    conn: &mut C,
) -> Result<bool, sea_orm::sqlx::Error> {
    conn.ping().await?;
    let clean = !conn.is_in_transaction();
    if !clean {
        tracing::warn!("a database connection left a transaction open; closing it");
    }
    Ok(clean)
}

/// Current time as whole seconds since the Unix epoch, the form every
/// timestamp takes in our tables (portable between SQLite and PostgreSQL).
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

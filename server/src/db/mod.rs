//! The database: connecting (SQLite tuned for durability, or PostgreSQL),
//! the entities and the migrations.

pub mod entities;
pub mod migrations;

use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlxSqliteConnector};
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
    match Backend::of_url(url)? {
        Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| DbErr::Custom(format!("bad SQLite URL: {e}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::Internal(e.to_string())))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        Backend::Postgres => {
            let mut options = ConnectOptions::new(url.to_owned());
            options
                .max_connections(20)
                .connect_timeout(Duration::from_secs(5))
                .sqlx_logging(false);
            Database::connect(options).await
        }
    }
}

/// Current time as whole seconds since the Unix epoch, the form every
/// timestamp takes in our tables (portable between SQLite and PostgreSQL).
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

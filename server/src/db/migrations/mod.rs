//! Schema migrations; the same code runs on SQLite and PostgreSQL.

mod m0001_accounts;
mod m0002_sync;
mod m0003_entry_stamps;
mod m0004_entries_per_owner;
mod m0005_care;
mod m0006_disabled_accounts;
mod m0007_groups;
mod m0008_patient_overviews;
mod m0009_module_feedback;
mod m0010_push;
mod m0011_session_prescriptions;
mod m0012_one_live_link_and_search_text;
mod m0013_access_sightings;

pub use m0011_session_prescriptions::fill_statement as fill_session_prescriptions;
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts::Migration),
            Box::new(m0002_sync::Migration),
            Box::new(m0003_entry_stamps::Migration),
            Box::new(m0004_entries_per_owner::Migration),
            Box::new(m0005_care::Migration),
            Box::new(m0006_disabled_accounts::Migration),
            Box::new(m0007_groups::Migration),
            Box::new(m0008_patient_overviews::Migration),
            Box::new(m0009_module_feedback::Migration),
            Box::new(m0010_push::Migration),
            Box::new(m0011_session_prescriptions::Migration),
            Box::new(m0012_one_live_link_and_search_text::Migration),
            Box::new(m0013_access_sightings::Migration),
        ]
    }
}

/// Applies every pending migration, then fills what a migration could not
/// compute in SQL, with the app's code of today: the facts of entries stored
/// before m0005 made their table, and the search text of accounts made
/// before m0012. Migrations themselves never call the app.
pub async fn run(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    let facts_are_new = Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .any(|migration| migration.name() == m0005_care::Migration.name());
    Migrator::up(db, None).await?;
    if facts_are_new {
        crate::care::facts::backfill(db).await?;
    }
    crate::auth::accounts::fill_search_text(db).await
}

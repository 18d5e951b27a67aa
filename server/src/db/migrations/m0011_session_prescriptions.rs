use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Each training session's fact keeps the prescription it was done with
/// (reps per round, rounds per day), so that a day's dose is judged against
/// the prescription in force that day and a change of the dose never
/// rewrites the weeks before it. Filled for the sessions already stored
/// from their payloads, in plain SQL (a migration never calls the app).
/// And the change log gets an index by kind: the dose figures read every
/// programme set from it.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Changes {
    Table,
    UserId,
    Kind,
}

#[derive(DeriveIden)]
enum EntryFacts {
    Table,
    AskedRepsPerRound,
    AskedRoundsPerDay,
}

/// SQLite: `json_extract`, guarded by `json_valid` so that one odd payload
/// cannot stop the migration.
const FILL_SQLITE: &str = "UPDATE entry_facts SET \
    asked_reps_per_round = (SELECT CASE WHEN json_valid(e.payload) \
        THEN json_extract(e.payload, '$.prescription.reps_per_round') END \
        FROM entries e WHERE e.user_id = entry_facts.user_id AND e.id = entry_facts.entry_id), \
    asked_rounds_per_day = (SELECT CASE WHEN json_valid(e.payload) \
        THEN json_extract(e.payload, '$.prescription.rounds_per_day') END \
        FROM entries e WHERE e.user_id = entry_facts.user_id AND e.id = entry_facts.entry_id) \
    WHERE family = 'session'";

/// PostgreSQL: the payloads are JSON text written by the server itself.
const FILL_POSTGRES: &str = "UPDATE entry_facts f SET \
    asked_reps_per_round = (e.payload::jsonb #>> '{prescription,reps_per_round}')::smallint, \
    asked_rounds_per_day = (e.payload::jsonb #>> '{prescription,rounds_per_day}')::smallint \
    FROM entries e WHERE e.user_id = f.user_id AND e.id = f.entry_id AND f.family = 'session'";

/// The statement that fills the columns from the payloads on `backend`
/// (also run by a test against rows it emptied).
pub fn fill_statement(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => FILL_POSTGRES,
        _ => FILL_SQLITE,
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [EntryFacts::AskedRepsPerRound, EntryFacts::AskedRoundsPerDay] {
            manager
                .alter_table(
                    Table::alter()
                        .table(EntryFacts::Table)
                        .add_column(ColumnDef::new(column).small_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("changes_by_kind")
                    .table(Changes::Table)
                    .col(Changes::UserId)
                    .col(Changes::Kind)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(fill_statement(db.get_database_backend()))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("changes_by_kind")
                    .table(Changes::Table)
                    .to_owned(),
            )
            .await?;
        for column in [EntryFacts::AskedRepsPerRound, EntryFacts::AskedRoundsPerDay] {
            manager
                .alter_table(
                    Table::alter()
                        .table(EntryFacts::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Two keys the code relied on without the database keeping them:
///
/// - At most one live (unrevoked) link per patient and therapist. Checking
///   first and inserting after let 3 of 20 codes entered at once make a
///   link each on PostgreSQL (issue #27); a partial unique index makes the
///   database refuse the second. Live duplicates made before are ended
///   first, keeping a consented one before a pending one, then the oldest:
///   what the therapist saw as the patient's link.
/// - `users.search_text`: the name and email folded for the therapist's
///   search (Unicode lower case, NFC), because SQLite's `lower()` folds
///   ASCII only and missed Æ, Ø and Å. The server fills it on every write
///   of the name or email, and for the rows before this migration at its
///   next start (SQLite's SQL cannot fold them here).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    SearchText,
}

/// The same on both databases: PostgreSQL and SQLite (3.8+) both know
/// partial indexes.
const LIVE_LINK_INDEX: &str = "CREATE UNIQUE INDEX idx_care_links_one_live_pair \
     ON care_links (patient_id, therapist_id) WHERE revoked_at IS NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, outer: &SchemaManager) -> Result<(), DbErr> {
        let manager = outer.begin().await?;
        let db = manager.get_connection();
        let now = match db.get_database_backend() {
            DbBackend::Sqlite => "CAST(strftime('%s', 'now') AS INTEGER)",
            _ => "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
        };
        // A live link is ended when another live link of the same pair
        // comes before it.
        db.execute_unprepared(&format!(
            "UPDATE care_links SET revoked_at = {now} \
             WHERE revoked_at IS NULL AND EXISTS ( \
               SELECT 1 FROM care_links k \
               WHERE k.patient_id = care_links.patient_id \
                 AND k.therapist_id = care_links.therapist_id \
                 AND k.revoked_at IS NULL AND k.id <> care_links.id \
                 AND ((k.consented_at IS NOT NULL AND care_links.consented_at IS NULL) \
                   OR ((k.consented_at IS NULL) = (care_links.consented_at IS NULL) \
                     AND (k.created_at < care_links.created_at \
                       OR (k.created_at = care_links.created_at AND k.id < care_links.id)))))"
        ))
        .await?;
        db.execute_unprepared(LIVE_LINK_INDEX).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::SearchText).text().null())
                    .to_owned(),
            )
            .await?;
        manager.commit().await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_care_links_one_live_pair")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::SearchText)
                    .to_owned(),
            )
            .await
    }
}

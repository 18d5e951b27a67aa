use sea_orm_migration::prelude::*;

/// The access log keeps a therapist's repeated sightings of a patient in
/// the overview (the dashboard's list and search, a group's page) as one
/// row per therapist, patient and day, with how many times and when last
/// (`sighting_day` is set on those rows only; every other read keeps a row
/// of its own, its `sighting_day` NULL, which a unique index never
/// matches). So quick searches cannot push the patient-page and CSV reads
/// out of the patient's view.
///
/// It also ends group places whose link has ended: a revoke now removes the
/// patient from the therapist's groups, and places left from before would
/// otherwise come back with a new link without the patient being told.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    PatientId,
    TherapistId,
    What,
    SightingDay,
    Times,
    LastAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            ColumnDef::new(AccessLog::SightingDay)
                .string_len(10)
                .null()
                .to_owned(),
            ColumnDef::new(AccessLog::Times)
                .integer()
                .not_null()
                .default(1)
                .to_owned(),
            ColumnDef::new(AccessLog::LastAt)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AccessLog::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_sighting")
                    .table(AccessLog::Table)
                    .col(AccessLog::PatientId)
                    .col(AccessLog::TherapistId)
                    .col(AccessLog::What)
                    .col(AccessLog::SightingDay)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM group_members WHERE NOT EXISTS (\
                 SELECT 1 FROM care_groups g JOIN care_links l \
                 ON l.therapist_id = g.therapist_id \
                 WHERE g.id = group_members.group_id \
                 AND l.patient_id = group_members.patient_id \
                 AND l.consented_at IS NOT NULL AND l.revoked_at IS NULL)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_access_log_sighting")
                    .table(AccessLog::Table)
                    .to_owned(),
            )
            .await?;
        for column in [AccessLog::LastAt, AccessLog::Times, AccessLog::SightingDay] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AccessLog::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

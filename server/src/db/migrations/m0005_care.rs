use sea_orm_migration::prelude::*;

/// Therapists and their patients: invite codes, consented links, the
/// access log the patient reads, the therapist's private notes, and the
/// per-entry facts the therapist's overview reads (kept by the sync, so the
/// overview never parses logged JSON per request). Facts of entries logged
/// before this migration are written by `care::facts::backfill`, which
/// `migrations::run` calls after the last migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invites {
    Table,
    Code,
    TherapistId,
    CreatedAt,
    ExpiresAt,
    UsedBy,
    UsedAt,
}

#[derive(DeriveIden)]
enum CareLinks {
    Table,
    Id,
    TherapistId,
    PatientId,
    CreatedAt,
    ConsentedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    Id,
    PatientId,
    TherapistId,
    TherapistName,
    What,
    At,
}

#[derive(DeriveIden)]
enum TherapistNotes {
    Table,
    Id,
    TherapistId,
    PatientId,
    At,
    Text,
}

#[derive(DeriveIden)]
enum EntryFacts {
    Table,
    UserId,
    EntryId,
    Family,
    Day,
    Reps,
    Rounds,
    Pain,
    Leakage,
    PgiI,
    Goals,
    Questionnaire,
    Hurt,
}

fn user_fk<T: IntoIden + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Invites::Table)
                    .col(
                        ColumnDef::new(Invites::Code)
                            .string_len(16)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Invites::TherapistId).uuid().not_null())
                    .col(ColumnDef::new(Invites::CreatedAt).big_integer().not_null())
                    .col(ColumnDef::new(Invites::ExpiresAt).big_integer().not_null())
                    .col(ColumnDef::new(Invites::UsedBy).uuid().null())
                    .col(ColumnDef::new(Invites::UsedAt).big_integer().null())
                    .foreign_key(&mut user_fk(Invites::Table, Invites::TherapistId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CareLinks::Table)
                    .col(
                        ColumnDef::new(CareLinks::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CareLinks::TherapistId).uuid().not_null())
                    .col(ColumnDef::new(CareLinks::PatientId).uuid().not_null())
                    .col(
                        ColumnDef::new(CareLinks::CreatedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CareLinks::ConsentedAt).big_integer().null())
                    .col(ColumnDef::new(CareLinks::RevokedAt).big_integer().null())
                    .foreign_key(&mut user_fk(CareLinks::Table, CareLinks::TherapistId))
                    .foreign_key(&mut user_fk(CareLinks::Table, CareLinks::PatientId))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_care_links_therapist", CareLinks::TherapistId),
            ("idx_care_links_patient", CareLinks::PatientId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(CareLinks::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AccessLog::Table)
                    .col(
                        ColumnDef::new(AccessLog::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AccessLog::PatientId).uuid().not_null())
                    .col(ColumnDef::new(AccessLog::TherapistId).uuid().not_null())
                    // Kept as it was when read: the log still names who read
                    // after the therapist's account is gone.
                    .col(
                        ColumnDef::new(AccessLog::TherapistName)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLog::What).string_len(32).not_null())
                    .col(ColumnDef::new(AccessLog::At).big_integer().not_null())
                    .foreign_key(&mut user_fk(AccessLog::Table, AccessLog::PatientId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_patient_at")
                    .table(AccessLog::Table)
                    .col(AccessLog::PatientId)
                    .col(AccessLog::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TherapistNotes::Table)
                    .col(
                        ColumnDef::new(TherapistNotes::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TherapistNotes::TherapistId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TherapistNotes::PatientId).uuid().not_null())
                    .col(ColumnDef::new(TherapistNotes::At).big_integer().not_null())
                    .col(ColumnDef::new(TherapistNotes::Text).text().not_null())
                    .foreign_key(&mut user_fk(
                        TherapistNotes::Table,
                        TherapistNotes::TherapistId,
                    ))
                    .foreign_key(&mut user_fk(
                        TherapistNotes::Table,
                        TherapistNotes::PatientId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_therapist_notes_pair")
                    .table(TherapistNotes::Table)
                    .col(TherapistNotes::TherapistId)
                    .col(TherapistNotes::PatientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EntryFacts::Table)
                    .col(ColumnDef::new(EntryFacts::UserId).uuid().not_null())
                    .col(ColumnDef::new(EntryFacts::EntryId).uuid().not_null())
                    .col(ColumnDef::new(EntryFacts::Family).string_len(16).not_null())
                    // The patient's day, `YYYY-MM-DD` (sorts as text).
                    .col(ColumnDef::new(EntryFacts::Day).string_len(10).not_null())
                    .col(
                        ColumnDef::new(EntryFacts::Reps)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(EntryFacts::Rounds)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(EntryFacts::Pain).small_integer().null())
                    .col(ColumnDef::new(EntryFacts::Leakage).integer().null())
                    .col(ColumnDef::new(EntryFacts::PgiI).small_integer().null())
                    // The goals' average closeness, times ten (0–100).
                    .col(ColumnDef::new(EntryFacts::Goals).small_integer().null())
                    .col(
                        ColumnDef::new(EntryFacts::Questionnaire)
                            .string_len(16)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(EntryFacts::Hurt)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .primary_key(
                        Index::create()
                            .col(EntryFacts::UserId)
                            .col(EntryFacts::EntryId),
                    )
                    .foreign_key(&mut user_fk(EntryFacts::Table, EntryFacts::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_entry_facts_user_family_day")
                    .table(EntryFacts::Table)
                    .col(EntryFacts::UserId)
                    .col(EntryFacts::Family)
                    .col(EntryFacts::Day)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EntryFacts::Table.into_iden(),
            TherapistNotes::Table.into_iden(),
            AccessLog::Table.into_iden(),
            CareLinks::Table.into_iden(),
            Invites::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

use sea_orm_migration::prelude::*;

/// Each patient's row of the therapist's overview, computed from the facts
/// for one day and kept: the overview then reads, sorts and pages one row
/// per patient in the database instead of computing thousands per request.
/// A sync that changes a patient's entries or programme deletes the row;
/// a missing row, or one computed on another day, is computed again.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PatientOverviews {
    Table,
    UserId,
    ComputedOn,
    Need,
    Phase,
    Week,
    Dose7,
    Dose30,
    DaysSinceSession,
    PainBefore,
    PainNow,
    PgiI,
    Flags,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PatientOverviews as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(ColumnDef::new(P::UserId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(P::ComputedOn).string_len(10).not_null())
                    .col(ColumnDef::new(P::Need).big_integer().not_null())
                    .col(ColumnDef::new(P::Phase).string_len(16).null())
                    .col(ColumnDef::new(P::Week).integer().null())
                    .col(ColumnDef::new(P::Dose7).small_integer().null())
                    .col(ColumnDef::new(P::Dose30).small_integer().null())
                    .col(ColumnDef::new(P::DaysSinceSession).integer().null())
                    .col(ColumnDef::new(P::PainBefore).small_integer().null())
                    .col(ColumnDef::new(P::PainNow).small_integer().null())
                    .col(ColumnDef::new(P::PgiI).small_integer().null())
                    .col(ColumnDef::new(P::Flags).string_len(200).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PatientOverviews::Table).to_owned())
            .await
    }
}

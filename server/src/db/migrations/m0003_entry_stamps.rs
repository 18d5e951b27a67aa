use sea_orm_migration::prelude::*;

/// Logged entries keep the `(client_ts, device_id)` of the op that wrote
/// them, so that the same entry logged again (a session re-logged with the
/// patient's feedback) resolves by last-writer-wins, not by arrival order.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Entries {
    Table,
    ClientTs,
    DeviceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Entries::Table)
                    .add_column(ColumnDef::new(Entries::ClientTs).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Entries::Table)
                    .add_column(ColumnDef::new(Entries::DeviceId).uuid().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Entries::ClientTs, Entries::DeviceId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Entries::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum AppliedOps {
    Table,
    UserId,
    OpId,
    Seq,
    AppliedAt,
}

#[derive(DeriveIden)]
enum Changes {
    Table,
    UserId,
    Seq,
    OpId,
    Kind,
    DeviceId,
    ClientTs,
    Payload,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
    UserId,
    Family,
    Payload,
    Deleted,
    UpdatedSeq,
}

#[derive(DeriveIden)]
enum KeyedValues {
    Table,
    UserId,
    Key,
    Value,
    ClientTs,
    DeviceId,
    UpdatedSeq,
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
        // The user's row is locked to hand out change numbers one batch at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::ChangeSeq)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppliedOps::Table)
                    .col(ColumnDef::new(AppliedOps::UserId).uuid().not_null())
                    .col(ColumnDef::new(AppliedOps::OpId).uuid().not_null())
                    .col(ColumnDef::new(AppliedOps::Seq).big_integer().not_null())
                    .col(
                        ColumnDef::new(AppliedOps::AppliedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AppliedOps::UserId)
                            .col(AppliedOps::OpId),
                    )
                    .foreign_key(&mut user_fk(AppliedOps::Table, AppliedOps::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Changes::Table)
                    .col(ColumnDef::new(Changes::UserId).uuid().not_null())
                    .col(ColumnDef::new(Changes::Seq).big_integer().not_null())
                    .col(ColumnDef::new(Changes::OpId).uuid().not_null())
                    .col(ColumnDef::new(Changes::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(Changes::DeviceId).uuid().not_null())
                    .col(ColumnDef::new(Changes::ClientTs).string_len(64).not_null())
                    .col(ColumnDef::new(Changes::Payload).text().not_null())
                    .primary_key(Index::create().col(Changes::UserId).col(Changes::Seq))
                    .foreign_key(&mut user_fk(Changes::Table, Changes::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Entries::Table)
                    .col(ColumnDef::new(Entries::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Entries::UserId).uuid().not_null())
                    .col(ColumnDef::new(Entries::Family).string_len(16).not_null())
                    .col(ColumnDef::new(Entries::Payload).text().not_null())
                    .col(
                        ColumnDef::new(Entries::Deleted)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(Entries::UpdatedSeq).big_integer().not_null())
                    .foreign_key(&mut user_fk(Entries::Table, Entries::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_entries_user_family")
                    .table(Entries::Table)
                    .col(Entries::UserId)
                    .col(Entries::Family)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KeyedValues::Table)
                    .col(ColumnDef::new(KeyedValues::UserId).uuid().not_null())
                    .col(ColumnDef::new(KeyedValues::Key).string_len(64).not_null())
                    .col(ColumnDef::new(KeyedValues::Value).text().not_null())
                    .col(
                        ColumnDef::new(KeyedValues::ClientTs)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(KeyedValues::DeviceId).uuid().not_null())
                    .col(
                        ColumnDef::new(KeyedValues::UpdatedSeq)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(KeyedValues::UserId)
                            .col(KeyedValues::Key),
                    )
                    .foreign_key(&mut user_fk(KeyedValues::Table, KeyedValues::UserId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            KeyedValues::Table.into_iden(),
            Entries::Table.into_iden(),
            Changes::Table.into_iden(),
            AppliedOps::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ChangeSeq)
                    .to_owned(),
            )
            .await
    }
}

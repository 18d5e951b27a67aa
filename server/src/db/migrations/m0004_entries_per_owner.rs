use sea_orm_migration::prelude::*;

/// Logged entries belong to their owner: keyed by `(user_id, id)`, so the
/// same id sent by two accounts makes two entries. Keyed by `id` alone, one
/// account could learn that an id existed in another or claim it first, and
/// two accounts sending the same new id at once failed the whole batch of
/// one of them. No table can change its primary key in place on SQLite:
/// the table is copied into a new one.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Entries {
    Table,
    Id,
    UserId,
    Family,
    Payload,
    Deleted,
    UpdatedSeq,
    ClientTs,
    DeviceId,
}

#[derive(DeriveIden)]
enum EntriesNew {
    Table,
}

const COLUMNS: &str = "id, user_id, family, payload, deleted, updated_seq, client_ts, device_id";

fn create(primary_key: &[Entries]) -> TableCreateStatement {
    let mut key = Index::create();
    for column in primary_key {
        key.col(*column);
    }
    Table::create()
        .table(EntriesNew::Table)
        .col(ColumnDef::new(Entries::Id).uuid().not_null())
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
        .col(ColumnDef::new(Entries::ClientTs).string_len(64).null())
        .col(ColumnDef::new(Entries::DeviceId).uuid().null())
        .primary_key(&mut key)
        .foreign_key(
            ForeignKey::create()
                .from(EntriesNew::Table, Entries::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// One transaction on one connection: a crash half-way leaves the old
/// table as it was (SQLite runs each statement of a migration on whichever
/// pooled connection is free otherwise, and renaming failed there).
async fn rebuild(outer: &SchemaManager<'_>, primary_key: &[Entries]) -> Result<(), DbErr> {
    let manager = outer.begin().await?;
    manager.create_table(create(primary_key)).await?;
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "INSERT INTO entries_new ({COLUMNS}) SELECT {COLUMNS} FROM entries"
        ))
        .await?;
    // Dropping the old table drops its index too.
    manager
        .drop_table(Table::drop().table(Entries::Table).to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table(EntriesNew::Table, Entries::Table)
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
    manager.commit().await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, &[Entries::UserId, Entries::Id]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, &[Entries::Id]).await
    }
}

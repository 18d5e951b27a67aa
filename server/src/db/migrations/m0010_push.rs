use sea_orm_migration::prelude::*;

/// Web Push reminders: the server's VAPID key pair (made at the first start,
/// one row, the same for every server process), each device's push
/// subscription, and one row per reminder sent, so that several server
/// processes send each reminder once.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PushKeys {
    Table,
    Id,
    PrivateKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PushSubscriptions {
    Table,
    Id,
    UserId,
    DeviceId,
    Endpoint,
    P256dh,
    Auth,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PushSends {
    Table,
    UserId,
    LocalDay,
    At,
    ClaimedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PushKeys::Table)
                    .col(
                        ColumnDef::new(PushKeys::Id)
                            .small_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(PushKeys::PrivateKey)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(PushKeys::CreatedAt).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        use PushSubscriptions as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(ColumnDef::new(S::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(S::UserId).uuid().not_null())
                    .col(ColumnDef::new(S::DeviceId).uuid().not_null())
                    .col(
                        ColumnDef::new(S::Endpoint)
                            .string_len(2048)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(S::P256dh).string_len(100).not_null())
                    .col(ColumnDef::new(S::Auth).string_len(40).not_null())
                    .col(ColumnDef::new(S::CreatedAt).big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(S::Table, S::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("push_subscriptions_by_user")
                    .table(S::Table)
                    .col(S::UserId)
                    .to_owned(),
            )
            .await?;
        use PushSends as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(ColumnDef::new(P::UserId).uuid().not_null())
                    .col(ColumnDef::new(P::LocalDay).string_len(10).not_null())
                    .col(ColumnDef::new(P::At).string_len(5).not_null())
                    .col(ColumnDef::new(P::ClaimedAt).big_integer().not_null())
                    .primary_key(Index::create().col(P::UserId).col(P::LocalDay).col(P::At))
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
        for table in [
            PushSends::Table.into_iden(),
            PushSubscriptions::Table.into_iden(),
            PushKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

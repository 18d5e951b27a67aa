use sea_orm_migration::prelude::*;

/// What readers wrote after an education module ("what helped, what did
/// you miss"), kept for the clinic without any name or account: the module,
/// the page's language, the text and the day.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ModuleFeedback {
    Table,
    Id,
    Module,
    Language,
    Text,
    CreatedOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ModuleFeedback as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(ColumnDef::new(F::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(F::Module).string_len(40).not_null())
                    .col(ColumnDef::new(F::Language).string_len(2).not_null())
                    .col(ColumnDef::new(F::Text).text().not_null())
                    .col(ColumnDef::new(F::CreatedOn).string_len(10).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("module_feedback_by_module")
                    .table(F::Table)
                    .col(F::Module)
                    .col(F::CreatedOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ModuleFeedback::Table).to_owned())
            .await
    }
}

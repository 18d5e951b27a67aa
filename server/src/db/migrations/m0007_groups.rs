use sea_orm_migration::prelude::*;

/// A therapist's groups: a name, meetings with homework, and members (the
/// therapist's linked patients).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CareGroups {
    Table,
    Id,
    TherapistId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupMeetings {
    Table,
    GroupId,
    N,
    OnDay,
    Module,
    RelaxMinutes,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    PatientId,
    AddedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CareGroups::Table)
                    .col(
                        ColumnDef::new(CareGroups::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CareGroups::TherapistId).uuid().not_null())
                    .col(ColumnDef::new(CareGroups::Name).string_len(200).not_null())
                    .col(
                        ColumnDef::new(CareGroups::CreatedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CareGroups::Table, CareGroups::TherapistId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_care_groups_therapist")
                    .table(CareGroups::Table)
                    .col(CareGroups::TherapistId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMeetings::Table)
                    .col(ColumnDef::new(GroupMeetings::GroupId).uuid().not_null())
                    .col(ColumnDef::new(GroupMeetings::N).integer().not_null())
                    .col(
                        ColumnDef::new(GroupMeetings::OnDay)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(ColumnDef::new(GroupMeetings::Module).string_len(64).null())
                    .col(ColumnDef::new(GroupMeetings::RelaxMinutes).integer().null())
                    .primary_key(
                        Index::create()
                            .col(GroupMeetings::GroupId)
                            .col(GroupMeetings::N),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMeetings::Table, GroupMeetings::GroupId)
                            .to(CareGroups::Table, CareGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(ColumnDef::new(GroupMembers::GroupId).uuid().not_null())
                    .col(ColumnDef::new(GroupMembers::PatientId).uuid().not_null())
                    .col(
                        ColumnDef::new(GroupMembers::AddedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(GroupMembers::GroupId)
                            .col(GroupMembers::PatientId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::GroupId)
                            .to(CareGroups::Table, CareGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::PatientId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_members_patient")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::PatientId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            GroupMembers::Table.into_iden(),
            GroupMeetings::Table.into_iden(),
            CareGroups::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! Readers' feedback on the education modules (migration m0009): no name,
//! no account.

pub mod module_feedback {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "module_feedback")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub module: String,
        pub language: String,
        pub text: String,
        /// `YYYY-MM-DD` (UTC): the day only, never the time.
        pub created_on: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

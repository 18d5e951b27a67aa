//! Web Push reminders (migration m0010).

/// The server's VAPID key pair: one row (id 1), made at the first start.
pub mod push_key {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i16,
        /// The P-256 private key's 32 bytes, base64url without padding.
        pub private_key: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A device's push subscription (what `pushManager.subscribe` gave).
pub mod push_subscription {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_subscriptions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub device_id: Uuid,
        pub endpoint: String,
        pub p256dh: String,
        pub auth: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A reminder claimed for sending: the first process to insert the row
/// sends it, every other finds it there.
pub mod push_send {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_sends")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        /// The patient's day, `YYYY-MM-DD`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub local_day: String,
        /// The reminder's time, `HH:MM`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub at: String,
        pub claimed_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

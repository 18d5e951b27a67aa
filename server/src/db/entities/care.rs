//! The tables behind therapists and their patients (migration m0005).

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}

/// Single-use invite codes a therapist hands out.
pub mod invite {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "invites")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub therapist_id: Uuid,
        pub created_at: i64,
        pub expires_at: i64,
        pub used_by: Option<Uuid>,
        pub used_at: Option<i64>,
    }

    no_relations!();
}

/// A patient's link to a therapist: pending until the patient consents,
/// ended for good when the patient revokes it.
pub mod care_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "care_links")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub therapist_id: Uuid,
        pub patient_id: Uuid,
        pub created_at: i64,
        pub consented_at: Option<i64>,
        pub revoked_at: Option<i64>,
    }

    no_relations!();
}

/// Every read of a patient's data by a therapist.
pub mod access_log {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "access_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub patient_id: Uuid,
        pub therapist_id: Uuid,
        pub therapist_name: String,
        pub what: String,
        /// The first time (for a day's overview sightings, the first that day).
        pub at: i64,
        /// `YYYY-MM-DD` (UTC) on a day's overview sightings, else NULL.
        pub sighting_day: Option<String>,
        /// How many times: 1, or the day's overview sightings.
        pub times: i32,
        /// The last of the day's overview sightings.
        pub last_at: Option<i64>,
    }

    no_relations!();
}

/// A therapist's private notes on a patient (the patient's own data does
/// not include them; the therapist's report quotes the latest).
pub mod therapist_note {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "therapist_notes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub therapist_id: Uuid,
        pub patient_id: Uuid,
        pub at: i64,
        #[sea_orm(column_type = "Text")]
        pub text: String,
    }

    no_relations!();
}

/// What the overview needs of each logged entry, kept by the sync.
pub mod entry_fact {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "entry_facts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub entry_id: Uuid,
        /// `session` (training only), `relaxation`, `diary` or `prom`.
        pub family: String,
        /// The patient's day, `YYYY-MM-DD`.
        pub day: String,
        pub reps: i32,
        pub rounds: i32,
        pub pain: Option<i16>,
        pub leakage: Option<i32>,
        pub pgi_i: Option<i16>,
        /// The goals' average closeness times ten, 0–100.
        pub goals: Option<i16>,
        /// Which questionnaire an answer was (`baseline`, `month3`, …).
        pub questionnaire: Option<String>,
        pub hurt: bool,
        /// A training session's prescription: reps per round and rounds
        /// per day (none for other facts, and sessions logged without one).
        pub asked_reps_per_round: Option<i16>,
        pub asked_rounds_per_day: Option<i16>,
    }

    no_relations!();
}

/// A therapist's group of patients.
pub mod care_group {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "care_groups")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub therapist_id: Uuid,
        pub name: String,
        pub created_at: i64,
    }

    no_relations!();
}

/// A group's meetings, numbered from 1, with their homework.
pub mod group_meeting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_meetings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub n: i32,
        /// `YYYY-MM-DD`.
        pub on_day: String,
        pub module: Option<String>,
        pub relax_minutes: Option<i32>,
    }

    no_relations!();
}

/// Who is in a group.
pub mod group_member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub patient_id: Uuid,
        pub added_at: i64,
    }

    no_relations!();
}

/// Each patient's overview row, computed on `computed_on` (see migration
/// m0008).
pub mod patient_overview {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "patient_overviews")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub computed_on: String,
        pub need: i64,
        pub phase: Option<String>,
        pub week: Option<i32>,
        pub dose7: Option<i16>,
        pub dose30: Option<i16>,
        pub days_since_session: Option<i32>,
        pub pain_before: Option<i16>,
        pub pain_now: Option<i16>,
        pub pgi_i: Option<i16>,
        /// Flag names separated by spaces.
        pub flags: String,
    }

    no_relations!();
}

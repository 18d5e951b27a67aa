use crate::auth::password::Hashing;
use crate::config::ServeConfig;
use crate::db::fault::WriteHealth;
use crate::db::turns::WriteTurns;
use crate::instruments::Instruments;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<ServeConfig>,
    pub leptos: LeptosOptions,
    /// Whether writes have been failing for lack of storage, for `/healthz`.
    pub writes: Arc<WriteHealth>,
    /// Bounds the password hashes in flight.
    pub hashing: Arc<Hashing>,
    /// The licensed questionnaires the clinic plugged in.
    pub instruments: Arc<Instruments>,
    /// Sends reminders by Web Push (none until [`AppState::with_push`]).
    pub pusher: Option<crate::push::Pusher>,
    /// Wrong passwords per account (see `auth::throttle`).
    pub logins: Arc<crate::auth::throttle::LoginThrottle>,
    /// What `/metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Writers take turns before they write to SQLite (see `db::turns`).
    pub write_turns: Arc<WriteTurns>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: ServeConfig) -> Self {
        let leptos = LeptosOptions::builder()
            .output_name("knip")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(config.addr)
            .build();
        Self {
            config: Arc::new(config),
            leptos,
            writes: Arc::default(),
            hashing: Arc::default(),
            instruments: Arc::default(),
            pusher: None,
            logins: Arc::default(),
            metrics: Arc::default(),
            write_turns: Arc::new(WriteTurns::for_backend(db.get_database_backend())),
            db,
        }
    }

    /// With the server's push key, made at the first start (see `push::vapid`).
    pub async fn with_push(self) -> Result<Self, sea_orm::DbErr> {
        let vapid = crate::push::vapid::Vapid::load_or_create(&self.db).await?;
        Ok(Self {
            pusher: Some(crate::push::Pusher::new(vapid)),
            ..self
        })
    }

    /// The state for `config`, with the questionnaires it names read in.
    pub fn load(db: DatabaseConnection, config: ServeConfig) -> Result<Self, String> {
        let instruments = Instruments::load(config.instruments_dir.as_deref())?;
        Ok(Self {
            instruments: Arc::new(instruments),
            ..Self::new(db, config)
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

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
    /// Wrong invite codes per patient account (see `auth::throttle`).
    pub invite_guesses: Arc<crate::auth::throttle::CodeThrottle>,
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
            invite_guesses: Arc::default(),
            metrics: Arc::default(),
            write_turns: Arc::new(WriteTurns::for_backend(db.get_database_backend())),
            db,
        }
    }

    /// With the server's push key, made at the first start (see
    /// `push::vapid`), looking push services' names up with the system's
    /// resolver.
    pub async fn with_push(self) -> Result<Self, crate::push::PushSetupError> {
        self.with_push_via(Arc::new(crate::push::address::SystemLookup))
            .await
    }

    /// The same, looking names up with `lookup` (a fixed table in tests, so
    /// they ask no DNS server).
    pub async fn with_push_via(
        self,
        lookup: Arc<dyn crate::push::address::Lookup>,
    ) -> Result<Self, crate::push::PushSetupError> {
        let vapid = crate::push::vapid::Vapid::load_or_create(&self.db).await?;
        let destinations =
            crate::push::address::Destinations::new(lookup, self.config.push_allow_loopback);
        Ok(Self {
            pusher: Some(crate::push::Pusher::new(vapid, destinations)?),
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

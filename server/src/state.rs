use crate::auth::password::Hashing;
use crate::config::ServeConfig;
use crate::db::fault::WriteHealth;
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
            db,
            config: Arc::new(config),
            leptos,
            writes: Arc::default(),
            hashing: Arc::default(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

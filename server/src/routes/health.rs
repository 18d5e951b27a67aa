use crate::db::fault::{Fault, probe};
use crate::state::AppState;
use app::api::Health;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// 200 only when the database answers and a write could go through now:
/// the write lock can be taken, and no write has failed for lack of storage
/// since the last one that succeeded.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let db = match probe(&state.db).await {
        Ok(()) if state.writes.is_failing() => "cannot_write",
        Ok(()) => "ok",
        Err(Fault::CannotStore) => "cannot_write",
        Err(_) => "unreachable",
    };
    let ok = db == "ok";
    let health = Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        db: db.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health))
}

use crate::state::AppState;
use app::api::Health;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let db_ok = state.db.ping().await.is_ok();
    let health = Health {
        status: if db_ok { "ok" } else { "degraded" }.to_owned(),
        db: if db_ok { "ok" } else { "unreachable" }.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health))
}

use crate::auth::CurrentSession;
use crate::state::AppState;
use app::api::Me;
use axum::Json;
use axum::extract::State;

pub async fn me(current: CurrentSession) -> Json<Me> {
    Json(current.me)
}

/// The licensed questionnaires this clinic plugged in, for a signed-in
/// patient to answer.
pub async fn instruments(
    _: CurrentSession,
    State(state): State<AppState>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "instruments": state.instruments.all() }))
}

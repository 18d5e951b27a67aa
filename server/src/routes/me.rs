use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::state::AppState;
use app::api::{ErrorCode, Me};
use app::domain::Role;
use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_DISPOSITION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use time::format_description::well_known::Rfc3339;

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

/// `GET /api/export`: everything Knip keeps about the signed-in patient, as
/// a JSON file to download: the account, login sessions, every synced
/// change and entry (sessions, diary, answers, education, settings, the
/// programme and who set it), links with therapists, their notes and every
/// read of the patient's data, group places and push subscriptions.
pub async fn export(
    State(state): State<AppState>,
    current: CurrentSession,
) -> Result<Response, ApiError> {
    if current.me.role != Role::Patient {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "The export is a patient's copy of their own data; a clinic account has none.",
        ));
    }
    let tables = crate::auth::export::patient_tables(&state.db, current.user_id).await?;
    let now = time::OffsetDateTime::now_utc();
    let body = serde_json::json!({
        "format": "knip-export-1",
        "exported_at": now.format(&Rfc3339).map_err(ApiError::internal)?,
        "user_id": current.user_id,
        "left_out": crate::auth::export::LEFT_OUT
            .iter()
            .map(|(table, column)| format!("{table}.{column}"))
            .collect::<Vec<_>>(),
        "tables": tables,
    });
    let file = format!("attachment; filename=\"knip-{}.json\"", now.date());
    let disposition = HeaderValue::from_str(&file).map_err(ApiError::internal)?;
    tracing::info!("data exported");
    Ok((
        // Like every API answer it is `no-store` (security_headers).
        [(CONTENT_DISPOSITION, disposition)],
        Json(body),
    )
        .into_response())
}

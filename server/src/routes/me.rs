use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::state::AppState;
use app::api::{ErrorCode, Me};
use app::domain::Role;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
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

/// The tables for the signed-in patient's export, refused for staff.
async fn export_tables(
    state: &AppState,
    current: &CurrentSession,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    if current.me.role != Role::Patient {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "The export is a patient's copy of their own data; a clinic account has none.",
        ));
    }
    Ok(crate::auth::export::patient_tables(&state.db, current.user_id).await?)
}

/// What the export leaves out, as `table.column`.
fn left_out() -> Vec<String> {
    crate::auth::export::LEFT_OUT
        .iter()
        .map(|(table, column)| format!("{table}.{column}"))
        .collect()
}

fn attachment(name: String) -> Result<HeaderValue, ApiError> {
    HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).map_err(ApiError::internal)
}

/// `GET /api/export/csv`: the same as [`export`], as a zip of CSV files
/// (one per table) for a spreadsheet.
pub async fn export_csv(
    State(state): State<AppState>,
    current: CurrentSession,
) -> Result<Response, ApiError> {
    let tables = export_tables(&state, &current).await?;
    let now = time::OffsetDateTime::now_utc();
    let readme = format!(
        "Knip: a copy of everything Knip keeps about you, made {}.\r\n\
         One CSV file per table, the first row naming the columns; times are UTC \
         (RFC 3339) or seconds since 1970. Left out: {}.\r\n\
         The same data as one JSON file: Me > Download a copy of your data.\r\n",
        now.format(&Rfc3339).map_err(ApiError::internal)?,
        left_out().join(", "),
    );
    let zip = crate::auth::export::csv_bundle(&tables, &readme).map_err(ApiError::internal)?;
    tracing::info!("data exported as CSV");
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/zip")),
            (
                CONTENT_DISPOSITION,
                attachment(format!("knip-{}-csv.zip", now.date()))?,
            ),
        ],
        zip,
    )
        .into_response())
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
    let tables = export_tables(&state, &current).await?;
    let now = time::OffsetDateTime::now_utc();
    let body = serde_json::json!({
        "format": "knip-export-1",
        "exported_at": now.format(&Rfc3339).map_err(ApiError::internal)?,
        "user_id": current.user_id,
        "left_out": left_out(),
        "tables": tables,
    });
    let disposition = attachment(format!("knip-{}.json", now.date()))?;
    tracing::info!("data exported");
    Ok((
        // Like every API answer it is `no-store` (security_headers).
        [(CONTENT_DISPOSITION, disposition)],
        Json(body),
    )
        .into_response())
}

/// The signed-in person, their data's copy and the questionnaires.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(app::routes::API_ME, get(me))
        .route(app::routes::EXPORT, get(export))
        .route(app::routes::EXPORT_CSV, get(export_csv))
        .route(app::routes::API_INSTRUMENTS, get(instruments))
}

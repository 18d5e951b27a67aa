//! `POST /api/sync`: push ops, pull changes.

use crate::auth::CurrentSession;
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::state::AppState;
use crate::sync::{SyncError, sync_batch};
use app::api::ErrorCode;
use app::domain::sync::{Cursor, MAX_BATCH_OPS, SyncRequest, SyncResponse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::CursorAhead => ApiError::new(
                ErrorCode::CursorAhead,
                "This device has seen changes the server does not have (was the server restored from a backup?). Pull again with \"cursor\": null.",
            ),
            SyncError::UnknownUser => ApiError::unauthenticated(),
            SyncError::Db(e) => ApiError::from(e),
        }
    }
}

#[tracing::instrument(skip_all, fields(user_id = %session.user_id, ops = body.ops.len()))]
pub async fn sync(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(body): ApiJson<SyncRequest>,
) -> Result<Response, ApiError> {
    // The nil UUID is what a client sends when it forgot to make one: two
    // such phones would resolve their conflicts as one device.
    let device_id = Uuid::parse_str(&body.device_id)
        .ok()
        .filter(|id| !id.is_nil())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidDeviceId,
                "device_id must be a UUID the device made for itself (not all zeros).",
            )
        })?;
    if body.ops.len() > MAX_BATCH_OPS {
        return Err(ApiError::new(
            ErrorCode::BatchTooLarge,
            format!(
                "A batch can hold at most {MAX_BATCH_OPS} ops; send the rest in the next request."
            ),
        ));
    }
    let cursor = Cursor::parse(body.cursor.as_deref()).map_err(|e| {
        // The sync's contract (DESIGN §5): a cursor it cannot read is 400.
        ApiError::new(ErrorCode::InvalidCursor, e.to_string()).with_status(StatusCode::BAD_REQUEST)
    })?;
    // A pull alone only reads.
    let turn = if body.ops.is_empty() {
        None
    } else {
        Some(state.write_turns.take().await)
    };
    let response = sync_batch(
        &state.db,
        &state.instruments,
        session.user_id,
        device_id,
        cursor,
        &body.ops,
    )
    .await?;
    drop(turn);
    state
        .metrics
        .sync_ops(response.results.iter().map(|r| r.status));
    let mut response = Json::<SyncResponse>(response).into_response();
    if !body.ops.is_empty() {
        // The batch's transaction committed.
        response.extensions_mut().insert(WriteCommitted);
    }
    Ok(response)
}

/// `/api/sync`, with the larger body a batch of ops needs.
pub fn router() -> axum::Router<AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    axum::Router::new().route(
        app::routes::API_SYNC,
        post(sync).layer(DefaultBodyLimit::max(crate::router::SYNC_BODY_LIMIT_BYTES)),
    )
}

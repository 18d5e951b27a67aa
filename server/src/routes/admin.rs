//! The admin's JSON endpoints (DESIGN §2: an admin manages accounts and
//! reads no health data).

use crate::admin::{self, Admin};
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::care::{NewTherapist, StaffAccount, StaffList};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

pub async fn therapists(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<Json<StaffList>, ApiError> {
    Ok(Json(admin::therapists(&state, &admin).await?))
}

pub async fn create_therapist(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(new): ApiJson<NewTherapist>,
) -> Result<Response, ApiError> {
    let created = admin::create_therapist(&state, &admin, new).await?;
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    response.extensions_mut().insert(WriteCommitted);
    Ok(response)
}

pub fn staff_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::new(
            ErrorCode::NotFound,
            "There is no therapist account with this id.",
        )
    })
}

pub async fn disable(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<StaffAccount>, ApiError> {
    Ok(Json(
        admin::set_disabled(&state, &admin, staff_id(&id)?, true).await?,
    ))
}

pub async fn enable(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<StaffAccount>, ApiError> {
    Ok(Json(
        admin::set_disabled(&state, &admin, staff_id(&id)?, false).await?,
    ))
}

/// The admin's accounts of therapists.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            app::routes::API_ADMIN_THERAPISTS,
            get(therapists).post(create_therapist),
        )
        .route(app::routes::API_ADMIN_THERAPIST_DISABLE, post(disable))
        .route(app::routes::API_ADMIN_THERAPIST_ENABLE, post(enable))
}

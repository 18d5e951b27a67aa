//! The operator's admin page: the therapists' accounts (no health data).

use super::{Flash, PageAs, after_post, show};
use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::features::clinic::AdminData;
use app::features::clinic::flash::{AdminFlash, FlashCode};
use app::routes;
use axum::Router;
use axum::extract::{Form, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

pub async fn admin(
    State(state): State<AppState>,
    PageAs(admin): PageAs<crate::admin::Admin>,
    Query(flash): Query<Flash>,
    request: Request,
) -> Response {
    let loaded = crate::admin::therapists(&state, &admin).await;
    show(
        &state,
        request,
        loaded.map(|list| AdminData {
            list,
            flash: flash.of(),
        }),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TherapistForm {
    email: String,
    display_name: String,
    password: String,
}

fn back_to_admin(flash: AdminFlash) -> Response {
    after_post(&format!("{}?flash={}", routes::ADMIN, flash.code()))
}

pub async fn create_therapist(
    State(state): State<AppState>,
    admin: crate::admin::Admin,
    Form(form): Form<TherapistForm>,
) -> Result<Response, ApiError> {
    let new = app::api::care::NewTherapist {
        email: form.email,
        password: form.password,
        display_name: Some(form.display_name),
    };
    match crate::admin::create_therapist(&state, &admin, new).await {
        Ok(_) => Ok(back_to_admin(AdminFlash::Created)),
        Err(error) => match error.code {
            ErrorCode::InvalidEmail => Ok(back_to_admin(AdminFlash::Email)),
            ErrorCode::EmailTaken => Ok(back_to_admin(AdminFlash::Taken)),
            ErrorCode::InvalidPassword | ErrorCode::WeakPassword => {
                Ok(back_to_admin(AdminFlash::Password))
            }
            ErrorCode::InvalidDisplayName => Ok(back_to_admin(AdminFlash::Name)),
            _ => Err(error),
        },
    }
}

pub async fn disable_therapist(
    State(state): State<AppState>,
    admin: crate::admin::Admin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = crate::routes::admin::staff_id(&id)?;
    crate::admin::set_disabled(&state, &admin, id, true).await?;
    Ok(back_to_admin(AdminFlash::Disabled))
}

pub async fn enable_therapist(
    State(state): State<AppState>,
    admin: crate::admin::Admin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = crate::routes::admin::staff_id(&id)?;
    crate::admin::set_disabled(&state, &admin, id, false).await?;
    Ok(back_to_admin(AdminFlash::Enabled))
}

/// `/admin…`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::ADMIN, get(admin))
        .route(routes::ADMIN_THERAPISTS, post(create_therapist))
        .route(routes::ADMIN_THERAPIST_DISABLE, post(disable_therapist))
        .route(routes::ADMIN_THERAPIST_ENABLE, post(enable_therapist))
}

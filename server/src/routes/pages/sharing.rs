//! The patient's sharing page: the therapists they share with, the invite
//! codes they entered, and the log of every read of their data.

use super::{Flash, PageAs, after_post, show};
use crate::care::{Patient, links};
use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::features::clinic::flash::{FlashCode, SharingFlash};
use app::features::sharing::SharingData;
use app::routes;
use axum::Router;
use axum::extract::{Form, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use uuid::Uuid;

pub async fn sharing(
    State(state): State<AppState>,
    PageAs(patient): PageAs<Patient>,
    Query(flash): Query<Flash>,
    Query(page): Query<app::api::care::AccessLogQuery>,
    request: Request,
) -> Response {
    let loaded = async {
        let links = links::list(&state.db, patient.0.user_id).await?;
        let log = crate::care::access::list(&state.db, patient.0.user_id, &page.before).await?;
        Ok(SharingData {
            links,
            log,
            paged: !page.before.is_empty(),
            flash: flash.of(),
        })
    };
    show(&state, request, loaded.await).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

fn back_to_sharing(flash: Option<SharingFlash>) -> Response {
    match flash {
        Some(flash) => after_post(&format!("{}?flash={}", routes::SHARING, flash.code())),
        None => after_post(routes::SHARING),
    }
}

pub async fn enter_code(
    State(state): State<AppState>,
    patient: Patient,
    Form(form): Form<CodeForm>,
) -> Result<Response, ApiError> {
    match links::redeem(&state.db, &state.invite_guesses, &patient, &form.code).await {
        Ok(_) => Ok(back_to_sharing(None)),
        Err(error) => match error.code {
            ErrorCode::InvalidInviteCode => Ok(back_to_sharing(Some(SharingFlash::Code))),
            ErrorCode::InviteNotValid => Ok(back_to_sharing(Some(SharingFlash::Invite))),
            ErrorCode::AlreadyLinked => Ok(back_to_sharing(Some(SharingFlash::Linked))),
            _ => Err(error),
        },
    }
}

fn link_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, "You have no link with this id."))
}

pub async fn consent(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    links::consent(&state.db, &patient, link_id(&id)?).await?;
    Ok(back_to_sharing(Some(SharingFlash::Consented)))
}

pub async fn revoke(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    links::revoke(&state.db, &patient, link_id(&id)?).await?;
    Ok(back_to_sharing(Some(SharingFlash::Revoked)))
}

/// `/sharing…`, except entering a code (`enter_code`), which the router
/// limits like a password guess.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::SHARING, get(sharing))
        .route(routes::SHARING_LINK_CONSENT, post(consent))
        .route(routes::SHARING_LINK_REVOKE, post(revoke))
}

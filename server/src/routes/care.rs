//! The JSON endpoints of therapists and of the patient's sharing (DESIGN §4).

use crate::care::{Patient, Therapist, access, links, overview, patient};
use crate::error::{ApiError, WriteCommitted};
use crate::json::ApiJson;
use crate::state::AppState;
use app::api::care::{
    AccessLogList, AccessLogQuery, InviteCreated, LinkList, LinkRequest, LinkView, NoteRequest,
    PatientDetail, PatientList, PatientQuery, PrescriptionChange, ProgrammeView,
};
use app::domain::care::Access;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

fn created<T: serde::Serialize>(value: T) -> Response {
    let mut response = (StatusCode::CREATED, Json(value)).into_response();
    response.extensions_mut().insert(WriteCommitted);
    response
}

/// A path id that is not a UUID is a patient that does not exist.
fn patient_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| crate::care::no_such_patient())
}

pub async fn create_invite(
    State(state): State<AppState>,
    therapist: Therapist,
) -> Result<Response, ApiError> {
    let invite: InviteCreated = links::create_invite(&state.db, &therapist).await?;
    Ok(created(invite))
}

pub async fn outcomes(
    State(state): State<AppState>,
    therapist: Therapist,
) -> Result<Json<app::api::care::ClinicOutcomes>, ApiError> {
    Ok(Json(
        crate::care::outcomes::report(&state.db, &therapist).await?,
    ))
}

pub async fn patients(
    State(state): State<AppState>,
    therapist: Therapist,
    Query(query): Query<PatientQuery>,
) -> Result<Json<PatientList>, ApiError> {
    Ok(Json(
        overview::patients(&state.db, &therapist, &query).await?,
    ))
}

pub async fn patient_detail(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
) -> Result<Json<PatientDetail>, ApiError> {
    let id = patient_id(&id)?;
    Ok(Json(
        patient::detail(&state.db, &therapist, id, Access::PatientPage).await?,
    ))
}

pub async fn set_prescription(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<PrescriptionChange>,
) -> Result<Json<ProgrammeView>, ApiError> {
    let id = patient_id(&id)?;
    Ok(Json(
        patient::set_prescription(&state.db, &therapist, id, change).await?,
    ))
}

pub async fn set_assessment(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    ApiJson(assessment): ApiJson<app::domain::pathway::Assessment>,
) -> Result<Json<app::domain::pathway::Assessment>, ApiError> {
    let id = patient_id(&id)?;
    Ok(Json(
        crate::care::pathway::set_assessment(&state.db, &therapist, id, assessment).await?,
    ))
}

pub async fn add_note(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    ApiJson(note): ApiJson<NoteRequest>,
) -> Result<Response, ApiError> {
    let id = patient_id(&id)?;
    patient::add_note(&state.db, &therapist, id, &note.text).await?;
    Ok(created(serde_json::json!({})))
}

pub async fn export_csv(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = patient_id(&id)?;
    let csv = patient::export_csv(&state.db, &therapist, id).await?;
    Ok(super::pages::csv_response(csv, &format!("knip-{id}.csv")))
}

pub async fn create_link(
    State(state): State<AppState>,
    patient: Patient,
    ApiJson(request): ApiJson<LinkRequest>,
) -> Result<Response, ApiError> {
    let link: LinkView =
        links::redeem(&state.db, &state.invite_guesses, &patient, &request.code).await?;
    Ok(created(link))
}

pub async fn list_links(
    State(state): State<AppState>,
    patient: Patient,
) -> Result<Json<LinkList>, ApiError> {
    Ok(Json(links::list(&state.db, patient.0.user_id).await?))
}

/// A path id that is not a UUID is a link that does not exist.
fn link_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::new(
            app::api::ErrorCode::NotFound,
            "You have no link with this id.",
        )
    })
}

pub async fn consent(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    Ok(Json(
        links::consent(&state.db, &patient, link_id(&id)?).await?,
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    links::revoke(&state.db, &patient, link_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn access_log(
    State(state): State<AppState>,
    patient: Patient,
    Query(query): Query<AccessLogQuery>,
) -> Result<Json<AccessLogList>, ApiError> {
    Ok(Json(
        access::list(&state.db, patient.0.user_id, &query.before).await?,
    ))
}

/// A path id that is not a UUID is a group that does not exist.
fn group_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::new(
            app::api::ErrorCode::NotFound,
            "You have no group with this id.",
        )
    })
}

pub async fn groups(
    State(state): State<AppState>,
    therapist: Therapist,
) -> Result<Json<app::api::care::GroupList>, ApiError> {
    Ok(Json(
        crate::care::groups::list(&state.db, &therapist).await?,
    ))
}

pub async fn create_group(
    State(state): State<AppState>,
    therapist: Therapist,
    ApiJson(new): ApiJson<app::api::care::NewGroup>,
) -> Result<Response, ApiError> {
    let id = crate::care::groups::create(&state.db, &therapist, new).await?;
    Ok(created(serde_json::json!({ "id": id })))
}

pub async fn group(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    Query(query): Query<app::api::care::GroupQuery>,
) -> Result<Json<app::api::care::GroupDetail>, ApiError> {
    Ok(Json(
        crate::care::groups::detail(&state.db, &therapist, group_id(&id)?, &query.q).await?,
    ))
}

pub async fn add_member(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    ApiJson(member): ApiJson<app::api::care::NewMember>,
) -> Result<Response, ApiError> {
    crate::care::groups::add_member(&state.db, &therapist, group_id(&id)?, member.patient_id)
        .await?;
    Ok(created(serde_json::json!({})))
}

pub async fn remove_member(
    State(state): State<AppState>,
    therapist: Therapist,
    Path((id, patient)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let patient = patient_id(&patient)?;
    crate::care::groups::remove_member(&state.db, &therapist, group_id(&id)?, patient).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn next_meeting(
    State(state): State<AppState>,
    patient: Patient,
) -> Result<Json<app::api::care::NextMeeting>, ApiError> {
    Ok(Json(
        crate::care::groups::next_for(&state.db, &patient).await?,
    ))
}

/// Patients and therapists: links and consent, the access log, the
/// therapist's patients, groups and outcomes. Entering an invite code is
/// `invite_router`, which the router limits like a password guess.
pub fn router() -> axum::Router<AppState> {
    use app::routes as r;
    use axum::routing::{delete, get, post, put};
    axum::Router::new()
        .route(r::API_LINKS, get(list_links))
        .route(r::API_LINK, delete(revoke))
        .route(r::API_LINK_CONSENT, post(consent))
        .route(r::API_ACCESS_LOG, get(access_log))
        .route(r::API_THERAPIST_INVITES, post(create_invite))
        .route(r::API_THERAPIST_PATIENTS, get(patients))
        .route(r::API_THERAPIST_OUTCOMES, get(outcomes))
        .route(r::API_THERAPIST_GROUPS, get(groups).post(create_group))
        .route(r::API_THERAPIST_GROUP, get(group))
        .route(r::API_THERAPIST_GROUP_MEMBERS, post(add_member))
        .route(r::API_THERAPIST_GROUP_MEMBER, delete(remove_member))
        .route(r::API_NEXT_MEETING, get(next_meeting))
        .route(r::API_THERAPIST_PATIENT, get(patient_detail))
        .route(r::API_THERAPIST_PATIENT_PRESCRIPTION, put(set_prescription))
        .route(r::API_THERAPIST_PATIENT_ASSESSMENT, put(set_assessment))
        .route(r::API_THERAPIST_PATIENT_NOTES, post(add_note))
        .route(r::API_THERAPIST_PATIENT_CSV, get(export_csv))
}

/// Entering an invite code: a guess to limit.
pub fn invite_router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route(app::routes::API_LINKS, post(create_link))
}

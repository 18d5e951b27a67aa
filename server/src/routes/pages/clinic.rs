//! The therapist's pages: the overview of patients, one patient's page
//! with its forms (the programme, the pathway, notes), the report for the
//! referring doctor, and the outcomes across patients.

use super::{Flash, PageAs, after_post, csv_response, show};
use crate::care::{Therapist, links, overview, patient};
use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::care::{PatientQuery, PrescriptionChange};
use app::domain::care::Access;
use app::domain::training::Phase;
use app::domain::training::prescription::{
    HoldSecs, Position, PrescriptionBuilder, PrescriptionError, QuickLifts, RepsPerRound, RestSecs,
    RoundPauseSecs, RoundsPerDay, Schedule,
};
use app::features::clinic::flash::{FlashCode, PatientFlash};
use app::features::clinic::{DashboardData, OutcomesData, PatientPageData, ReportData};
use app::routes;
use axum::Router;
use axum::extract::{Form, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use uuid::Uuid;

pub async fn dashboard(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    Query(query): Query<PatientQuery>,
    request: Request,
) -> Response {
    let loaded = overview::patients(&state.db, &therapist, &query).await;
    show(&state, request, loaded.map(DashboardData)).await
}

pub async fn dashboard_csv(
    State(state): State<AppState>,
    therapist: Therapist,
    Query(query): Query<PatientQuery>,
) -> Result<Response, ApiError> {
    let csv = overview::csv(&state.db, &therapist, &query).await?;
    Ok(csv_response(csv, "knip-patients.csv"))
}

pub async fn create_invite(
    State(state): State<AppState>,
    therapist: Therapist,
) -> Result<Response, ApiError> {
    links::create_invite(&state.db, &therapist).await?;
    Ok(after_post(routes::CLINIC))
}

async fn patient_page(
    state: AppState,
    therapist: Therapist,
    id: String,
    request: Request,
    what: Access,
    flash: Option<PatientFlash>,
) -> Response {
    let loaded = match Uuid::parse_str(&id) {
        Ok(id) => patient::detail(&state.db, &therapist, id, what).await,
        Err(_) => Err(crate::care::no_such_patient()),
    };
    if what == Access::Report {
        let today = overview::today().to_string();
        let name = therapist.name();
        let report = loaded.map(|detail| ReportData {
            detail,
            therapist: name,
            today,
        });
        show(&state, request, report).await
    } else {
        show(
            &state,
            request,
            loaded.map(|detail| PatientPageData { detail, flash }),
        )
        .await
    }
}

pub async fn patient(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
    request: Request,
) -> Response {
    patient_page(
        state,
        therapist,
        id,
        request,
        Access::PatientPage,
        flash.of(),
    )
    .await
}

pub async fn report(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    patient_page(state, therapist, id, request, Access::Report, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PrescriptionForm {
    reps_per_round: String,
    rounds_per_day: String,
    hold_secs: String,
    quick_lifts: String,
    rest_secs: String,
    position: String,
    schedule: String,
    pause_secs: String,
    phase: String,
    reason: String,
}

/// The form's prescription, or the code of the first field out of range.
fn parse_prescription(form: &PrescriptionForm) -> Result<PrescriptionChange, PatientFlash> {
    let number = |raw: &str, flash: PatientFlash| raw.trim().parse::<i64>().map_err(|_| flash);
    let field = |e: PrescriptionError| match e {
        PrescriptionError::Reps(_) => PatientFlash::Reps,
        PrescriptionError::Rounds(_) => PatientFlash::Rounds,
        PrescriptionError::Hold(_) => PatientFlash::Hold,
        PrescriptionError::QuickLifts(_) => PatientFlash::Lifts,
        PrescriptionError::QuickLiftsTooEarly(_) => PatientFlash::LiftsEarly,
        PrescriptionError::Rest(_) => PatientFlash::Rest,
        PrescriptionError::RoundPause(_) => PatientFlash::Pause,
    };
    let schedule = if form.schedule == "spread" {
        Schedule::Spread
    } else {
        Schedule::Together {
            pause_secs: RoundPauseSecs::parse(number(&form.pause_secs, PatientFlash::Pause)?)
                .map_err(field)?,
        }
    };
    let prescription = PrescriptionBuilder {
        reps_per_round: RepsPerRound::parse(number(&form.reps_per_round, PatientFlash::Reps)?)
            .map_err(field)?,
        rounds_per_day: RoundsPerDay::parse(number(&form.rounds_per_day, PatientFlash::Rounds)?)
            .map_err(field)?,
        hold_secs: HoldSecs::parse(number(&form.hold_secs, PatientFlash::Hold)?).map_err(field)?,
        quick_lifts: QuickLifts::parse(number(&form.quick_lifts, PatientFlash::Lifts)?)
            .map_err(field)?,
        rest_secs: RestSecs::parse(number(&form.rest_secs, PatientFlash::Rest)?).map_err(field)?,
        position: Position::parse(&form.position).unwrap_or_default(),
        schedule,
    }
    .build()
    .map_err(field)?;
    let phase = match form.phase.as_str() {
        "" => None,
        "intensive" => Some(Phase::Intensive),
        "maintenance" => Some(Phase::Maintenance),
        _ => return Err(PatientFlash::Phase),
    };
    Ok(PrescriptionChange {
        prescription,
        phase,
        reason: Some(form.reason.clone()).filter(|r| !r.trim().is_empty()),
    })
}

fn back_to(id: Uuid, flash: PatientFlash) -> Response {
    after_post(&format!(
        "{}/{id}?flash={}",
        routes::CLINIC_PATIENTS,
        flash.code()
    ))
}

/// A refusal of the shared code, as an outcome for the page.
fn flash_of(error: &ApiError) -> Option<PatientFlash> {
    match error.code {
        ErrorCode::InvalidPhaseChange => Some(PatientFlash::Phase),
        ErrorCode::InvalidNote => Some(PatientFlash::Note),
        _ => None,
    }
}

pub async fn set_prescription(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    Form(form): Form<PrescriptionForm>,
) -> Result<Response, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| crate::care::no_such_patient())?;
    let change = match parse_prescription(&form) {
        Ok(change) => change,
        Err(code) => return Ok(back_to(id, code)),
    };
    match patient::set_prescription(&state.db, &therapist, id, change).await {
        Ok(_) => Ok(back_to(id, PatientFlash::PrescriptionSaved)),
        Err(error) => flash_of(&error).map(|code| back_to(id, code)).ok_or(error),
    }
}

/// The pathway form: a checkbox per problem (`problem_<name>`), per red
/// flag (`red_flag_<name>`), and `doctor_seen`, `physio_assessed`.
pub async fn set_assessment(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    use app::domain::pathway::{Assessment, Problem, RedFlag};
    let id = Uuid::parse_str(&id).map_err(|_| crate::care::no_such_patient())?;
    let ticked = |name: String| form.contains_key(&name);
    let assessment = Assessment {
        red_flags: RedFlag::ALL
            .into_iter()
            .filter(|f| ticked(format!("red_flag_{}", f.as_str())))
            .collect(),
        problems: Problem::ALL
            .into_iter()
            .filter(|p| ticked(format!("problem_{}", p.as_str())))
            .collect(),
        doctor_seen: ticked("doctor_seen".to_owned()),
        physio_assessed: ticked("physio_assessed".to_owned()),
    };
    crate::care::pathway::set_assessment(&state.db, &therapist, id, assessment).await?;
    Ok(back_to(id, PatientFlash::PathwaySaved))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    text: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| crate::care::no_such_patient())?;
    match patient::add_note(&state.db, &therapist, id, &form.text).await {
        Ok(()) => Ok(back_to(id, PatientFlash::NoteSaved)),
        Err(error) => flash_of(&error).map(|code| back_to(id, code)).ok_or(error),
    }
}

pub async fn outcomes(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    request: Request,
) -> Response {
    let loaded = crate::care::outcomes::report(&state.db, &therapist).await;
    show(&state, request, loaded.map(OutcomesData)).await
}

pub async fn outcomes_csv(
    State(state): State<AppState>,
    therapist: Therapist,
) -> Result<Response, ApiError> {
    let report = crate::care::outcomes::report(&state.db, &therapist).await?;
    Ok(csv_response(
        crate::care::outcomes::csv(&report),
        "knip-outcomes.csv",
    ))
}

/// `/clinic…` except the groups.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::CLINIC, get(dashboard))
        .route(routes::CLINIC_CSV, get(dashboard_csv))
        .route(routes::CLINIC_OUTCOMES, get(outcomes))
        .route(routes::CLINIC_OUTCOMES_CSV, get(outcomes_csv))
        .route(routes::CLINIC_INVITES, post(create_invite))
        .route(routes::CLINIC_PATIENT, get(patient))
        .route(routes::CLINIC_PATIENT_REPORT, get(report))
        .route(routes::CLINIC_PATIENT_PRESCRIPTION, post(set_prescription))
        .route(routes::CLINIC_PATIENT_ASSESSMENT, post(set_assessment))
        .route(routes::CLINIC_PATIENT_NOTES, post(add_note))
}

//! The server-rendered pages of therapists (`/clinic…`) and the patient's
//! sharing page (`/sharing`), with their plain HTML forms. Each GET loads
//! its data here, scoped to the signed-in user exactly as the JSON API is
//! (the same `care` functions, the same access log), and hands it to the
//! Leptos page as a context value. A form post answers 303 back to its
//! page, with a short code of what happened in the query.

use crate::auth::CurrentSession;
use crate::care::{Patient, Therapist, links, overview, patient};
use crate::error::{ApiError, WriteCommitted};
use crate::state::AppState;
use app::api::ErrorCode;
use app::api::care::{PatientQuery, PrescriptionChange};
use app::domain::Role;
use app::domain::care::Access;
use app::domain::training::Phase;
use app::domain::training::prescription::{
    HoldSecs, Position, PrescriptionBuilder, PrescriptionError, QuickLifts, RepsPerRound, RestSecs,
    RoundPauseSecs, RoundsPerDay, Schedule,
};
use app::features::clinic::flash::{AdminFlash, FlashCode, GroupFlash, PatientFlash, SharingFlash};
use app::features::clinic::{
    AdminData, DashboardData, GroupPageData, GroupsData, OutcomesData, PatientPageData, ReportData,
    SharingData,
};
use app::routes;
use axum::body::Body;
use axum::extract::{Form, FromRequestParts, Path, Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;
use uuid::Uuid;

/// The public app's paths whose pages are rendered by the handlers here.
pub const RENDERED_HERE: [&str; 3] = [routes::CLINIC, routes::SHARING, routes::ADMIN];

/// The query of a page after a form post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Flash {
    flash: String,
}

impl Flash {
    /// The page's outcome; none for a word the page does not know.
    fn of<F: FlashCode>(&self) -> Option<F> {
        F::parse(&self.flash)
    }
}

/// Renders the public app at the request's path with `data` as context.
/// Health data: never stored by a browser or a proxy.
async fn render<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: Parts,
    data: T,
) -> Response {
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(data.clone()),
        move || app::shell_public(leptos.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty()))
        .await
        .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response.extensions_mut().insert(WriteCommitted);
    response
}

/// The roles a page can be for.
pub trait PageRole: Sized {
    const ROLE: Role;
    fn of(session: CurrentSession) -> Self;
}

impl PageRole for Therapist {
    const ROLE: Role = Role::Therapist;
    fn of(session: CurrentSession) -> Self {
        Therapist(session)
    }
}

impl PageRole for Patient {
    const ROLE: Role = Role::Patient;
    fn of(session: CurrentSession) -> Self {
        Patient(session)
    }
}

impl PageRole for crate::admin::Admin {
    const ROLE: Role = Role::Admin;
    fn of(session: CurrentSession) -> Self {
        crate::admin::Admin(session)
    }
}

/// Who may open a page: anyone signed out goes to log in; a signed-in
/// person of another role gets "not found", as for a page that is not
/// there.
pub struct PageAs<R>(pub R);

impl<R: PageRole> FromRequestParts<AppState> for PageAs<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let current = Option::<CurrentSession>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match current {
            None => Err(see_other(routes::LOGIN)),
            Some(session) if session.me.role == R::ROLE => Ok(Self(R::of(session))),
            Some(_) => Err(not_found(state, parts.clone()).await),
        }
    }
}

/// The page with the data it shows; "not found" when the data belongs to
/// no one the reader may see.
async fn show<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    request: Request,
    loaded: Result<T, ApiError>,
) -> Response {
    let (parts, _) = request.into_parts();
    match loaded {
        Ok(data) => render(state, parts, data).await,
        Err(error) if error.code == ErrorCode::NotFound => not_found(state, parts).await,
        Err(error) => error.into_response(),
    }
}

/// A page for an id the therapist may not see: "not found".
async fn not_found(state: &AppState, parts: Parts) -> Response {
    let mut page = render(state, parts, ()).await;
    *page.status_mut() = StatusCode::NOT_FOUND;
    page
}

/// A CSV download: an attachment, never kept by a browser or proxy.
pub(crate) fn csv_response(csv: String, name: &str) -> Response {
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}

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
    Ok(see_other(routes::CLINIC))
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
    see_other(&format!(
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
        Some(flash) => see_other(&format!("{}?flash={}", routes::SHARING, flash.code())),
        None => see_other(routes::SHARING),
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
    see_other(&format!("{}?flash={}", routes::ADMIN, flash.code()))
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

pub async fn groups(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    Query(flash): Query<Flash>,
    request: Request,
) -> Response {
    let today = overview::today().to_string();
    let loaded = crate::care::groups::list(&state.db, &therapist).await;
    show(
        &state,
        request,
        loaded.map(|list| GroupsData {
            list,
            flash: flash.of(),
            today,
        }),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    name: String,
    template: String,
    start: String,
}

fn back_to_groups(flash: GroupFlash) -> Response {
    see_other(&format!("{}?flash={}", routes::CLINIC_GROUPS, flash.code()))
}

pub async fn create_group(
    State(state): State<AppState>,
    therapist: Therapist,
    Form(form): Form<GroupForm>,
) -> Result<Response, ApiError> {
    use app::domain::groups::{GroupError, Meeting, Template};
    let Some(start) = app::domain::sync::parse_day(form.start.trim()) else {
        return Ok(back_to_groups(GroupFlash::Date));
    };
    let template = Template::parse(&form.template).unwrap_or(Template::PainSchool);
    let meetings = template
        .days(start)
        .into_iter()
        .map(|day| Meeting {
            on: day.to_string(),
            module: None,
            relax_minutes: None,
        })
        .collect();
    let plan = app::domain::groups::GroupPlan::parse(
        &form.name,
        Vec::clone(&meetings),
        overview::today(),
        &[],
    );
    match plan {
        Err(GroupError::Name) => return Ok(back_to_groups(GroupFlash::Name)),
        Err(GroupError::Past(_)) => return Ok(back_to_groups(GroupFlash::Past)),
        Err(_) => return Ok(back_to_groups(GroupFlash::Other)),
        Ok(_) => {}
    }
    let new = app::api::care::NewGroup {
        name: form.name,
        meetings,
    };
    let id = crate::care::groups::create(&state.db, &therapist, new).await?;
    Ok(back_to_group(id, GroupFlash::Created))
}

fn group_uuid(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, "You have no group with this id."))
}

pub async fn group(
    State(state): State<AppState>,
    PageAs(therapist): PageAs<Therapist>,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
    Query(search): Query<app::api::care::GroupQuery>,
    request: Request,
) -> Response {
    let loaded = match group_uuid(&id) {
        Ok(id) => crate::care::groups::detail(&state.db, &therapist, id, &search.q).await,
        Err(error) => Err(error),
    };
    show(
        &state,
        request,
        loaded.map(|group| GroupPageData {
            group,
            flash: flash.of(),
        }),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HomeworkForm {
    module: String,
    relax_minutes: String,
}

fn back_to_group(id: Uuid, flash: GroupFlash) -> Response {
    see_other(&format!(
        "{}/{id}?flash={}",
        routes::CLINIC_GROUPS,
        flash.code()
    ))
}

pub async fn set_homework(
    State(state): State<AppState>,
    therapist: Therapist,
    Path((id, n)): Path<(String, String)>,
    Form(form): Form<HomeworkForm>,
) -> Result<Response, ApiError> {
    let id = group_uuid(&id)?;
    let n: i32 = n
        .parse()
        .map_err(|_| ApiError::new(ErrorCode::NotFound, "The group has no such meeting."))?;
    let minutes = match form.relax_minutes.trim() {
        "" => None,
        raw => match raw
            .parse::<u16>()
            .ok()
            .and_then(|m| app::domain::relax::RelaxMinutes::try_from(m).ok())
        {
            Some(m) => Some(m),
            None => return Ok(back_to_group(id, GroupFlash::Minutes)),
        },
    };
    let module = Some(form.module).filter(|m| !m.is_empty());
    match crate::care::groups::set_homework(&state.db, &therapist, id, n, module, minutes).await {
        // Back to the meeting just saved, where the page says so.
        Ok(()) => Ok(see_other(&format!(
            "{}/{id}?flash={}#meeting-{n}",
            routes::CLINIC_GROUPS,
            usize::try_from(n)
                .map_or(GroupFlash::Saved, GroupFlash::MeetingSaved)
                .code()
        ))),
        Err(error) if error.code == ErrorCode::InvalidGroup => {
            Ok(back_to_group(id, GroupFlash::Other))
        }
        Err(error) => Err(error),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    patient_id: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    therapist: Therapist,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Result<Response, ApiError> {
    let id = group_uuid(&id)?;
    let patient =
        Uuid::parse_str(form.patient_id.trim()).map_err(|_| crate::care::no_such_patient())?;
    crate::care::groups::add_member(&state.db, &therapist, id, patient).await?;
    Ok(back_to_group(id, GroupFlash::Saved))
}

pub async fn remove_member(
    State(state): State<AppState>,
    therapist: Therapist,
    Path((id, patient)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = group_uuid(&id)?;
    let patient = Uuid::parse_str(&patient).map_err(|_| crate::care::no_such_patient())?;
    crate::care::groups::remove_member(&state.db, &therapist, id, patient).await?;
    Ok(back_to_group(id, GroupFlash::Saved))
}

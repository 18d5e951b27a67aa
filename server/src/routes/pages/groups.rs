//! The therapist's group pages: the groups, one group's meetings with
//! their homework, and its members.

use super::{Flash, PageAs, after_post, show};
use crate::care::{Therapist, overview};
use crate::error::ApiError;
use crate::state::AppState;
use app::api::ErrorCode;
use app::features::clinic::flash::{FlashCode, GroupFlash};
use app::features::clinic::{GroupPageData, GroupsData};
use app::routes;
use axum::Router;
use axum::extract::{Form, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use uuid::Uuid;

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
    after_post(&format!("{}?flash={}", routes::CLINIC_GROUPS, flash.code()))
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
    after_post(&format!(
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
        Ok(()) => Ok(after_post(&format!(
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

/// `/clinic/groups…`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::CLINIC_GROUPS, get(groups).post(create_group))
        .route(routes::CLINIC_GROUP, get(group))
        .route(routes::CLINIC_GROUP_MEETING, post(set_homework))
        .route(routes::CLINIC_GROUP_MEMBERS, post(add_member))
        .route(routes::CLINIC_GROUP_MEMBER_REMOVE, post(remove_member))
}

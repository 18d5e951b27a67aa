//! A therapist's groups: a schedule of meetings with homework, and members
//! taken from the therapist's consented patients. A member whose link ends
//! drops out of the group's views, and sees no more of its meetings.

use super::overview::{load_facts, row, today};
use super::{Patient, Therapist, access, links, name_of};
use crate::db::entities::care::{care_group, care_link, group_meeting, group_member};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::error::ApiError;
use app::api::ErrorCode;
use app::api::care::{
    GroupDetail, GroupList, GroupSummary, NewGroup, NextMeeting, PatientRow, UpcomingMeeting,
};
use app::domain::care::{self, Access, cohort};
use app::domain::groups::{GroupPlan, Meeting, next_meeting};
use app::domain::relax::RelaxMinutes;
use axum::http::StatusCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::HashSet;
use uuid::Uuid;

/// The slugs of the education modules a meeting may assign.
pub fn known_modules() -> Vec<&'static str> {
    app::features::learn::modules::MODULES
        .iter()
        .map(|m| m.slug)
        .collect()
}

fn no_such_group() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "You have no group with this id.",
    )
}

fn refused(e: app::domain::groups::GroupError) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidGroup,
        e.to_string(),
    )
}

pub async fn create(
    db: &DatabaseConnection,
    therapist: &Therapist,
    new: NewGroup,
) -> Result<Uuid, ApiError> {
    let plan =
        GroupPlan::parse(&new.name, new.meetings, today(), &known_modules()).map_err(refused)?;
    let id = Uuid::new_v4();
    let txn = db.begin().await?;
    care_group::ActiveModel {
        id: Set(id),
        therapist_id: Set(therapist.id()),
        name: Set(plan.name),
        created_at: Set(now_unix()),
    }
    .insert(&txn)
    .await?;
    let meetings: Vec<group_meeting::ActiveModel> = plan
        .meetings
        .into_iter()
        .enumerate()
        .map(|(n, (_, m))| group_meeting::ActiveModel {
            group_id: Set(id),
            n: Set(n as i32 + 1),
            on_day: Set(m.on),
            module: Set(m.module),
            relax_minutes: Set(m.relax_minutes.map(|r| i32::from(r.get()))),
        })
        .collect();
    group_meeting::Entity::insert_many(meetings)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(id)
}

async fn own_group<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    id: Uuid,
) -> Result<care_group::Model, ApiError> {
    care_group::Entity::find_by_id(id)
        .filter(care_group::Column::TherapistId.eq(therapist.id()))
        .one(db)
        .await?
        .ok_or_else(no_such_group)
}

fn meeting(m: group_meeting::Model) -> Meeting {
    Meeting {
        on: m.on_day,
        module: m.module,
        relax_minutes: m
            .relax_minutes
            .and_then(|r| u16::try_from(r).ok())
            .and_then(|r| RelaxMinutes::try_from(r).ok()),
    }
}

async fn meetings<C: ConnectionTrait>(db: &C, group_id: Uuid) -> Result<Vec<Meeting>, ApiError> {
    Ok(group_meeting::Entity::find()
        .filter(group_meeting::Column::GroupId.eq(group_id))
        .order_by_asc(group_meeting::Column::N)
        .all(db)
        .await?
        .into_iter()
        .map(meeting)
        .collect())
}

/// The members who still share with the therapist.
async fn members<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    group_id: Uuid,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let in_group: HashSet<Uuid> = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.patient_id)
        .collect();
    Ok(links::active_patients(db, therapist.id())
        .await?
        .into_iter()
        .filter(|(_, u)| in_group.contains(&u.id))
        .map(|(_, u)| (u.id, name_of(u.display_name.as_deref(), &u.email)))
        .collect())
}

pub async fn list(db: &DatabaseConnection, therapist: &Therapist) -> Result<GroupList, ApiError> {
    let groups = care_group::Entity::find()
        .filter(care_group::Column::TherapistId.eq(therapist.id()))
        .order_by_asc(care_group::Column::Name)
        .all(db)
        .await?;
    let today = today();
    let mut out = Vec::with_capacity(groups.len());
    for g in groups {
        let meetings = meetings(db, g.id).await?;
        out.push(GroupSummary {
            id: g.id,
            members: members(db, therapist, g.id).await?.len(),
            next: next_meeting(&meetings, today).map(|m| m.on.clone()),
            name: g.name,
        });
    }
    Ok(GroupList { groups: out })
}

/// The group with its members' rows (logged as overview reads) and how the
/// group does as a whole.
pub async fn detail(
    db: &DatabaseConnection,
    therapist: &Therapist,
    id: Uuid,
) -> Result<GroupDetail, ApiError> {
    let group = own_group(db, therapist, id).await?;
    let members = members(db, therapist, id).await?;
    let ids: Vec<Uuid> = members.iter().map(|(id, _)| *id).collect();
    let today = today();
    let mut facts = load_facts(db, &ids, today).await?;
    let rows: Vec<PatientRow> = members
        .iter()
        .map(|(id, name)| {
            row(
                *id,
                name.clone(),
                care::overview(&facts.remove(id).unwrap_or_default(), today),
            )
        })
        .collect();
    let mean = |pick: fn(&PatientRow) -> Option<u8>| {
        let doses: Vec<u8> = rows.iter().filter_map(pick).collect();
        (!doses.is_empty()).then(|| {
            let sum: f64 = doses.iter().map(|d| f64::from(*d)).sum();
            (sum / doses.len() as f64).round()
        })
    };
    let (dose_7, dose_30) = (mean(|r| r.dose_7), mean(|r| r.dose_30));
    let answers = super::outcomes::answers_of(db, &ids).await?;
    let linked: HashSet<Uuid> = ids.iter().copied().collect();
    let candidates = links::active_patients(db, therapist.id())
        .await?
        .into_iter()
        .filter(|(_, u)| !linked.contains(&u.id))
        .map(|(_, u)| (u.id, name_of(u.display_name.as_deref(), &u.email)))
        .collect();
    access::record(db, therapist, &ids, Access::Overview).await?;
    Ok(GroupDetail {
        id,
        name: group.name,
        meetings: meetings(db, id).await?,
        members: rows,
        candidates,
        dose_7,
        dose_30,
        outcomes: cohort(&answers.into_values().collect::<Vec<_>>()),
    })
}

/// Adds one of the therapist's consented patients; anyone else is "not
/// found". Adding a member twice is no error.
pub async fn add_member(
    db: &DatabaseConnection,
    therapist: &Therapist,
    group_id: Uuid,
    patient_id: Uuid,
) -> Result<(), ApiError> {
    own_group(db, therapist, group_id).await?;
    links::active_link(db, therapist.id(), patient_id)
        .await?
        .ok_or_else(super::no_such_patient)?;
    let exists = group_member::Entity::find_by_id((group_id, patient_id))
        .one(db)
        .await?;
    if exists.is_none() {
        group_member::ActiveModel {
            group_id: Set(group_id),
            patient_id: Set(patient_id),
            added_at: Set(now_unix()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn remove_member(
    db: &DatabaseConnection,
    therapist: &Therapist,
    group_id: Uuid,
    patient_id: Uuid,
) -> Result<(), ApiError> {
    own_group(db, therapist, group_id).await?;
    group_member::Entity::delete_many()
        .filter(group_member::Column::GroupId.eq(group_id))
        .filter(group_member::Column::PatientId.eq(patient_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets one meeting's homework.
pub async fn set_homework(
    db: &DatabaseConnection,
    therapist: &Therapist,
    group_id: Uuid,
    n: i32,
    module: Option<String>,
    relax_minutes: Option<RelaxMinutes>,
) -> Result<(), ApiError> {
    own_group(db, therapist, group_id).await?;
    let module = module
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    if module
        .as_deref()
        .is_some_and(|m| !known_modules().contains(&m))
    {
        return Err(refused(app::domain::groups::GroupError::Module(
            usize::try_from(n).unwrap_or(0),
        )));
    }
    let found = group_meeting::Entity::find_by_id((group_id, n))
        .one(db)
        .await?
        .ok_or_else(no_such_group)?;
    let mut active: group_meeting::ActiveModel = found.into();
    active.module = Set(module);
    active.relax_minutes = Set(relax_minutes.map(|r| i32::from(r.get())));
    active.update(db).await?;
    Ok(())
}

/// The patient's next meeting over the groups whose therapist they still
/// share with.
pub async fn next_for(db: &DatabaseConnection, patient: &Patient) -> Result<NextMeeting, ApiError> {
    let patient_id = patient.0.user_id;
    let groups: Vec<Uuid> = group_member::Entity::find()
        .filter(group_member::Column::PatientId.eq(patient_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    let today = today();
    let mut best: Option<UpcomingMeeting> = None;
    for id in groups {
        let Some(group) = care_group::Entity::find_by_id(id).one(db).await? else {
            continue;
        };
        let shared = care_link::Entity::find()
            .filter(care_link::Column::TherapistId.eq(group.therapist_id))
            .filter(care_link::Column::PatientId.eq(patient_id))
            .filter(care_link::Column::ConsentedAt.is_not_null())
            .filter(care_link::Column::RevokedAt.is_null())
            .one(db)
            .await?
            .is_some();
        if !shared {
            continue;
        }
        let all = meetings(db, id).await?;
        let Some(next) = next_meeting(&all, today) else {
            continue;
        };
        if best.as_ref().is_some_and(|b| b.meeting.on <= next.on) {
            continue;
        }
        let therapist = user::Entity::find_by_id(group.therapist_id)
            .one(db)
            .await?
            .map_or_else(String::new, |t| {
                name_of(t.display_name.as_deref(), &t.email)
            });
        let language = app::domain::Language::parse(&patient.0.me.locale).unwrap_or_default();
        let module_title = next
            .module
            .as_deref()
            .and_then(|slug| app::features::learn::modules::module(slug, language))
            .map(|m| m.title.to_owned());
        best = Some(UpcomingMeeting {
            group: group.name,
            therapist,
            module_title,
            meeting: next.clone(),
        });
    }
    Ok(NextMeeting { meeting: best })
}

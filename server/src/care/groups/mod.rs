//! A therapist's groups: a schedule of meetings with homework, and members
//! taken from the therapist's consented patients. A member whose link ends
//! drops out of the group's views, and sees no more of its meetings.

use super::overview::{load_facts, row, today};
use super::{Patient, Therapist, access, limits, links, name_of};
use crate::db::entities::care::{care_group, care_link, group_meeting, group_member};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::error::ApiError;
use app::api::ErrorCode;
use app::api::care::{
    GroupDetail, GroupList, GroupSummary, NewGroup, NextMeeting, PatientRow, UpcomingMeeting,
};
use app::domain::care::{self, Access, cohort};
use app::domain::groups::{GroupPlan, MAX_GROUPS, MAX_MEMBERS, Meeting, next_meeting};
use app::domain::relax::RelaxMinutes;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

mod members;
use members::{candidates, members, shares_with};

/// The most candidates a group's page lists at once (our rule: a list to
/// pick from, not the whole caseload; a search finds the others). Each one
/// shown is logged as an overview sighting, as on the dashboard.
pub const CANDIDATES_SHOWN: u64 = 50;

/// The slugs of the education modules a meeting may assign.
pub fn known_modules() -> Vec<&'static str> {
    app::features::learn::modules::MODULES
        .iter()
        .map(|m| m.slug)
        .collect()
}

fn no_such_group() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "You have no group with this id.")
}

fn refused(e: app::domain::groups::GroupError) -> ApiError {
    ApiError::new(ErrorCode::InvalidGroup, e.to_string())
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
    limits::lock_account(&txn, therapist.id()).await?;
    let groups = care_group::Entity::find()
        .filter(care_group::Column::TherapistId.eq(therapist.id()))
        .count(&txn)
        .await?;
    if groups >= MAX_GROUPS as u64 {
        return Err(limits::reached(format!(
            "You have {MAX_GROUPS} groups, the most one therapist can have. \
             Add the new patients to a group you have instead."
        )));
    }
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

#[derive(Debug, FromQueryResult)]
struct MemberCount {
    group_id: Uuid,
    n: i64,
}

/// The therapist's groups with their member counts and next meetings, in
/// three queries whatever the number of groups and patients: the groups,
/// their meetings, and one count of members who still share, grouped by
/// group (it never reads the therapist's linked patients).
pub async fn list(db: &DatabaseConnection, therapist: &Therapist) -> Result<GroupList, ApiError> {
    let groups = care_group::Entity::find()
        .filter(care_group::Column::TherapistId.eq(therapist.id()))
        .order_by_asc(care_group::Column::Name)
        .order_by_asc(care_group::Column::Id)
        .all(db)
        .await?;
    let own_groups = || {
        Query::select()
            .column(care_group::Column::Id)
            .from(care_group::Entity)
            .and_where(care_group::Column::TherapistId.eq(therapist.id()))
            .to_owned()
    };
    let mut meetings: HashMap<Uuid, Vec<Meeting>> = HashMap::new();
    for m in group_meeting::Entity::find()
        .filter(group_meeting::Column::GroupId.in_subquery(own_groups()))
        .order_by_asc(group_meeting::Column::GroupId)
        .order_by_asc(group_meeting::Column::N)
        .all(db)
        .await?
    {
        meetings.entry(m.group_id).or_default().push(meeting(m));
    }
    let mut count = Query::select();
    count
        .column((group_member::Entity, group_member::Column::GroupId))
        .expr_as(
            Expr::col((group_member::Entity, group_member::Column::PatientId)).count(),
            Alias::new("n"),
        )
        .from(group_member::Entity)
        .and_where(
            Expr::col((group_member::Entity, group_member::Column::GroupId))
                .in_subquery(own_groups()),
        )
        .and_where(shares_with(
            therapist.id(),
            Expr::col((group_member::Entity, group_member::Column::PatientId)),
        ))
        .group_by_col((group_member::Entity, group_member::Column::GroupId));
    let counts: HashMap<Uuid, usize> =
        MemberCount::find_by_statement(db.get_database_backend().build(&count))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.group_id, usize::try_from(c.n).unwrap_or(0)))
            .collect();
    let today = today();
    Ok(GroupList {
        groups: groups
            .into_iter()
            .map(|g| {
                let meetings = meetings.remove(&g.id).unwrap_or_default();
                GroupSummary {
                    id: g.id,
                    members: counts.get(&g.id).copied().unwrap_or(0),
                    next: next_meeting(&meetings, today).map(|m| m.on.clone()),
                    name: g.name,
                }
            })
            .collect(),
    })
}

/// The group with its members' rows (logged as overview reads) and how the
/// group does as a whole.
///
/// The candidates (linked patients not in the group) are at most
/// [`CANDIDATES_SHOWN`], matching `q` when given, and each one shown is
/// logged as an overview sighting too: their names are on the page.
pub async fn detail(
    db: &DatabaseConnection,
    therapist: &Therapist,
    id: Uuid,
    q: &str,
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
    let q: String = q.trim().chars().take(100).collect();
    let mut candidates = candidates(db, therapist, id, &q, CANDIDATES_SHOWN + 1).await?;
    let more_candidates = candidates.len() as u64 > CANDIDATES_SHOWN;
    candidates.truncate(CANDIDATES_SHOWN as usize);
    let shown: Vec<Uuid> = ids
        .iter()
        .copied()
        .chain(candidates.iter().map(|(id, _)| *id))
        .collect();
    access::record(db, therapist, &shown, Access::Overview).await?;
    Ok(GroupDetail {
        id,
        name: group.name,
        meetings: meetings(db, id).await?,
        members: rows,
        candidates,
        more_candidates,
        dose_7,
        dose_30,
        outcomes: cohort(&answers.into_values().collect::<Vec<_>>()),
    })
}

/// Adds one of the therapist's consented patients; anyone else is "not
/// found". Adding a member twice, or twenty times at once, is no error and
/// one place: the group's row is locked first, and the insert does nothing
/// on the key it would repeat.
pub async fn add_member(
    db: &DatabaseConnection,
    therapist: &Therapist,
    group_id: Uuid,
    patient_id: Uuid,
) -> Result<(), ApiError> {
    let txn = db.begin().await?;
    // Writing the group's row unchanged takes its lock (PostgreSQL) or the
    // write lock (SQLite) first: adds to one group are counted in turn.
    let locked = care_group::Entity::update_many()
        .col_expr(
            care_group::Column::Name,
            Expr::col(care_group::Column::Name),
        )
        .filter(care_group::Column::Id.eq(group_id))
        .filter(care_group::Column::TherapistId.eq(therapist.id()))
        .exec(&txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(no_such_group());
    }
    links::active_link(&txn, therapist.id(), patient_id)
        .await?
        .ok_or_else(super::no_such_patient)?;
    let places = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group_id))
        .all(&txn)
        .await?;
    if places.iter().any(|m| m.patient_id == patient_id) {
        return Ok(());
    }
    if places.len() >= MAX_MEMBERS {
        return Err(limits::reached(format!(
            "This group has {MAX_MEMBERS} members, the most a group can have. \
             Make a second group for the others."
        )));
    }
    group_member::Entity::insert(group_member::ActiveModel {
        group_id: Set(group_id),
        patient_id: Set(patient_id),
        added_at: Set(now_unix()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
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

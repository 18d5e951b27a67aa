//! The group's people: its members who still share with the therapist,
//! and the therapist's linked patients who could join, each in one query.

use crate::care::{Therapist, name_of};
use crate::db::entities::care::{care_link, group_member};
use crate::db::entities::user;
use crate::error::ApiError;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

/// A patient's id and name, as the group's queries read them.
#[derive(Debug, FromQueryResult)]
struct Named {
    id: Uuid,
    email: String,
    display_name: Option<String>,
}

impl Named {
    fn pair(self) -> (Uuid, String) {
        let name = name_of(self.display_name.as_deref(), &self.email);
        (self.id, name)
    }
}

/// `EXISTS` a consented, unrevoked link from the therapist to `patient`.
pub(super) fn shares_with(therapist_id: Uuid, patient: Expr) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(care_link::Entity)
            .and_where(Expr::col((care_link::Entity, care_link::Column::PatientId)).eq(patient))
            .and_where(
                Expr::col((care_link::Entity, care_link::Column::TherapistId)).eq(therapist_id),
            )
            .and_where(Expr::col((care_link::Entity, care_link::Column::ConsentedAt)).is_not_null())
            .and_where(Expr::col((care_link::Entity, care_link::Column::RevokedAt)).is_null())
            .to_owned(),
    )
}

/// `EXISTS` a place in the group for `patient`.
fn in_group(group_id: Uuid, patient: Expr) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(group_member::Entity)
            .and_where(
                Expr::col((group_member::Entity, group_member::Column::GroupId)).eq(group_id),
            )
            .and_where(
                Expr::col((group_member::Entity, group_member::Column::PatientId)).eq(patient),
            )
            .to_owned(),
    )
}

/// Patients (`users`) by name: id, email and display name.
fn named_patients() -> SelectStatement {
    let mut select = Query::select();
    select
        .columns([
            (user::Entity, user::Column::Id),
            (user::Entity, user::Column::Email),
            (user::Entity, user::Column::DisplayName),
        ])
        .from(user::Entity)
        .order_by_expr(
            Func::lower(Func::coalesce([
                Expr::col((user::Entity, user::Column::DisplayName)),
                Expr::col((user::Entity, user::Column::Email)),
            ]))
            .into(),
            Order::Asc,
        )
        .order_by((user::Entity, user::Column::Id), Order::Asc);
    select
}

/// The members who still share with the therapist, by name: one query.
pub(super) async fn members<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    group_id: Uuid,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let patient = || Expr::col((user::Entity, user::Column::Id));
    let mut select = named_patients();
    select
        .and_where(in_group(group_id, patient()))
        .and_where(shares_with(therapist.id(), patient()));
    Ok(
        Named::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?
            .into_iter()
            .map(Named::pair)
            .collect(),
    )
}

/// The therapist's linked patients not in the group, matching `q` (a part
/// of the name or email; empty: all), by name, at most `limit`: one query.
pub(super) async fn candidates<C: ConnectionTrait>(
    db: &C,
    therapist: &Therapist,
    group_id: Uuid,
    q: &str,
    limit: u64,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let patient = || Expr::col((user::Entity, user::Column::Id));
    let mut select = named_patients();
    select
        .and_where(shares_with(therapist.id(), patient()))
        .and_where(in_group(group_id, patient()).not())
        .limit(limit);
    if q.chars().any(char::is_control) {
        // No name or email holds one, and PostgreSQL takes no NUL in a text.
        return Ok(Vec::new());
    } else if !q.is_empty() {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        select.and_where(
            Expr::expr(Func::lower(Expr::col((user::Entity, user::Column::Email))))
                .like(pattern.clone())
                .or(Expr::expr(Func::lower(Expr::col((
                    user::Entity,
                    user::Column::DisplayName,
                ))))
                .like(pattern)),
        );
    }
    Ok(
        Named::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?
            .into_iter()
            .map(Named::pair)
            .collect(),
    )
}

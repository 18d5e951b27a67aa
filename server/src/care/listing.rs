//! The overview's list read from the kept rows (`patient_overviews`): the
//! stale rows are computed again first, then the database searches, sorts
//! and pages one row per patient.

use super::overview::{refresh, today};
use super::{Therapist, name_of};
use crate::db::entities::care::{care_link, patient_overview};
use crate::db::entities::user;
use crate::error::ApiError;
use app::api::care::{PatientQuery, PatientRow};
use app::domain::care::{self, Flag, PAGE_SIZE, SortBy};
use app::domain::search;
use app::domain::training::Phase;
use sea_orm::sea_query::{Expr, Func, LikeExpr, Order, Query};
use sea_orm::{Condition, DatabaseConnection, ExprTrait, FromQueryResult};
use time::Date;
use uuid::Uuid;

/// Computes the rows of consented patients (of one therapist, or of all)
/// that are missing or were computed on another day.
pub async fn refresh_stale(
    db: &DatabaseConnection,
    therapist: Option<Uuid>,
    today: Date,
) -> Result<usize, ApiError> {
    let mut query = Query::select();
    query
        .column((care_link::Entity, care_link::Column::PatientId))
        .from(care_link::Entity)
        .left_join(
            patient_overview::Entity,
            Expr::col((patient_overview::Entity, patient_overview::Column::UserId))
                .equals((care_link::Entity, care_link::Column::PatientId)),
        )
        .and_where(Expr::col((care_link::Entity, care_link::Column::ConsentedAt)).is_not_null())
        .and_where(Expr::col((care_link::Entity, care_link::Column::RevokedAt)).is_null())
        .cond_where(
            Condition::any()
                .add(
                    Expr::col((patient_overview::Entity, patient_overview::Column::UserId))
                        .is_null(),
                )
                .add(
                    Expr::col((
                        patient_overview::Entity,
                        patient_overview::Column::ComputedOn,
                    ))
                    .ne(today.to_string()),
                ),
        );
    if let Some(therapist) = therapist {
        query.and_where(
            Expr::col((care_link::Entity, care_link::Column::TherapistId)).eq(therapist),
        );
    }
    let stale: Vec<Uuid> = IdRow::find_by_statement(db.get_database_backend().build(&query))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.patient_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    refresh(db, &stale, today).await?;
    Ok(stale.len())
}

#[derive(Debug, FromQueryResult)]
struct IdRow {
    patient_id: Uuid,
}

/// One overview row with the patient's name, as the page query reads it.
#[derive(Debug, FromQueryResult)]
struct ListedRow {
    user_id: Uuid,
    email: String,
    display_name: Option<String>,
    phase: Option<String>,
    week: Option<i32>,
    dose7: Option<i16>,
    dose30: Option<i16>,
    days_since_session: Option<i32>,
    pain_before: Option<i16>,
    pain_now: Option<i16>,
    pgi_i: Option<i16>,
    flags: String,
}

impl ListedRow {
    fn into_row(self) -> PatientRow {
        let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
        let outcome = (self.pain_before.is_some()
            || self.pain_now.is_some()
            || self.pgi_i.is_some())
        .then(|| care::OutcomeChange {
            pain_before: small(self.pain_before),
            pain_now: small(self.pain_now),
            pgi_i: small(self.pgi_i),
        });
        PatientRow {
            id: self.user_id,
            name: name_of(self.display_name.as_deref(), &self.email),
            phase: self.phase.as_deref().and_then(|p| match p {
                "learning" => Some(Phase::Learning),
                "intensive" => Some(Phase::Intensive),
                "maintenance" => Some(Phase::Maintenance),
                _ => None,
            }),
            week: self.week.and_then(|w| u32::try_from(w).ok()),
            dose_7: small(self.dose7),
            dose_30: small(self.dose30),
            days_since_session: self.days_since_session.map(i64::from),
            outcome,
            flags: self.flags.split(' ').filter_map(Flag::parse).collect(),
        }
    }
}

/// The therapist's patients as asked for: the rows (one page, or all), how
/// many match in all, and the order and search as understood.
pub struct Listed {
    pub rows: Vec<PatientRow>,
    pub total: usize,
    pub sort: SortBy,
    /// The search text as used (trimmed, at most 100 characters).
    pub q: String,
}

/// The therapist's consented patients matching the search, in the chosen
/// order, one page (or all): read from the kept overview rows, after the
/// stale ones are computed again. Nothing is logged here: the caller logs
/// what it shows.
pub async fn listed(
    db: &DatabaseConnection,
    therapist: &Therapist,
    query: &PatientQuery,
    page: Option<usize>,
) -> Result<Listed, ApiError> {
    let sort = SortBy::parse(&query.sort).unwrap_or_default();
    let q = query.q.trim().chars().take(100).collect::<String>();
    refresh_stale(db, Some(therapist.id()), today()).await?;

    let name = || {
        Func::lower(Func::coalesce([
            Expr::col((user::Entity, user::Column::DisplayName)),
            Expr::col((user::Entity, user::Column::Email)),
        ]))
    };
    let base = |select: &mut sea_orm::sea_query::SelectStatement| {
        select
            .from(care_link::Entity)
            .inner_join(
                user::Entity,
                Expr::col((user::Entity, user::Column::Id))
                    .equals((care_link::Entity, care_link::Column::PatientId)),
            )
            .inner_join(
                patient_overview::Entity,
                Expr::col((patient_overview::Entity, patient_overview::Column::UserId))
                    .equals((care_link::Entity, care_link::Column::PatientId)),
            )
            .and_where(
                Expr::col((care_link::Entity, care_link::Column::TherapistId)).eq(therapist.id()),
            )
            .and_where(Expr::col((care_link::Entity, care_link::Column::ConsentedAt)).is_not_null())
            .and_where(Expr::col((care_link::Entity, care_link::Column::RevokedAt)).is_null());
        if q.chars().any(char::is_control) {
            // No email or name holds one (their parsers refuse them), and
            // PostgreSQL cannot take a NUL in a text at all: such a search
            // matches nobody, without asking the database for it.
            select.and_where(Expr::val(1).eq(0));
        } else if !q.is_empty() {
            // Both sides folded by one function (`users.search_text` when
            // the account is written): SQLite's `lower()` folds ASCII only.
            let escaped = search::fold(&q)
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
            select.and_where(Expr::col((user::Entity, user::Column::SearchText)).like(pattern));
        }
    };

    let mut count = Query::select();
    count.expr_as(
        Expr::col((care_link::Entity, care_link::Column::PatientId)).count(),
        "n",
    );
    base(&mut count);
    let total = CountRow::find_by_statement(db.get_database_backend().build(&count))
        .one(db)
        .await?
        .map_or(0, |r| usize::try_from(r.n).unwrap_or(0));

    let mut select = Query::select();
    select
        .column((patient_overview::Entity, patient_overview::Column::UserId))
        .column((user::Entity, user::Column::Email))
        .column((user::Entity, user::Column::DisplayName))
        .columns([
            (patient_overview::Entity, patient_overview::Column::Phase),
            (patient_overview::Entity, patient_overview::Column::Week),
            (patient_overview::Entity, patient_overview::Column::Dose7),
            (patient_overview::Entity, patient_overview::Column::Dose30),
            (
                patient_overview::Entity,
                patient_overview::Column::DaysSinceSession,
            ),
            (
                patient_overview::Entity,
                patient_overview::Column::PainBefore,
            ),
            (patient_overview::Entity, patient_overview::Column::PainNow),
            (patient_overview::Entity, patient_overview::Column::PgiI),
            (patient_overview::Entity, patient_overview::Column::Flags),
        ]);
    base(&mut select);
    match sort {
        SortBy::Need => {
            select.order_by(
                (patient_overview::Entity, patient_overview::Column::Need),
                Order::Desc,
            );
        }
        SortBy::Name => {}
        SortBy::LastSession => {
            select.order_by_expr(
                Func::coalesce([
                    Expr::col((
                        patient_overview::Entity,
                        patient_overview::Column::DaysSinceSession,
                    )),
                    Expr::val(1_000_000),
                ])
                .into(),
                Order::Desc,
            );
        }
        SortBy::Dose => {
            select.order_by_expr(
                Func::coalesce([
                    Expr::col((patient_overview::Entity, patient_overview::Column::Dose7)),
                    Expr::val(0),
                ])
                .into(),
                Order::Asc,
            );
        }
    }
    select.order_by_expr(name().into(), Order::Asc).order_by(
        (patient_overview::Entity, patient_overview::Column::UserId),
        Order::Asc,
    );
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.map(|p| p.clamp(1, pages));
    if let Some(page) = page {
        select
            .limit(PAGE_SIZE as u64)
            .offset(((page - 1) * PAGE_SIZE) as u64);
    }
    let rows = ListedRow::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?
        .into_iter()
        .map(ListedRow::into_row)
        .collect();
    Ok(Listed {
        rows,
        total,
        sort,
        q,
    })
}

#[derive(Debug, FromQueryResult)]
struct CountRow {
    n: i64,
}

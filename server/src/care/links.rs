//! Invite codes and the links they make: a therapist hands out a code, the
//! patient enters it (a pending link: the therapist sees nothing yet),
//! reads what the therapist will see, and consents; the patient can end the
//! link at any time.

use super::{Patient, Therapist, name_of, rfc3339};
use crate::auth::throttle::CodeThrottle;
use crate::db::entities::care::{care_group, care_link, group_member, invite};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::error::ApiError;
use app::api::ErrorCode;
use app::api::care::{InviteCreated, LinkList, LinkView, OpenInvite};
use app::domain::care::{Access, INVITE_DAYS, InviteCode, LinkStatus, MAX_OPEN_INVITES};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use std::time::Instant;
use uuid::Uuid;

/// What a consented link lets the therapist read (the patient is shown
/// this list before consenting, and each read is logged).
pub const SEES: [Access; 4] = [
    Access::Overview,
    Access::PatientPage,
    Access::Export,
    Access::Report,
];

/// A new single-use code, valid for [`INVITE_DAYS`].
pub async fn create_invite(
    db: &DatabaseConnection,
    therapist: &Therapist,
) -> Result<InviteCreated, ApiError> {
    let now = now_unix();
    let expires_at = now + INVITE_DAYS * 24 * 60 * 60;
    let txn = db.begin().await?;
    super::limits::lock_account(&txn, therapist.id()).await?;
    let open = invite::Entity::find()
        .filter(invite::Column::TherapistId.eq(therapist.id()))
        .filter(invite::Column::UsedBy.is_null())
        .filter(invite::Column::ExpiresAt.gt(now))
        .count(&txn)
        .await?;
    if open >= MAX_OPEN_INVITES as u64 {
        return Err(super::limits::reached(format!(
            "You have {MAX_OPEN_INVITES} open invite codes, the most at a time. \
             Give out the codes you have (they are listed on your overview): \
             a code stops counting when a patient uses it, or after {INVITE_DAYS} days."
        )));
    }
    // 40 random bits: a clash with a live code is unlikely, but possible.
    for _ in 0..3 {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
        let code = InviteCode::from_random(bytes);
        if invite::Entity::find_by_id(code.as_str().to_owned())
            .one(&txn)
            .await?
            .is_some()
        {
            continue;
        }
        invite::ActiveModel {
            code: Set(code.as_str().to_owned()),
            therapist_id: Set(therapist.id()),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_by: Set(None),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        return Ok(InviteCreated {
            code: code.display(),
            expires_at: rfc3339(expires_at),
        });
    }
    Err(ApiError::internal("three invite codes in a row were taken"))
}

/// The therapist's codes that can still be used, newest first.
pub async fn open_invites<C: ConnectionTrait>(
    db: &C,
    therapist_id: Uuid,
) -> Result<Vec<OpenInvite>, ApiError> {
    let rows = invite::Entity::find()
        .filter(invite::Column::TherapistId.eq(therapist_id))
        .filter(invite::Column::UsedBy.is_null())
        .filter(invite::Column::ExpiresAt.gt(now_unix()))
        .order_by_desc(invite::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(OpenInvite {
                code: InviteCode::parse(&row.code).ok()?.display(),
                expires_at: rfc3339(row.expires_at),
            })
        })
        .collect())
}

fn invite_not_valid() -> ApiError {
    ApiError::new(
        ErrorCode::InviteNotValid,
        "This code does not work: it may be mistyped, used already, or older than 14 days. Ask your therapist for a new one.",
    )
}

/// The patient entered a code: a pending link to its therapist. Wrong
/// codes count against the patient's account in `guesses`.
pub async fn redeem(
    db: &DatabaseConnection,
    guesses: &CodeThrottle,
    patient: &Patient,
    raw_code: &str,
) -> Result<LinkView, ApiError> {
    let code = InviteCode::parse(raw_code)
        .map_err(|e| ApiError::new(ErrorCode::InvalidInviteCode, e.to_string()))?;
    let patient_id = patient.0.user_id;
    if let Err(wait) = guesses.check(patient_id, Instant::now()) {
        let secs = wait.as_secs().max(1);
        return Err(ApiError::new(ErrorCode::RateLimited, format!(
                "Too many codes that did not work. Wait {secs} seconds, check the code with your therapist and try again."
            ),
        )
        .retry_after(secs));
    }
    let redeemed = claim(db, patient, &code).await;
    match &redeemed {
        Ok(_) => guesses.succeeded(patient_id),
        Err(e) if e.code == ErrorCode::InviteNotValid => {
            guesses.failed(patient_id, Instant::now());
        }
        Err(_) => {}
    }
    redeemed
}

/// Spends the code on a pending link, unless the patient has a live link
/// with its therapist already.
async fn claim(
    db: &DatabaseConnection,
    patient: &Patient,
    code: &InviteCode,
) -> Result<LinkView, ApiError> {
    let now = now_unix();
    let txn = db.begin().await?;
    // Claiming the code and making the link happen together or not at all;
    // of two patients entering the same code at once, one gets it.
    let claimed = invite::Entity::update_many()
        .col_expr(invite::Column::UsedBy, Expr::value(patient.0.user_id))
        .col_expr(invite::Column::UsedAt, Expr::value(now))
        .filter(invite::Column::Code.eq(code.as_str()))
        .filter(invite::Column::UsedBy.is_null())
        .filter(invite::Column::ExpiresAt.gt(now))
        // A disabled therapist's codes end with the account (disabling
        // deletes the open ones; this covers codes of accounts disabled
        // before it did).
        .filter(
            invite::Column::TherapistId.in_subquery(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::DisabledAt.is_null())
                    .to_owned(),
            ),
        )
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invite_not_valid());
    }
    let invite = invite::Entity::find_by_id(code.as_str().to_owned())
        .one(&txn)
        .await?
        .ok_or_else(invite_not_valid)?;
    let live = care_link::Entity::find()
        .filter(care_link::Column::PatientId.eq(patient.0.user_id))
        .filter(care_link::Column::TherapistId.eq(invite.therapist_id))
        .filter(care_link::Column::RevokedAt.is_null())
        .one(&txn)
        .await?;
    if live.is_some() {
        return Err(already_linked());
    }
    // Of codes of one therapist entered at once, the check above lets
    // several through on PostgreSQL; the unique index on live links
    // (m0012) refuses all but the first, and the transaction's end gives
    // their codes back unspent.
    let link = care_link::ActiveModel {
        id: Set(Uuid::new_v4()),
        therapist_id: Set(invite.therapist_id),
        patient_id: Set(patient.0.user_id),
        created_at: Set(now),
        consented_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => already_linked(),
        _ => ApiError::from(e),
    })?;
    let view = view(&txn, link).await?;
    txn.commit().await?;
    Ok(view)
}

fn already_linked() -> ApiError {
    ApiError::new(
        ErrorCode::AlreadyLinked,
        "You are linked to this therapist already (see the list below). The code was not used.",
    )
}

async fn view<C: ConnectionTrait>(db: &C, link: care_link::Model) -> Result<LinkView, ApiError> {
    let therapist = user::Entity::find_by_id(link.therapist_id).one(db).await?;
    Ok(LinkView {
        id: link.id,
        therapist: therapist.map_or_else(String::new, |t| {
            name_of(t.display_name.as_deref(), &t.email)
        }),
        status: status(&link),
        created_at: rfc3339(link.created_at),
        consented_at: link.consented_at.map(rfc3339),
        sees: SEES.to_vec(),
        changes: vec![Access::PrescriptionChange, Access::AssessmentChange],
    })
}

fn status(link: &care_link::Model) -> LinkStatus {
    match (link.consented_at, link.revoked_at) {
        (_, Some(_)) => LinkStatus::Revoked,
        (Some(_), None) => LinkStatus::Active,
        (None, None) => LinkStatus::Pending,
    }
}

fn no_such_link() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "You have no link with this id.")
}

/// The patient's links that are not ended, newest first.
pub async fn list<C: ConnectionTrait>(db: &C, patient_id: Uuid) -> Result<LinkList, ApiError> {
    let rows = care_link::Entity::find()
        .filter(care_link::Column::PatientId.eq(patient_id))
        .filter(care_link::Column::RevokedAt.is_null())
        .order_by_desc(care_link::Column::CreatedAt)
        .all(db)
        .await?;
    let mut links = Vec::with_capacity(rows.len());
    for row in rows {
        links.push(view(db, row).await?);
    }
    Ok(LinkList { links })
}

/// The patient says yes: from now on the therapist sees what [`SEES`] lists.
pub async fn consent(
    db: &DatabaseConnection,
    patient: &Patient,
    link_id: Uuid,
) -> Result<LinkView, ApiError> {
    let link = care_link::Entity::find_by_id(link_id)
        .filter(care_link::Column::PatientId.eq(patient.0.user_id))
        .filter(care_link::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(no_such_link)?;
    let link = if link.consented_at.is_some() {
        link
    } else {
        let mut active: care_link::ActiveModel = link.into();
        active.consented_at = Set(Some(now_unix()));
        active.update(db).await?
    };
    view(db, link).await
}

/// The patient ends the link (or declines a pending one): the therapist
/// sees nothing more, and the patient leaves the therapist's groups in the
/// same transaction (a new link later starts with no group places the
/// patient was not told of). Ending an ended link again is not an error.
pub async fn revoke(
    db: &DatabaseConnection,
    patient: &Patient,
    link_id: Uuid,
) -> Result<(), ApiError> {
    let txn = db.begin().await?;
    let link = care_link::Entity::find_by_id(link_id)
        .filter(care_link::Column::PatientId.eq(patient.0.user_id))
        .one(&txn)
        .await?
        .ok_or_else(no_such_link)?;
    let (therapist_id, patient_id) = (link.therapist_id, link.patient_id);
    if link.revoked_at.is_none() {
        let mut active: care_link::ActiveModel = link.into();
        active.revoked_at = Set(Some(now_unix()));
        active.update(&txn).await?;
    }
    group_member::Entity::delete_many()
        .filter(group_member::Column::PatientId.eq(patient_id))
        .filter(
            group_member::Column::GroupId.in_subquery(
                Query::select()
                    .column(care_group::Column::Id)
                    .from(care_group::Entity)
                    .and_where(care_group::Column::TherapistId.eq(therapist_id))
                    .to_owned(),
            ),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The consented, unrevoked link between the two, if any: the only way a
/// therapist reaches a patient's data.
pub async fn active_link<C: ConnectionTrait>(
    db: &C,
    therapist_id: Uuid,
    patient_id: Uuid,
) -> Result<Option<care_link::Model>, ApiError> {
    Ok(care_link::Entity::find()
        .filter(care_link::Column::TherapistId.eq(therapist_id))
        .filter(care_link::Column::PatientId.eq(patient_id))
        .filter(care_link::Column::ConsentedAt.is_not_null())
        .filter(care_link::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}

/// Every patient with a consented, unrevoked link to the therapist.
pub async fn active_patients<C: ConnectionTrait>(
    db: &C,
    therapist_id: Uuid,
) -> Result<Vec<(care_link::Model, user::Model)>, ApiError> {
    let links = care_link::Entity::find()
        .filter(care_link::Column::TherapistId.eq(therapist_id))
        .filter(care_link::Column::ConsentedAt.is_not_null())
        .filter(care_link::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.patient_id).collect();
    let mut users = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            users.insert(u.id, u);
        }
    }
    Ok(links
        .into_iter()
        .filter_map(|l| {
            let u = users.remove(&l.patient_id)?;
            Some((l, u))
        })
        .collect())
}

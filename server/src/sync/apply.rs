use crate::db::entities::sync::{applied_op, change, entry, keyed_value};
use crate::db::entities::user;
use crate::db::now_unix;
use app::domain::sync::{
    Change, Cursor, Op, OpBody, OpResult, OpStatus, SyncResponse, WireOp, parse_op,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The most changes one response carries; `more` says when to pull again.
pub const MAX_PULL: u64 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the cursor is ahead of this server's change log")]
    CursorAhead,
    #[error("the account no longer exists")]
    UnknownUser,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What happened to one op inside the transaction.
enum Outcome {
    Applied(i64),
    Duplicate,
    Rejected(String),
}

pub async fn sync_batch(
    db: &DatabaseConnection,
    user_id: Uuid,
    device_id: Uuid,
    cursor: Cursor,
    ops: &[WireOp],
) -> Result<SyncResponse, SyncError> {
    let now = OffsetDateTime::now_utc();
    let txn = db.begin().await?;
    // Writing the user's row first takes its lock (PostgreSQL) or the write
    // lock (SQLite): batches of one user get their change numbers one after
    // another, and commit in that order, so a puller never skips a change.
    let locked = user::Entity::update_many()
        .col_expr(user::Column::ChangeSeq, Expr::col(user::Column::ChangeSeq))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(SyncError::UnknownUser);
    }
    let mut seq = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(SyncError::UnknownUser)?
        .change_seq;
    if cursor.0 > seq {
        return Err(SyncError::CursorAhead);
    }

    let mut results = Vec::with_capacity(ops.len());
    for wire in ops {
        let outcome = match parse_op(wire, now) {
            Err(rejection) => Outcome::Rejected(rejection.to_string()),
            Ok(op) => apply_one(&txn, user_id, device_id, &op, seq + 1).await?,
        };
        let (status, error) = match outcome {
            Outcome::Applied(new_seq) => {
                seq = new_seq;
                (OpStatus::Applied, None)
            }
            Outcome::Duplicate => (OpStatus::Duplicate, None),
            Outcome::Rejected(reason) => (OpStatus::Rejected, Some(reason)),
        };
        results.push(OpResult {
            op_id: wire.op_id.clone(),
            status,
            error,
        });
    }
    user::Entity::update_many()
        .col_expr(user::Column::ChangeSeq, Expr::value(seq))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;

    let mut pulled = change::Entity::find()
        .filter(change::Column::UserId.eq(user_id))
        .filter(change::Column::Seq.gt(cursor.0))
        .order_by_asc(change::Column::Seq)
        .limit(MAX_PULL + 1)
        .all(&txn)
        .await?;
    let more = pulled.len() as u64 > MAX_PULL;
    pulled.truncate(MAX_PULL as usize);
    txn.commit().await?;

    let next = pulled.last().map_or(cursor, |c| Cursor(c.seq));
    let changes = pulled
        .into_iter()
        .map(|c| Change {
            seq: c.seq,
            op_id: c.op_id.to_string(),
            kind: c.kind,
            device_id: c.device_id.to_string(),
            client_ts: c.client_ts,
            payload: serde_json::from_str(&c.payload).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    Ok(SyncResponse {
        results,
        changes,
        cursor: next.encode(),
        more,
    })
}

async fn apply_one(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    device_id: Uuid,
    op: &Op,
    seq: i64,
) -> Result<Outcome, DbErr> {
    if applied_op::Entity::find_by_id((user_id, op.id))
        .one(txn)
        .await?
        .is_some()
    {
        return Ok(Outcome::Duplicate);
    }
    let client_ts = op
        .client_ts
        .to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default();
    let payload = op.body.payload_json();
    let effect = match &op.body {
        OpBody::SessionLogged(s) => {
            write_entry(
                txn,
                user_id,
                s.id,
                "session",
                EntryWrite::Content(&payload),
                seq,
            )
            .await?
        }
        OpBody::DiaryLogged(d) => {
            write_entry(
                txn,
                user_id,
                d.id,
                "diary",
                EntryWrite::Content(&payload),
                seq,
            )
            .await?
        }
        OpBody::PromAnswered(p) => {
            write_entry(
                txn,
                user_id,
                p.id,
                "prom",
                EntryWrite::Content(&payload),
                seq,
            )
            .await?
        }
        OpBody::SessionDeleted { id } => {
            write_entry(txn, user_id, *id, "session", EntryWrite::Tombstone, seq).await?
        }
        OpBody::DiaryDeleted { id } => {
            write_entry(txn, user_id, *id, "diary", EntryWrite::Tombstone, seq).await?
        }
        OpBody::SettingSet(s) => {
            let key = format!("setting:{}", s.key.as_str());
            last_writer_wins(
                txn,
                user_id,
                &key,
                &s.value.to_string(),
                op.client_ts,
                device_id,
                seq,
            )
            .await?;
            Ok(())
        }
        OpBody::EducationProgressed(e) => {
            let key = format!("education:{}", e.module);
            last_writer_wins(
                txn,
                user_id,
                &key,
                &payload.to_string(),
                op.client_ts,
                device_id,
                seq,
            )
            .await?;
            Ok(())
        }
    };
    if let Err(rejection) = effect {
        return Ok(Outcome::Rejected(rejection));
    }
    applied_op::ActiveModel {
        user_id: Set(user_id),
        op_id: Set(op.id),
        seq: Set(seq),
        applied_at: Set(now_unix()),
    }
    .insert(txn)
    .await?;
    change::ActiveModel {
        user_id: Set(user_id),
        seq: Set(seq),
        op_id: Set(op.id),
        kind: Set(op.body.kind().as_str().to_owned()),
        device_id: Set(device_id),
        client_ts: Set(client_ts),
        payload: Set(payload.to_string()),
    }
    .insert(txn)
    .await?;
    Ok(Outcome::Applied(seq))
}

const NOT_YOURS: &str = "This entry belongs to another account; it was not changed.";

/// What an op does to a logged entry.
enum EntryWrite<'a> {
    /// Logged facts are append-only; the same id logged again replaces the content.
    Content(&'a serde_json::Value),
    /// A tombstone may arrive before the entry it deletes (another device's
    /// ops come in any order): it is kept, and the entry stays deleted.
    Tombstone,
}

async fn write_entry(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    id: Uuid,
    family: &str,
    write: EntryWrite<'_>,
    seq: i64,
) -> Result<Result<(), String>, DbErr> {
    let (payload, deleted) = match write {
        EntryWrite::Content(payload) => (payload.to_string(), false),
        EntryWrite::Tombstone => ("{}".to_owned(), true),
    };
    match entry::Entity::find_by_id(id).one(txn).await? {
        Some(existing) if existing.user_id != user_id || existing.family != family => {
            Ok(Err(NOT_YOURS.to_owned()))
        }
        // A tombstone always wins.
        Some(existing) if existing.deleted => Ok(Ok(())),
        Some(existing) => {
            let mut active: entry::ActiveModel = existing.into();
            active.payload = Set(payload);
            active.deleted = Set(deleted);
            active.updated_seq = Set(seq);
            active.update(txn).await?;
            Ok(Ok(()))
        }
        None => {
            entry::ActiveModel {
                id: Set(id),
                user_id: Set(user_id),
                family: Set(family.to_owned()),
                payload: Set(payload),
                deleted: Set(deleted),
                updated_seq: Set(seq),
            }
            .insert(txn)
            .await?;
            Ok(Ok(()))
        }
    }
}

/// Keeps the value with the greatest `(client_ts, device_id)`.
async fn last_writer_wins(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    key: &str,
    value: &str,
    client_ts: OffsetDateTime,
    device_id: Uuid,
    seq: i64,
) -> Result<(), DbErr> {
    let stamp = client_ts
        .to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default();
    match keyed_value::Entity::find_by_id((user_id, key.to_owned()))
        .one(txn)
        .await?
    {
        Some(existing) => {
            let existing_ts = OffsetDateTime::parse(&existing.client_ts, &Rfc3339)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH);
            if (client_ts, device_id) > (existing_ts, existing.device_id) {
                let mut active: keyed_value::ActiveModel = existing.into();
                active.value = Set(value.to_owned());
                active.client_ts = Set(stamp);
                active.device_id = Set(device_id);
                active.updated_seq = Set(seq);
                active.update(txn).await?;
            }
        }
        None => {
            keyed_value::ActiveModel {
                user_id: Set(user_id),
                key: Set(key.to_owned()),
                value: Set(value.to_owned()),
                client_ts: Set(stamp),
                device_id: Set(device_id),
                updated_seq: Set(seq),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

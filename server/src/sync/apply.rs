use super::content;
use super::log::{Author, Log, Outcome};
use crate::db::entities::sync::change;
use crate::db::entities::user;
use crate::instruments::Instruments;
use app::domain::sync::{
    Change, Cursor, OpRejection, OpResult, OpStatus, SyncResponse, WireOp, parse_op,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;
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

pub async fn sync_batch(
    db: &DatabaseConnection,
    instruments: &Instruments,
    user_id: Uuid,
    device_id: Uuid,
    cursor: Cursor,
    ops: &[WireOp],
) -> Result<SyncResponse, SyncError> {
    let now = OffsetDateTime::now_utc();
    let parsed: Vec<_> = ops
        .iter()
        .map(|wire| {
            parse_op(wire, now).and_then(|op| {
                instruments
                    .check(&op)
                    .and_then(|()| content::check(&op))
                    .map(|()| op)
                    .map_err(OpRejection::OutOfRange)
            })
        })
        .collect();
    let txn = db.begin().await?;
    // A pull without ops needs no lock (it sees a committed prefix of the
    // log) and stays a read, which spares SQLite a synchronous write.
    let log = if ops.is_empty() {
        None
    } else {
        Some(
            Log::lock(&txn, user_id)
                .await?
                .ok_or(SyncError::UnknownUser)?,
        )
    };
    // Where the user's log ended before this batch.
    let before = match &log {
        Some(log) => log.last(),
        None => {
            user::Entity::find_by_id(user_id)
                .one(&txn)
                .await?
                .ok_or(SyncError::UnknownUser)?
                .change_seq
        }
    };
    if cursor.0 > before {
        return Err(SyncError::CursorAhead);
    }
    let appended = match log {
        Some(log) => Some(log.append(Author::Device(device_id), &parsed).await?),
        None => None,
    };
    let (outcomes, written) =
        appended.map_or((Vec::new(), Vec::new()), |a| (a.outcomes, a.changes));
    let results = ops
        .iter()
        .zip(outcomes)
        .map(|(wire, outcome)| {
            let (status, error) = match outcome {
                Outcome::Applied(_) => (OpStatus::Applied, None),
                Outcome::Duplicate => (OpStatus::Duplicate, None),
                Outcome::Rejected(reason) => (OpStatus::Rejected, Some(reason)),
            };
            OpResult {
                op_id: wire.op_id.clone(),
                status,
                error,
            }
        })
        .collect();

    // The answer reads the changes up to where the log ended before this
    // batch from the log, and gives this batch's own from what it wrote,
    // without reading them back and parsing their payloads again.
    let earlier = if cursor.0 < before {
        change::Entity::find()
            .filter(change::Column::UserId.eq(user_id))
            .filter(change::Column::Seq.gt(cursor.0))
            .filter(change::Column::Seq.lte(before))
            .order_by_asc(change::Column::Seq)
            .limit(MAX_PULL + 1)
            .all(&txn)
            .await?
    } else {
        Vec::new()
    };
    txn.commit().await?;

    let mut changes: Vec<Change> = earlier
        .into_iter()
        .map(|c| Change {
            seq: c.seq,
            op_id: c.op_id.to_string(),
            kind: c.kind,
            device_id: c.device_id.to_string(),
            client_ts: c.client_ts,
            payload: serde_json::from_str(&c.payload).unwrap_or(serde_json::Value::Null),
        })
        .chain(written)
        .collect();
    let more = changes.len() as u64 > MAX_PULL;
    changes.truncate(MAX_PULL as usize);
    let next = changes.last().map_or(cursor, |c| Cursor(c.seq));
    Ok(SyncResponse {
        results,
        changes,
        cursor: next.encode(),
        more,
    })
}

use crate::care::facts;
use crate::db::entities::care::entry_fact;
use crate::db::entities::sync::{applied_op, change, entry, keyed_value};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::instruments::Instruments;
use app::domain::sync::{
    Change, Cursor, Family, Home, Key, Op, OpBody, OpRejection, OpResult, OpStatus, SetBy, Stamp,
    Stored, SyncResponse, WireOp, parse_op, replaces,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
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
    instruments: &Instruments,
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
    // A pull without ops needs no lock (it sees a committed prefix of the
    // log) and stays a read, which spares SQLite a synchronous write.
    if !ops.is_empty() {
        let locked = user::Entity::update_many()
            .col_expr(user::Column::ChangeSeq, Expr::col(user::Column::ChangeSeq))
            .filter(user::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        if locked.rows_affected == 0 {
            return Err(SyncError::UnknownUser);
        }
    }
    let mut seq = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(SyncError::UnknownUser)?
        .change_seq;
    if cursor.0 > seq {
        return Err(SyncError::CursorAhead);
    }
    // Where the user's log ended before this batch: the answer reads the
    // changes up to here from the log, and gives this batch's own from what
    // it wrote, without reading them back and parsing their payloads again.
    let before = seq;

    let parsed: Vec<_> = ops
        .iter()
        .map(|wire| {
            parse_op(wire, now).and_then(|op| {
                instruments
                    .check(&op)
                    .map(|()| op)
                    .map_err(OpRejection::OutOfRange)
            })
        })
        .collect();
    let mut batch = Batch::prefetch(&txn, user_id, device_id, &parsed).await?;
    let mut results = Vec::with_capacity(ops.len());
    for (wire, parsed) in ops.iter().zip(parsed) {
        let outcome = match parsed {
            Err(rejection) => Outcome::Rejected(rejection.to_string()),
            Ok(op) => batch.apply(&op, seq + 1).await?,
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
    let written = if ops.is_empty() {
        Vec::new()
    } else {
        let written = batch.write_log().await?;
        user::Entity::update_many()
            .col_expr(user::Column::ChangeSeq, Expr::value(seq))
            .filter(user::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        written
    };

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

/// The work of one batch: what was already applied and the entries the
/// batch touches are read up front, and new entries, the change log and the
/// replay guard rows are written in bulk at the end, so a 500-op batch costs
/// a few statements plus one per changed existing entry, not five per op.
struct Batch<'a> {
    txn: &'a DatabaseTransaction,
    user_id: Uuid,
    device_id: Uuid,
    applied: HashSet<Uuid>,
    entries: HashMap<Uuid, entry::Model>,
    /// Entries first written by this batch: inserted together at the end.
    new_entries: HashSet<Uuid>,
    /// Entries written or deleted by this batch: their facts are renewed.
    touched: HashSet<Uuid>,
    /// The new fact of each entry written by this batch (none: deleted, or
    /// nothing to count).
    facts: HashMap<Uuid, Option<entry_fact::Model>>,
    /// The patient's time zone, once a session needed it.
    zone: Option<chrono_tz::Tz>,
    /// The programme changed: the therapist's overview row is out of date.
    programme_changed: bool,
    log: Vec<change::ActiveModel>,
    /// The same lines of the log, as the answer's changes.
    written: Vec<Change>,
    guard: Vec<applied_op::ActiveModel>,
}

impl<'a> Batch<'a> {
    async fn prefetch(
        txn: &'a DatabaseTransaction,
        user_id: Uuid,
        device_id: Uuid,
        parsed: &[Result<Op, OpRejection>],
    ) -> Result<Self, DbErr> {
        let ops: Vec<&Op> = parsed.iter().filter_map(|p| p.as_ref().ok()).collect();
        let op_ids: Vec<Uuid> = ops.iter().map(|op| op.id).collect();
        let entry_ids: Vec<Uuid> = ops
            .iter()
            .filter_map(|op| match op.body.home() {
                Home::Entry { id, .. } => Some(id),
                Home::Keyed(_) => None,
            })
            .collect();
        let applied = if op_ids.is_empty() {
            HashSet::new()
        } else {
            applied_op::Entity::find()
                .filter(applied_op::Column::UserId.eq(user_id))
                .filter(applied_op::Column::OpId.is_in(op_ids))
                .all(txn)
                .await?
                .into_iter()
                .map(|a| a.op_id)
                .collect()
        };
        let entries = if entry_ids.is_empty() {
            HashMap::new()
        } else {
            entry::Entity::find()
                .filter(entry::Column::UserId.eq(user_id))
                .filter(entry::Column::Id.is_in(entry_ids))
                .all(txn)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect()
        };
        Ok(Self {
            txn,
            user_id,
            device_id,
            applied,
            entries,
            new_entries: HashSet::new(),
            touched: HashSet::new(),
            facts: HashMap::new(),
            zone: None,
            programme_changed: false,
            log: Vec::new(),
            written: Vec::new(),
            guard: Vec::new(),
        })
    }

    async fn apply(&mut self, op: &Op, seq: i64) -> Result<Outcome, DbErr> {
        if self.applied.contains(&op.id) {
            return Ok(Outcome::Duplicate);
        }
        let payload = op.body.payload_json();
        let text = payload.to_string();
        let home = op.body.home();
        let effect = match &home {
            Home::Entry { family, id, .. } => {
                self.write_entry(&home, *id, *family, &text, op.client_ts, seq)
                    .await?
            }
            Home::Keyed(key) => self.write_keyed(op, &home, key, &text, seq).await?,
        };
        if let Err(rejection) = effect {
            return Ok(Outcome::Rejected(rejection));
        }
        if let Home::Entry { id, .. } = home
            && self.entries.get(&id).is_some_and(|e| e.updated_seq == seq)
        {
            let fact = self.fact(id, &op.body).await?;
            self.facts.insert(id, fact);
        }
        self.applied.insert(op.id);
        self.guard.push(applied_op::ActiveModel {
            user_id: Set(self.user_id),
            op_id: Set(op.id),
            seq: Set(seq),
            applied_at: Set(now_unix()),
        });
        let kind = op.body.kind().as_str();
        let client_ts = utc_rfc3339(op.client_ts);
        self.log.push(change::ActiveModel {
            user_id: Set(self.user_id),
            seq: Set(seq),
            op_id: Set(op.id),
            kind: Set(kind.to_owned()),
            device_id: Set(self.device_id),
            client_ts: Set(client_ts.clone()),
            payload: Set(text),
        });
        self.written.push(Change {
            seq,
            op_id: op.id.to_string(),
            kind: kind.to_owned(),
            device_id: self.device_id.to_string(),
            client_ts,
            payload,
        });
        Ok(Outcome::Applied(seq))
    }

    /// Settings, the prescription and education progress: last writer wins.
    async fn write_keyed(
        &mut self,
        op: &Op,
        home: &Home,
        key: &Key,
        payload: &str,
        seq: i64,
    ) -> Result<Result<(), String>, DbErr> {
        let value = match &op.body {
            OpBody::SettingSet(s) => s.value.to_string(),
            OpBody::PrescriptionSet(p) if p.set_by != SetBy::Patient => {
                return Ok(Err(
                    "Only a linked therapist can set a therapist's prescription; a phone sends set_by \"patient\"."
                        .to_owned(),
                ));
            }
            _ => payload.to_owned(),
        };
        let incoming = Stamp {
            at: op.client_ts,
            device_id: self.device_id.to_string(),
        };
        let storage_key = key.storage_key();
        if *key == Key::Prescription {
            self.programme_changed = true;
        }
        match keyed_value::Entity::find_by_id((self.user_id, storage_key.clone()))
            .one(self.txn)
            .await?
        {
            Some(existing) => {
                let stored = Stored::Value(Stamp::parse(
                    &existing.client_ts,
                    &existing.device_id.to_string(),
                ));
                if replaces(home, &incoming, &stored) {
                    let mut active: keyed_value::ActiveModel = existing.into();
                    active.value = Set(value);
                    active.client_ts = Set(utc_rfc3339(op.client_ts));
                    active.device_id = Set(self.device_id);
                    active.updated_seq = Set(seq);
                    active.update(self.txn).await?;
                }
            }
            None => {
                keyed_value::ActiveModel {
                    user_id: Set(self.user_id),
                    key: Set(storage_key),
                    value: Set(value),
                    client_ts: Set(utc_rfc3339(op.client_ts)),
                    device_id: Set(self.device_id),
                    updated_seq: Set(seq),
                }
                .insert(self.txn)
                .await?;
            }
        }
        Ok(Ok(()))
    }

    async fn write_entry(
        &mut self,
        home: &Home,
        id: Uuid,
        family: Family,
        payload: &str,
        client_ts: OffsetDateTime,
        seq: i64,
    ) -> Result<Result<(), String>, DbErr> {
        let tombstone = matches!(
            home,
            Home::Entry {
                tombstone: true,
                ..
            }
        );
        let (payload, deleted) = if tombstone {
            ("{}".to_owned(), true)
        } else {
            (payload.to_owned(), false)
        };
        let incoming = Stamp {
            at: client_ts,
            device_id: self.device_id.to_string(),
        };
        let stamp = Some(utc_rfc3339(client_ts));
        let written = match self.entries.get(&id) {
            Some(existing) if existing.family != family.as_str() => {
                let theirs =
                    Family::parse(&existing.family).map_or("another kind of entry", Family::one);
                return Ok(Err(format!(
                    "This id is {theirs} of yours, not {}; nothing was changed.",
                    family.one()
                )));
            }
            Some(existing) if !replaces(home, &incoming, &stored(existing)) => return Ok(Ok(())),
            // Not in the database yet: the bulk insert at the end writes it.
            Some(existing) if self.new_entries.contains(&id) => entry::Model {
                payload,
                deleted,
                updated_seq: seq,
                client_ts: stamp,
                device_id: Some(self.device_id),
                ..existing.clone()
            },
            Some(existing) => {
                let mut active: entry::ActiveModel = existing.clone().into();
                active.payload = Set(payload);
                active.deleted = Set(deleted);
                active.updated_seq = Set(seq);
                active.client_ts = Set(stamp);
                active.device_id = Set(Some(self.device_id));
                active.update(self.txn).await?
            }
            None => {
                self.new_entries.insert(id);
                entry::Model {
                    id,
                    user_id: self.user_id,
                    family: family.as_str().to_owned(),
                    payload,
                    deleted,
                    updated_seq: seq,
                    client_ts: stamp,
                    device_id: Some(self.device_id),
                }
            }
        };
        self.entries.insert(id, written);
        self.touched.insert(id);
        Ok(Ok(()))
    }

    /// Writes the new entries, the change log and the replay guard rows of
    /// the batch; returns its lines of the log as changes.
    async fn write_log(self) -> Result<Vec<Change>, DbErr> {
        let new_entries: Vec<entry::ActiveModel> = self
            .new_entries
            .iter()
            .filter_map(|id| self.entries.get(id))
            .map(|e| e.clone().into())
            .collect();
        // 100 rows per statement stays far below SQLite's bound-parameter limit.
        for chunk in new_entries.chunks(100) {
            entry::Entity::insert_many(chunk.to_vec())
                .exec(self.txn)
                .await?;
        }
        for chunk in self.log.chunks(100) {
            change::Entity::insert_many(chunk.to_vec())
                .exec(self.txn)
                .await?;
        }
        for chunk in self.guard.chunks(100) {
            applied_op::Entity::insert_many(chunk.to_vec())
                .exec(self.txn)
                .await?;
        }
        self.write_facts().await?;
        Ok(self.written)
    }

    /// The overview's fact of an entry this op wrote (none for a deletion).
    async fn fact(&mut self, id: Uuid, body: &OpBody) -> Result<Option<entry_fact::Model>, DbErr> {
        let logged = match body {
            OpBody::SessionLogged(s) => facts::Logged::Session(s),
            OpBody::DiaryLogged(d) => facts::Logged::Diary(d),
            OpBody::PromAnswered(a) => facts::Logged::Answer(a),
            _ => return Ok(None),
        };
        let zone = match (self.zone, &logged) {
            (Some(zone), _) => zone,
            (None, facts::Logged::Session(_)) => {
                let zone = facts::zone_of(self.txn, self.user_id).await?;
                self.zone = Some(zone);
                zone
            }
            (None, _) => facts::DEFAULT_ZONE,
        };
        Ok(facts::fact(self.user_id, id, logged, zone))
    }

    /// Renews the overview's facts of the entries this batch wrote, and
    /// marks the patient's overview row out of date.
    async fn write_facts(&self) -> Result<(), DbErr> {
        if self.touched.is_empty() && !self.programme_changed {
            return Ok(());
        }
        crate::care::overview::invalidate(self.txn, self.user_id).await?;
        if self.touched.is_empty() {
            return Ok(());
        }
        // Entries first stored by this batch have no fact to replace.
        let existing = self
            .touched
            .difference(&self.new_entries)
            .copied()
            .collect();
        let rows = self.facts.values().flatten().cloned().collect();
        facts::replace(self.txn, self.user_id, existing, rows).await
    }
}

fn utc_rfc3339(ts: OffsetDateTime) -> String {
    ts.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A stored entry as the op table sees it. Entries written before stamps
/// were kept have none and lose to any new copy.
fn stored(existing: &entry::Model) -> Stored {
    if existing.deleted {
        return Stored::Tombstone;
    }
    Stored::Value(
        existing
            .client_ts
            .as_deref()
            .zip(existing.device_id)
            .and_then(|(ts, device)| Stamp::parse(ts, &device.to_string())),
    )
}

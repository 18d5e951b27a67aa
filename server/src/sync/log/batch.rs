//! One batch's work on the change log: what it needs is read up front,
//! each op is resolved against what is stored, and the rows are written in
//! bulk at the end (see [`Batch`]).

use super::{Author, Outcome};
use crate::care::facts;
use crate::db::entities::care::entry_fact;
use crate::db::entities::sync::{applied_op, change, entry, keyed_value};
use crate::db::now_unix;
use app::domain::sync::{
    Change, Family, Home, Key, Op, OpBody, OpRejection, SetBy, Stamp, Stored, replaces,
    therapist_stamp,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Set,
};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The work of one batch: what was already applied and the entries the
/// batch touches are read up front, and new entries, the change log and the
/// replay guard rows are written in bulk at the end, so a 500-op batch costs
/// a few statements plus one per changed existing entry, not five per op.
pub(super) struct Batch<'a> {
    txn: &'a DatabaseTransaction,
    user_id: Uuid,
    author: Author,
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
    pub(super) async fn prefetch(
        txn: &'a DatabaseTransaction,
        user_id: Uuid,
        author: Author,
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
            author,
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

    pub(super) async fn apply(&mut self, op: &Op, seq: i64) -> Result<Outcome, DbErr> {
        if self.applied.contains(&op.id) {
            return Ok(Outcome::Duplicate);
        }
        let payload = op.body.payload_json();
        let text = payload.to_string();
        let home = op.body.home();
        // The stamp the op is logged with: the device's, or the one the
        // server gives a therapist's change over what is stored.
        let stamped = match &home {
            Home::Entry { family, id, .. } => {
                self.write_entry(&home, *id, *family, &text, op.client_ts, seq)
                    .await?
            }
            Home::Keyed(key) => self.write_keyed(op, &home, key, &text, seq).await?,
        };
        let at = match stamped {
            Ok(at) => at,
            Err(rejection) => return Ok(Outcome::Rejected(rejection)),
        };
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
        let client_ts = utc_rfc3339(at);
        let device_id = self.author.device_id();
        self.log.push(change::ActiveModel {
            user_id: Set(self.user_id),
            seq: Set(seq),
            op_id: Set(op.id),
            kind: Set(kind.to_owned()),
            device_id: Set(device_id),
            client_ts: Set(client_ts.clone()),
            payload: Set(text),
        });
        self.written.push(Change {
            seq,
            op_id: op.id.to_string(),
            kind: kind.to_owned(),
            device_id: device_id.to_string(),
            client_ts,
            payload,
        });
        Ok(Outcome::Applied(seq))
    }

    /// Settings, the prescription and education progress: last writer
    /// wins. Returns the op's stamp (see [`Author`]).
    async fn write_keyed(
        &mut self,
        op: &Op,
        home: &Home,
        key: &Key,
        payload: &str,
        seq: i64,
    ) -> Result<Result<OffsetDateTime, String>, DbErr> {
        let device_id = self.author.device_id();
        let value = match &op.body {
            OpBody::SettingSet(s) => s.value.to_string(),
            OpBody::PrescriptionSet(p)
                if p.set_by != SetBy::Patient && matches!(self.author, Author::Device(_)) =>
            {
                return Ok(Err(
                    "Only a linked therapist can set a therapist's prescription; a phone sends set_by \"patient\"."
                        .to_owned(),
                ));
            }
            _ => payload.to_owned(),
        };
        let storage_key = key.storage_key();
        // The overview row reads the programme and the assessment's red flags.
        if matches!(key, Key::Prescription | Key::Assessment) {
            self.programme_changed = true;
        }
        let existing = keyed_value::Entity::find_by_id((self.user_id, storage_key.clone()))
            .one(self.txn)
            .await?;
        let stored = existing.as_ref().map_or(Stored::Nothing, |existing| {
            Stored::Value(Stamp::parse(
                &existing.client_ts,
                &existing.device_id.to_string(),
            ))
        });
        let at = match self.author {
            Author::Device(_) => op.client_ts,
            // The server's clock, or just after a later stamp it holds.
            Author::Therapist(_) => therapist_stamp(op.client_ts, &stored),
        };
        let incoming = Stamp {
            at,
            device_id: device_id.to_string(),
        };
        match existing {
            Some(existing) => {
                if replaces(home, &incoming, &stored) {
                    let mut active: keyed_value::ActiveModel = existing.into();
                    active.value = Set(value);
                    active.client_ts = Set(utc_rfc3339(at));
                    active.device_id = Set(device_id);
                    active.updated_seq = Set(seq);
                    active.update(self.txn).await?;
                }
            }
            None => {
                keyed_value::ActiveModel {
                    user_id: Set(self.user_id),
                    key: Set(storage_key),
                    value: Set(value),
                    client_ts: Set(utc_rfc3339(at)),
                    device_id: Set(device_id),
                    updated_seq: Set(seq),
                }
                .insert(self.txn)
                .await?;
            }
        }
        Ok(Ok(at))
    }

    async fn write_entry(
        &mut self,
        home: &Home,
        id: Uuid,
        family: Family,
        payload: &str,
        client_ts: OffsetDateTime,
        seq: i64,
    ) -> Result<Result<OffsetDateTime, String>, DbErr> {
        let device_id = self.author.device_id();
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
            device_id: device_id.to_string(),
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
            Some(existing) if !replaces(home, &incoming, &stored(existing)) => {
                return Ok(Ok(client_ts));
            }
            // Not in the database yet: the bulk insert at the end writes it.
            Some(existing) if self.new_entries.contains(&id) => entry::Model {
                payload,
                deleted,
                updated_seq: seq,
                client_ts: stamp,
                device_id: Some(device_id),
                ..existing.clone()
            },
            Some(existing) => {
                let mut active: entry::ActiveModel = existing.clone().into();
                active.payload = Set(payload);
                active.deleted = Set(deleted);
                active.updated_seq = Set(seq);
                active.client_ts = Set(stamp);
                active.device_id = Set(Some(device_id));
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
                    device_id: Some(device_id),
                }
            }
        };
        self.entries.insert(id, written);
        self.touched.insert(id);
        Ok(Ok(client_ts))
    }

    /// Writes the new entries, the change log and the replay guard rows of
    /// the batch; returns its lines of the log as changes.
    pub(super) async fn write_log(self) -> Result<Vec<Change>, DbErr> {
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

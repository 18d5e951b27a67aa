//! The IndexedDB database `knip`: settings, the outbox of ops not yet on the
//! server, refused ops, and bookkeeping (device id, cursor, whose data).

use super::ids;
use crate::api::Me;
use crate::domain::pathway::Assessment;
use crate::domain::pathway::bladder::{BladderTarget, BladderVisit};
use crate::domain::reminders::Reminders;
use crate::domain::settings::Settings;
use crate::domain::sync::{
    Change, DEFAULTS_CLIENT_TS, DiaryEntry, EducationProgress, Family, Home, Key, LoggedSession,
    OpBody, OpResult, OpStatus, PrescriptionSet, PromAnswer, Setting, SettingKey, Stamp, Stored,
    WireOp, parse_op, replaces,
};
use crate::domain::training::adherence::{Asked, DoseChange};
use crate::platform::sync_state::DeadLetter;
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const DB_NAME: &str = "knip";
/// 3: the stores of the start assessment and the bladder diary.
const DB_VERSION: u32 = 3;
const SETTINGS: &str = "settings";
const OUTBOX: &str = "outbox";
const DEAD_LETTERS: &str = "dead_letters";
const META: &str = "meta";
const SESSIONS: &str = "sessions";
const DIARY: &str = "diary";
const PROMS: &str = "proms";
const EDUCATION: &str = "education";
/// The programme in force (prescription, phase, who set it), under one key,
/// and beside it every programme set (`set <client_ts> <device>`, each as
/// its op left it): the dose figures judge each day by the one in force.
const PRESCRIPTION: &str = "prescription";
const CURRENT: &str = "current";
/// The bladder diary's toilet visits, by id.
const BLADDER: &str = "bladder";
/// The start assessment and the interval target, each under its key.
const PATHWAY: &str = "pathway";
/// The stores a home of the op table lives in (`local_place`).
const DATA: [&str; 8] = [
    SETTINGS,
    SESSIONS,
    DIARY,
    PROMS,
    EDUCATION,
    PRESCRIPTION,
    BLADDER,
    PATHWAY,
];
const ALL: [&str; 11] = [
    SETTINGS,
    OUTBOX,
    DEAD_LETTERS,
    META,
    SESSIONS,
    DIARY,
    PROMS,
    EDUCATION,
    PRESCRIPTION,
    BLADDER,
    PATHWAY,
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("IndexedDB: {0}")]
    Idb(#[from] idb::Error),
    #[error("stored data has an unexpected shape: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("stored data is not JSON")]
    NotJson,
    #[error("not stored: {0}")]
    Refused(String),
}

/// The object store and key of a home of the op table (`domain/sync/table.rs`).
fn local_place(home: &Home) -> (&'static str, String) {
    match home {
        Home::Entry { family, id, .. } => {
            let store = match family {
                Family::Session => SESSIONS,
                Family::Diary => DIARY,
                Family::Prom => PROMS,
                Family::Bladder => BLADDER,
            };
            (store, id.to_string())
        }
        Home::Keyed(Key::Setting(key)) => (SETTINGS, key.as_str().to_owned()),
        Home::Keyed(Key::Prescription) => (PRESCRIPTION, CURRENT.to_owned()),
        Home::Keyed(Key::Education(module)) => (EDUCATION, module.clone()),
        Home::Keyed(key @ (Key::Assessment | Key::BladderTarget)) => (PATHWAY, key.storage_key()),
    }
}

/// What an op leaves in its object store: the value with the stamp of the
/// op (settings and the programme as [`StoredSetting`], entries and
/// progress as [`StoredEntry`]), or a tombstone. A deleted entry is kept as
/// a marker, so that a copy of it pulled later (changes from other devices
/// arrive in any order) does not bring it back.
fn local_value(
    body: &OpBody,
    payload: &serde_json::Value,
    client_ts: String,
    device_id: String,
) -> Result<JsValue, StoreError> {
    match (body, body.home()) {
        (
            _,
            Home::Entry {
                tombstone: true, ..
            },
        ) => to_js(&serde_json::json!({ "deleted": true })),
        (OpBody::SettingSet(setting), _) => to_js(&StoredSetting {
            value: setting.value.clone(),
            client_ts,
            device_id,
        }),
        (_, Home::Keyed(Key::Prescription)) => to_js(&StoredSetting {
            value: payload.clone(),
            client_ts,
            device_id,
        }),
        _ => to_js(&StoredEntry {
            payload: payload.clone(),
            client_ts,
            device_id,
        }),
    }
}

/// What an object store holds at a key, as the op table resolves it. Both
/// stored shapes carry the stamp under the same names.
fn stored_state(value: Option<serde_json::Value>) -> Stored {
    let Some(value) = value else {
        return Stored::Nothing;
    };
    if value.get("deleted").is_some() {
        return Stored::Tombstone;
    }
    let field = |name: &str| value.get(name).and_then(|v| v.as_str());
    Stored::Value(
        field("client_ts")
            .zip(field("device_id"))
            .and_then(|(ts, device)| Stamp::parse(ts, device)),
    )
}

fn now() -> time::OffsetDateTime {
    let nanos = (js_sys::Date::now() * 1_000_000.0) as i128;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// A logged entry with the stamp of the op that wrote it: the same entry
/// logged again (a session re-logged with feedback) resolves by
/// last-writer-wins, whatever order the copies arrive in.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredEntry {
    payload: serde_json::Value,
    client_ts: String,
    device_id: String,
}

/// A setting's value with the stamp that decides conflicts.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredSetting {
    value: serde_json::Value,
    client_ts: String,
    device_id: String,
}

// Values go through JSON text on their way in and out of IndexedDB: the
// WASM already carries serde_json for the API, and a second serde format
// (serde-wasm-bindgen) compiled every stored type's (de)serializer again.
// IndexedDB keeps the same plain objects as before.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    js_sys::JSON::parse(&serde_json::to_string(value)?).map_err(|_| StoreError::NotJson)
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(StoreError::NotJson)?;
    Ok(crate::platform::json::parse(&json)?)
}

pub async fn open() -> Result<Database, StoreError> {
    let factory = Factory::new()?;
    let mut request = factory.open(DB_NAME, Some(DB_VERSION))?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        for name in ALL {
            if !db.store_names().iter().any(|n| n == name) {
                let _ = db.create_object_store(name, ObjectStoreParams::new());
            }
        }
    });
    Ok(request.await?)
}

async fn meta<T: DeserializeOwned>(db: &Database, key: &str) -> Result<Option<T>, StoreError> {
    let tx = db.transaction(&[META], TransactionMode::ReadOnly)?;
    let value = tx.object_store(META)?.get(JsValue::from_str(key))?.await?;
    tx.await?;
    value.map(from_js).transpose()
}

async fn set_meta<T: Serialize>(db: &Database, key: &str, value: &T) -> Result<(), StoreError> {
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    tx.object_store(META)?
        .put(&to_js(value)?, Some(&JsValue::from_str(key)))?
        .await?;
    tx.commit()?.await?;
    Ok(())
}

/// This browser's device id, made on first use.
pub async fn device_id(db: &Database) -> Result<String, StoreError> {
    if let Some(id) = meta::<String>(db, "device_id").await? {
        return Ok(id);
    }
    let id = ids::new_device_id().to_string();
    set_meta(db, "device_id", &id).await?;
    Ok(id)
}

/// Stores a setting and its op in one transaction, before anything is shown
/// as saved: if the tab dies now, the change is still on its way.
pub async fn record_setting(key: SettingKey, value: serde_json::Value) -> Result<(), StoreError> {
    record(OpBody::SettingSet(Setting { key, value })).await
}

/// Stores a change (a logged entry, a setting, the programme) together with
/// its op in one transaction, checked by the same rules the server applies: what the
/// server would refuse never reaches the outbox.
pub async fn record(body: OpBody) -> Result<(), StoreError> {
    record_stamped(body, ids::now_rfc3339(), false).await
}

/// Records the programme this phone applies without anyone having chosen
/// it (a new patient's defaults), the first time it applies it, so that the
/// server and the therapist see the programme the patient trains by. It is
/// stamped [`DEFAULTS_CLIENT_TS`] so that any programme set by anyone, before
/// or after, wins over it; and nothing is written when a programme is here
/// already (one pulled in the meantime).
pub async fn record_defaults(body: OpBody) -> Result<(), StoreError> {
    record_stamped(body, DEFAULTS_CLIENT_TS.to_owned(), true).await
}

thread_local! {
    /// Local writes begun on this page, and how many are not done yet.
    static WRITES: std::cell::Cell<(u64, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// A local write under way: a change the page already shows, not yet (or
/// just now) in the store.
struct Writing;

impl Writing {
    fn begin() -> Self {
        WRITES.with(|w| {
            let (begun, open) = w.get();
            w.set((begun + 1, open + 1));
        });
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITES.with(|w| {
            let (begun, open) = w.get();
            w.set((begun, open.saturating_sub(1)));
        });
    }
}

/// Marks when the page read the store: a read is current when no local
/// write began since and none was under way (see [`StoreRead::current`]).
/// A read that overlapped a write may hold what that write replaces, while
/// the page already shows the new value: it must not be put back on the
/// page. The write kicks the engine when done, and the next read has it.
#[derive(Clone, Copy)]
pub struct StoreRead(u64);

impl StoreRead {
    pub fn begin() -> Self {
        StoreRead(WRITES.with(|w| w.get().0))
    }

    pub fn current(self) -> bool {
        WRITES.with(|w| {
            let (begun, open) = w.get();
            begun == self.0 && open == 0
        })
    }
}

async fn record_stamped(
    body: OpBody,
    client_ts: String,
    only_if_empty: bool,
) -> Result<(), StoreError> {
    // Counted from the first poll, in the same turn as the change the page
    // shows (`spawn_local` runs it as a microtask), before any store event.
    let _writing = Writing::begin();
    let db = open().await?;
    let device = device_id(&db).await?;
    let op = WireOp {
        op_id: ids::new_op_id().to_string(),
        kind: body.kind().as_str().to_owned(),
        client_ts: client_ts.clone(),
        payload: body.payload_json(),
    };
    parse_op(&op, now()).map_err(|e| StoreError::Refused(e.to_string()))?;
    let (home, key) = local_place(&body.home());
    let value = local_value(&body, &op.payload, client_ts, device.clone())?;
    let tx = db.transaction(&[home, OUTBOX], TransactionMode::ReadWrite)?;
    if only_if_empty
        && tx
            .object_store(home)?
            .get(JsValue::from_str(&key))?
            .await?
            .is_some()
    {
        return Ok(());
    }
    tx.object_store(home)?
        .put(&value, Some(&JsValue::from_str(&key)))?
        .await?;
    if let OpBody::PrescriptionSet(_) = body {
        tx.object_store(home)?
            .put(
                &value,
                Some(&JsValue::from_str(&set_key(&op.client_ts, &device))),
            )?
            .await?;
    }
    tx.object_store(OUTBOX)?
        .put(&to_js(&op)?, Some(&JsValue::from_str(&op.op_id)))?
        .await?;
    tx.commit()?.await?;
    request_persistent_storage(&db).await;
    Ok(())
}

/// The session being played, saved after every repetition so that a tab
/// closed, crashed or reloaded mid-session loses nothing (see
/// [`recover_draft`]).
const DRAFT: &str = "session_draft";

pub async fn save_draft(session: &LoggedSession) -> Result<(), StoreError> {
    let db = open().await?;
    set_meta(&db, DRAFT, session).await
}

/// Forgets the draft of session `id` once the session itself is logged.
pub async fn clear_draft(id: uuid::Uuid) -> Result<(), StoreError> {
    let db = open().await?;
    let draft = meta::<Option<LoggedSession>>(&db, DRAFT).await?.flatten();
    if draft.is_some_and(|d| d.id == id) {
        set_meta(&db, DRAFT, &serde_json::Value::Null).await?;
    }
    Ok(())
}

/// A session still being played when the page went away is logged as
/// partial, with what was done by its last repetition, unless it was
/// logged after all.
pub async fn recover_draft(db: &Database) -> Result<(), StoreError> {
    let Some(draft) = meta::<Option<LoggedSession>>(db, DRAFT).await?.flatten() else {
        return Ok(());
    };
    let tx = db.transaction(&[SESSIONS], TransactionMode::ReadOnly)?;
    let logged = tx
        .object_store(SESSIONS)?
        .get(JsValue::from_str(&draft.id.to_string()))?
        .await?
        .is_some();
    tx.await?;
    if !logged {
        record(OpBody::SessionLogged(draft)).await?;
    }
    set_meta(db, DRAFT, &serde_json::Value::Null).await
}

/// Every logged session on this device (deleted ones left out).
pub async fn sessions(db: &Database) -> Result<Vec<LoggedSession>, StoreError> {
    let mut sessions: Vec<LoggedSession> = entries(db, SESSIONS).await?;
    sessions.sort_by_key(|s| s.started_at);
    Ok(sessions)
}

/// Every diary entry on this device (deleted ones left out).
pub async fn diary(db: &Database) -> Result<Vec<DiaryEntry>, StoreError> {
    let mut entries: Vec<DiaryEntry> = entries(db, DIARY).await?;
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(entries)
}

/// Reading progress in the education modules on this device.
pub async fn education(db: &Database) -> Result<Vec<EducationProgress>, StoreError> {
    entries(db, EDUCATION).await
}

/// Every questionnaire answer on this device.
pub async fn proms(db: &Database) -> Result<Vec<PromAnswer>, StoreError> {
    entries(db, PROMS).await
}

/// Every toilet visit of the bladder diary on this device, oldest first.
pub async fn bladder(db: &Database) -> Result<Vec<BladderVisit>, StoreError> {
    let mut visits: Vec<BladderVisit> = entries(db, BLADDER).await?;
    visits.sort_by_key(|v| v.at);
    Ok(visits)
}

/// The start assessment's answers and the interval target, if given.
pub async fn pathway(
    db: &Database,
) -> Result<(Option<Assessment>, Option<BladderTarget>), StoreError> {
    let tx = db.transaction(&[PATHWAY], TransactionMode::ReadOnly)?;
    let store = tx.object_store(PATHWAY)?;
    let assessment = store
        .get(JsValue::from_str(&Key::Assessment.storage_key()))?
        .await?;
    let target = store
        .get(JsValue::from_str(&Key::BladderTarget.storage_key()))?
        .await?;
    tx.await?;
    let payload = |value: Option<JsValue>| -> Result<Option<serde_json::Value>, StoreError> {
        Ok(match value {
            Some(value) => {
                let json: serde_json::Value = from_js(value)?;
                read::<StoredEntry>(&json).map(|e| e.payload)
            }
            None => None,
        })
    };
    Ok((
        payload(assessment)?.as_ref().and_then(read),
        payload(target)?.as_ref().and_then(read),
    ))
}

/// The live entries of a family's object store.
async fn entries<T: DeserializeOwned>(db: &Database, store: &str) -> Result<Vec<T>, StoreError> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let values = tx.object_store(store)?.get_all(None, None)?.await?;
    tx.await?;
    let mut entries = Vec::with_capacity(values.len());
    for value in values {
        let json: serde_json::Value = from_js(value)?;
        if json.get("deleted").is_some() {
            continue;
        }
        let stamped = read::<StoredEntry>(&json);
        // Kept before entries carried their stamp: the payload itself.
        let payload = stamped.as_ref().map_or(&json, |entry| &entry.payload);
        // A copy that no longer parses (an older shape) is skipped, not fatal.
        if let Some(entry) = read::<T>(payload) {
            entries.push(entry);
        }
    }
    Ok(entries)
}

fn set_key(client_ts: &str, device_id: &str) -> String {
    format!("set {client_ts} {device_id}")
}

/// The programme in force, if one was ever set on or for this device, and
/// every programme set that this device knows of, in the order of their
/// stamps (the server reads the same from its change log).
pub async fn prescription(
    db: &Database,
) -> Result<(Option<PrescriptionSet>, Vec<DoseChange>), StoreError> {
    let tx = db.transaction(&[PRESCRIPTION], TransactionMode::ReadOnly)?;
    let store = tx.object_store(PRESCRIPTION)?;
    let current = store.get(JsValue::from_str(CURRENT))?.await?;
    // The current one among them: a programme kept before the history was.
    let all = store.get_all(None, None)?.await?;
    tx.await?;
    let current = match current {
        Some(value) => read::<PrescriptionSet>(&from_js::<StoredSetting>(value)?.value),
        None => None,
    };
    let mut sets: Vec<(Stamp, DoseChange)> = Vec::with_capacity(all.len());
    for value in all {
        let Ok(stored) = from_js::<StoredSetting>(value) else {
            continue;
        };
        let (Some(stamp), Some(set)) = (
            Stamp::parse(&stored.client_ts, &stored.device_id),
            read::<PrescriptionSet>(&stored.value),
        ) else {
            continue;
        };
        let change = DoseChange {
            on: crate::platform::local_time::local_day(stamp.at),
            asked: Asked::from(&set.prescription),
        };
        sets.push((stamp, change));
    }
    sets.sort_by(|(a, _), (b, _)| (a.at, &a.device_id).cmp(&(b.at, &b.device_id)));
    sets.dedup_by(|(a, _), (b, _)| a == b);
    Ok((current, sets.into_iter().map(|(_, c)| c).collect()))
}

/// A `T` read out of a JSON value, `None` when it does not fit. The phone
/// reads every JSON value by reference, as `parse_op` does: taking it by
/// value instead compiled a second deserializer per type into the WASM.
pub(crate) fn read<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// After the first saved change, ask the browser not to evict our data.
async fn request_persistent_storage(db: &Database) {
    if matches!(meta::<bool>(db, "persist_requested").await, Ok(Some(true))) {
        return;
    }
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    let _ = set_meta(db, "persist_requested", &true).await;
}

pub async fn settings(db: &Database) -> Result<Settings, StoreError> {
    let mut settings = Settings::default();
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let store = tx.object_store(SETTINGS)?;
    for key in [
        SettingKey::Sound,
        SettingKey::Vibration,
        SettingKey::DiscreetMode,
    ] {
        if let Some(value) = store.get(JsValue::from_str(key.as_str()))?.await? {
            let stored: StoredSetting = from_js(value)?;
            if let Some(on) = stored.value.as_bool() {
                settings.set(key, on);
            }
        }
    }
    tx.await?;
    Ok(settings)
}

/// The reminder settings, if the patient ever saved them.
pub async fn reminders(db: &Database) -> Result<Option<Reminders>, StoreError> {
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let value = tx
        .object_store(SETTINGS)?
        .get(JsValue::from_str(SettingKey::Reminders.as_str()))?
        .await?;
    tx.await?;
    let Some(value) = value else { return Ok(None) };
    let stored: StoredSetting = from_js(value)?;
    Ok(read(&stored.value))
}

/// The oldest ops waiting for the server (op ids are time-ordered).
pub async fn outbox(db: &Database, limit: u32) -> Result<Vec<WireOp>, StoreError> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let values = tx.object_store(OUTBOX)?.get_all(None, Some(limit))?.await?;
    tx.await?;
    values.into_iter().map(from_js).collect()
}

/// Applied and duplicate ops leave the outbox; refused ones move to the
/// dead letters, never to be retried.
pub async fn settle(
    db: &Database,
    sent: &[WireOp],
    results: &[OpResult],
) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX, DEAD_LETTERS], TransactionMode::ReadWrite)?;
    let outbox = tx.object_store(OUTBOX)?;
    let dead = tx.object_store(DEAD_LETTERS)?;
    for result in results {
        let key = JsValue::from_str(&result.op_id);
        if result.status == OpStatus::Rejected {
            let kind = sent
                .iter()
                .find(|op| op.op_id == result.op_id)
                .map(|op| op.kind.clone())
                .unwrap_or_default();
            let letter = DeadLetter {
                op_id: result.op_id.clone(),
                kind,
                reason: result.error.clone().unwrap_or_default(),
            };
            dead.put(&to_js(&letter)?, Some(&key))?.await?;
        }
        outbox.delete(key)?.await?;
    }
    tx.commit()?.await?;
    Ok(())
}

/// Applies pulled changes to the local copy by the op table's rule
/// (`domain/sync/table.rs`): the later stamp wins, tombstones for good.
pub async fn apply_changes(db: &Database, changes: &[Change]) -> Result<(), StoreError> {
    let tx = db.transaction(&DATA, TransactionMode::ReadWrite)?;
    for change in changes {
        let wire = WireOp {
            op_id: change.op_id.clone(),
            kind: change.kind.clone(),
            client_ts: change.client_ts.clone(),
            payload: change.payload.clone(),
        };
        // What the server stored passed these checks; re-reading it through
        // them keeps one code path for every shape of data.
        let Ok(op) = parse_op(&wire, now()) else {
            continue;
        };
        let Some(incoming) = Stamp::parse(&change.client_ts, &change.device_id) else {
            continue;
        };
        let home = op.body.home();
        let (store, key) = local_place(&home);
        let store = tx.object_store(store)?;
        let key = JsValue::from_str(&key);
        let current: Option<serde_json::Value> =
            store.get(key.clone())?.await?.map(from_js).transpose()?;
        let value = local_value(
            &op.body,
            &change.payload,
            change.client_ts.clone(),
            change.device_id.clone(),
        )?;
        if replaces(&home, &incoming, &stored_state(current)) {
            store.put(&value, Some(&key))?.await?;
        }
        // Every programme set is kept, whichever wins: the history of the dose.
        if let OpBody::PrescriptionSet(_) = op.body {
            let set = JsValue::from_str(&set_key(&change.client_ts, &change.device_id));
            store.put(&value, Some(&set))?.await?;
        }
    }
    tx.commit()?.await?;
    Ok(())
}

pub async fn dead_letters(db: &Database) -> Result<Vec<DeadLetter>, StoreError> {
    let tx = db.transaction(&[DEAD_LETTERS], TransactionMode::ReadOnly)?;
    let values = tx.object_store(DEAD_LETTERS)?.get_all(None, None)?.await?;
    tx.await?;
    values.into_iter().map(from_js).collect()
}

/// Where this device is in `user`'s change log. A different user signing in
/// on the same browser starts from the beginning of their own log.
pub async fn cursor_for(db: &Database, user: &Me) -> Result<Option<String>, StoreError> {
    if meta::<String>(db, "cursor_user").await?.as_deref() != Some(user.id.as_str()) {
        set_meta(db, "cursor_user", &user.id).await?;
        set_meta(db, "cursor", &serde_json::Value::Null).await?;
        return Ok(None);
    }
    meta::<Option<String>>(db, "cursor")
        .await
        .map(Option::flatten)
}

pub async fn set_cursor(db: &Database, cursor: Option<&str>) -> Result<(), StoreError> {
    set_meta(db, "cursor", &cursor).await
}

/// Removes everything this app keeps on the device.
pub async fn wipe() -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db.transaction(&ALL, TransactionMode::ReadWrite)?;
    for name in ALL {
        tx.object_store(name)?.clear()?.await?;
    }
    tx.commit()?.await?;
    Ok(())
}

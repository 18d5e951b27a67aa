//! Reminders by Web Push, for signed-in patients who allowed notifications
//! on a phone: at each time they chose, in their own time zone, while some
//! of the day's dose is left, every device they subscribed gets a
//! notification with the neutral text (or their own word). Nothing in it
//! says what the app is for.
//!
//! Several server processes may run on one PostgreSQL: each looks at the
//! clock, and the first to claim a reminder (a row per patient, day and
//! time in `push_sends`) sends it; the others find the row taken.
//!
//! A round's sends go out at once, a bounded number at a time, each with a
//! short timeout, in turns (every account's first device before anyone's
//! second) and at most [`ATTEMPTS_PER_ACCOUNT`] an account: a patient whose
//! endpoints never answer delays nobody else's reminder (issue #27, item
//! 8). Where a push may go at all is `address`.

pub mod address;
pub mod schedule;
pub mod send;
pub mod subscription;
pub mod vapid;

use crate::care::facts::{DEFAULT_ZONE, TRAINING};
use crate::db::entities::care::entry_fact;
use crate::db::entities::push::{push_send, push_subscription};
use crate::db::entities::sync::keyed_value;
use crate::db::entities::user;
use address::Destinations;
use app::domain::Language;
use app::domain::reminders::{ClockTime, Reminders};
use app::domain::sync::{Key, PrescriptionSet, SettingKey};
use app::domain::training::Phase;
use app::domain::training::adherence::{self, DoseHistory, SessionFact};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use futures_util::StreamExt;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use send::Delivery;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;
use vapid::Vapid;

/// How long one endpoint may take to connect, and to answer in all (our
/// rule): push services answer in well under a second, and a reminder's
/// round must not wait on one that does not.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Sends in flight at once (our rule: each is one connection; a round's
/// sends then take at most ceil(attempts / AT_ONCE) x [`SEND_TIMEOUT`]).
const AT_ONCE: usize = 32;
/// Sends one account gets in a round: one per device it may keep.
pub const ATTEMPTS_PER_ACCOUNT: usize = subscription::MAX_DEVICES;

/// What sends the pushes: the key that signs them, the rules for where
/// they may go and an HTTP client that keeps them.
#[derive(Clone)]
pub struct Pusher {
    pub vapid: Vapid,
    pub destinations: Destinations,
    client: reqwest::Client,
}

impl Pusher {
    pub fn new(vapid: Vapid, destinations: Destinations) -> Result<Pusher, reqwest::Error> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(SEND_TIMEOUT)
            // A redirect or a proxy would connect to an address the rules
            // did not see.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(destinations.clone()))
            .build()?;
        Ok(Pusher {
            vapid,
            destinations,
            client,
        })
    }
}

/// Why the push side could not be set up at start.
#[derive(Debug, thiserror::Error)]
pub enum PushSetupError {
    #[error("the push key could not be read or made: {0}")]
    Key(#[from] DbErr),
    #[error("the push client could not be built: {0}")]
    Client(#[from] reqwest::Error),
}

/// What one look at the clock did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Reminders this process claimed and sent.
    pub reminders: usize,
    pub sent: usize,
    /// Subscriptions removed: their endpoint is gone.
    pub gone: usize,
    /// Subscriptions removed: their endpoint breaks the address rules.
    pub refused: usize,
    pub failed: usize,
}

/// The payload the service worker shows (`scripts/sw.template.js`).
fn notification(reminders: &Reminders, language: Language) -> Vec<u8> {
    let text = reminders
        .word
        .clone()
        .unwrap_or_else(|| app::features::reminders::default_text(language));
    serde_json::json!({"title": text, "url": app::routes::TODAY})
        .to_string()
        .into_bytes()
}

/// Sends the reminders that fall in `(after, until]`: one notification
/// to each of an account's devices, however many of its times fell in the
/// window (the text is the same).
pub async fn remind<C: ConnectionTrait>(
    db: &C,
    pusher: &Pusher,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Round, DbErr> {
    let mut devices: BTreeMap<Uuid, Vec<push_subscription::Model>> = BTreeMap::new();
    for subscription in push_subscription::Entity::find().all(db).await? {
        devices
            .entry(subscription.user_id)
            .or_default()
            .push(subscription);
    }
    let ids: Vec<Uuid> = devices.keys().copied().collect();
    let mut round = Round::default();
    let mut sends: Vec<Vec<(push_subscription::Model, Arc<[u8]>)>> = Vec::new();
    for chunk in ids.chunks(500) {
        let settings = keyed_value::Entity::find()
            .filter(keyed_value::Column::Key.eq(Key::Setting(SettingKey::Reminders).storage_key()))
            .filter(keyed_value::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for row in settings {
            let Ok(reminders) = serde_json::from_str::<Reminders>(&row.value) else {
                continue;
            };
            let claimed = claim_due(db, row.user_id, &reminders, after, until).await?;
            if claimed == 0 {
                continue;
            }
            round.reminders += claimed;
            let language = user::Entity::find_by_id(row.user_id)
                .one(db)
                .await?
                .and_then(|u| Language::parse(&u.locale).ok())
                .unwrap_or_default();
            let payload: Arc<[u8]> = notification(&reminders, language).into();
            let account = devices.remove(&row.user_id).unwrap_or_default();
            sends.push(
                account
                    .into_iter()
                    .map(|device| (device, payload.clone()))
                    .collect(),
            );
        }
    }
    let mut removed = Vec::new();
    for (device, delivery) in deliver(pusher, in_turns(sends, ATTEMPTS_PER_ACCOUNT)).await {
        match delivery {
            Delivery::Sent => round.sent += 1,
            Delivery::Gone => {
                removed.push(device);
                round.gone += 1;
            }
            Delivery::Refused => {
                removed.push(device);
                round.refused += 1;
            }
            Delivery::Failed(reason) => {
                tracing::warn!(%reason, "a reminder was not delivered");
                round.failed += 1;
            }
        }
    }
    if !removed.is_empty() {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::Id.is_in(removed))
            .exec(db)
            .await?;
    }
    Ok(round)
}

/// Claims this process's share of the account's reminders due in the
/// window, while some of the day's dose is left: how many.
async fn claim_due<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    reminders: &Reminders,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let zone: Tz = reminders
        .time_zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(DEFAULT_ZONE);
    let mut claimed = 0;
    for (day, at) in schedule::due_between(reminders, zone, after, until) {
        if dose_left(db, user_id, day).await? && claim(db, user_id, day, at).await? {
            claimed += 1;
        }
    }
    Ok(claimed)
}

/// Each account's sends in turns: every account's first, then every
/// account's second, and so on, at most `cap` of each. With the sends in
/// flight bounded, an account's later devices start only after every
/// account's earlier ones have: one patient's many endpoints that never
/// answer cannot take the places ahead of everyone else's.
fn in_turns<T>(accounts: Vec<Vec<T>>, cap: usize) -> Vec<T> {
    let mut queues: Vec<_> = accounts
        .into_iter()
        .map(|sends| sends.into_iter().take(cap))
        .collect();
    let mut ordered = Vec::new();
    loop {
        let before = ordered.len();
        ordered.extend(queues.iter_mut().filter_map(Iterator::next));
        if ordered.len() == before {
            return ordered;
        }
    }
}

/// Sends each push, [`AT_ONCE`] at a time in the order given: which
/// subscription, and what became of it.
async fn deliver(
    pusher: &Pusher,
    sends: Vec<(push_subscription::Model, Arc<[u8]>)>,
) -> Vec<(Uuid, Delivery)> {
    futures_util::stream::iter(sends)
        .map(|(device, payload)| async move {
            let delivery = send::send(
                &pusher.client,
                &pusher.destinations,
                &pusher.vapid,
                &device,
                &payload,
            )
            .await;
            (device.id, delivery)
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await
}

/// Whether some of `day`'s dose is left (as the in-app reminder asks).
async fn dose_left<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    day: NaiveDate,
) -> Result<bool, DbErr> {
    let day_text = day.to_string();
    let Some(date) = app::domain::sync::parse_day(&day_text) else {
        return Ok(true);
    };
    let programme = keyed_value::Entity::find_by_id((user_id, Key::Prescription.storage_key()))
        .one(db)
        .await?
        .and_then(|row| serde_json::from_str::<PrescriptionSet>(&row.value).ok())
        .map(|set| set.prescription)
        .unwrap_or_default();
    let sessions: Vec<SessionFact> = entry_fact::Entity::find()
        .filter(entry_fact::Column::UserId.eq(user_id))
        .filter(entry_fact::Column::Family.eq(TRAINING))
        .filter(entry_fact::Column::Day.eq(day_text))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| crate::care::facts::session_fact(&r))
        .collect();
    let history = DoseHistory::constant(&programme, Phase::Intensive);
    Ok(adherence::day(&sessions, date, &history).rounds_left() > 0)
}

/// Claims the reminder at `at` on the patient's `day` for this process:
/// true for the one process whose row went in.
async fn claim<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    day: NaiveDate,
    at: ClockTime,
) -> Result<bool, DbErr> {
    let inserted = push_send::Entity::insert(push_send::ActiveModel {
        user_id: Set(user_id),
        local_day: Set(day.to_string()),
        at: Set(at.to_string()),
        claimed_at: Set(time::OffsetDateTime::now_utc().unix_timestamp()),
    })
    .on_conflict(
        OnConflict::columns([
            push_send::Column::UserId,
            push_send::Column::LocalDay,
            push_send::Column::At,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// How often the clock is looked at, and how far back a look reaches when
/// a server starts (a reminder due while no server ran is sent late, up to
/// this long, or not at all).
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(30);
const CATCH_UP: chrono::Duration = chrono::Duration::minutes(10);

/// Looks at the clock every [`EVERY`] for as long as the server runs.
pub async fn keep_reminding(db: sea_orm::DatabaseConnection, pusher: Pusher) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut after = Utc::now() - CATCH_UP;
    let mut looks: u64 = 0;
    loop {
        every.tick().await;
        looks += 1;
        // About every hour: claims older than three days are of no use.
        if looks % 120 == 1 {
            let before = time::OffsetDateTime::now_utc().unix_timestamp() - 3 * 24 * 60 * 60;
            if let Err(e) = forget_old_claims(&db, before).await {
                tracing::warn!(error = %e, "old reminder claims not removed");
            }
        }
        let until = Utc::now();
        match remind(&db, &pusher, after.max(until - CATCH_UP), until).await {
            Ok(round) => {
                after = until;
                if round.reminders > 0 {
                    tracing::info!(
                        reminders = round.reminders,
                        sent = round.sent,
                        gone = round.gone,
                        refused = round.refused,
                        failed = round.failed,
                        "reminders pushed"
                    );
                }
            }
            // The window stays open: the next look tries again.
            Err(e) => tracing::warn!(error = %e, "reminders could not be read"),
        }
    }
}

/// Old claims are of no use after a few days.
pub async fn forget_old_claims<C: ConnectionTrait>(db: &C, before: i64) -> Result<u64, DbErr> {
    Ok(push_send::Entity::delete_many()
        .filter(push_send::Column::ClaimedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_go_in_turns_every_accounts_first_device_before_anyones_second() {
        let accounts = vec![
            vec!["a1", "a2", "a3", "a4"],
            vec!["b1"],
            vec![],
            vec!["c1", "c2"],
        ];
        assert_eq!(
            in_turns(accounts.clone(), 10),
            vec!["a1", "b1", "c1", "a2", "c2", "a3", "a4"]
        );
        // At most `cap` an account, its first ones.
        assert_eq!(in_turns(accounts, 2), vec!["a1", "b1", "c1", "a2", "c2"]);
        assert_eq!(in_turns(Vec::<Vec<u8>>::new(), 10), Vec::<u8>::new());
    }

    #[test]
    fn an_account_gets_as_many_sends_a_round_as_devices_it_may_keep() {
        let many: Vec<usize> = (0..3 * ATTEMPTS_PER_ACCOUNT).collect();
        let ordered = in_turns(vec![many, vec![1000]], ATTEMPTS_PER_ACCOUNT);
        assert_eq!(ordered.len(), ATTEMPTS_PER_ACCOUNT + 1);
        assert_eq!(ordered[..2], [0, 1000]);
    }
}

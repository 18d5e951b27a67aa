//! Reminders by Web Push, for signed-in patients who allowed notifications
//! on a phone: at each time they chose, in their own time zone, while some
//! of the day's dose is left, every device they subscribed gets a
//! notification with the neutral text (or their own word). Nothing in it
//! says what the app is for.
//!
//! Several server processes may run on one PostgreSQL: each looks at the
//! clock, and the first to claim a reminder (a row per patient, day and
//! time in `push_sends`) sends it; the others find the row taken.

pub mod schedule;
pub mod send;
pub mod subscription;
pub mod vapid;

use crate::care::facts::{DEFAULT_ZONE, TRAINING};
use crate::db::entities::care::entry_fact;
use crate::db::entities::push::{push_send, push_subscription};
use crate::db::entities::sync::keyed_value;
use crate::db::entities::user;
use app::domain::Language;
use app::domain::reminders::{ClockTime, Reminders};
use app::domain::sync::PrescriptionSet;
use app::domain::training::adherence::{self, SessionFact};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use send::Delivery;
use std::collections::BTreeMap;
use uuid::Uuid;
use vapid::Vapid;

/// What sends the pushes: the key that signs them and an HTTP client.
#[derive(Clone)]
pub struct Pusher {
    pub vapid: Vapid,
    client: reqwest::Client,
}

impl Pusher {
    pub fn new(vapid: Vapid) -> Pusher {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Pusher { vapid, client }
    }
}

/// What one look at the clock did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Reminders this process claimed and sent.
    pub reminders: usize,
    pub sent: usize,
    /// Subscriptions removed: their endpoint is gone.
    pub gone: usize,
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

/// Sends the reminders that fall in `(after, until]`.
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
    for chunk in ids.chunks(500) {
        let settings = keyed_value::Entity::find()
            .filter(keyed_value::Column::Key.eq("setting:reminders"))
            .filter(keyed_value::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for row in settings {
            let Ok(reminders) = serde_json::from_str::<Reminders>(&row.value) else {
                continue;
            };
            let zone: Tz = reminders
                .time_zone
                .as_deref()
                .and_then(|z| z.parse().ok())
                .unwrap_or(DEFAULT_ZONE);
            for (day, at) in schedule::due_between(&reminders, zone, after, until) {
                if !dose_left(db, row.user_id, day).await?
                    || !claim(db, row.user_id, day, at).await?
                {
                    continue;
                }
                round.reminders += 1;
                let language = user::Entity::find_by_id(row.user_id)
                    .one(db)
                    .await?
                    .and_then(|u| Language::parse(&u.locale).ok())
                    .unwrap_or_default();
                let payload = notification(&reminders, language);
                for device in devices.get(&row.user_id).into_iter().flatten() {
                    match send::send(&pusher.client, &pusher.vapid, device, &payload).await {
                        Delivery::Sent => round.sent += 1,
                        Delivery::Gone => {
                            push_subscription::Entity::delete_by_id(device.id)
                                .exec(db)
                                .await?;
                            round.gone += 1;
                        }
                        Delivery::Failed(reason) => {
                            tracing::warn!(%reason, "a reminder was not delivered");
                            round.failed += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(round)
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
    let programme = keyed_value::Entity::find_by_id((user_id, "prescription".to_owned()))
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
        .filter_map(|r| {
            Some(SessionFact {
                day: date,
                reps: u16::try_from(r.reps).ok()?,
                rounds: u8::try_from(r.rounds).ok()?,
            })
        })
        .collect();
    Ok(adherence::day(&sessions, date, &programme).rounds_left() > 0)
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

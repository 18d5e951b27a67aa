//! `server demo`: a believable clinic to look at. A demo therapist and
//! about 30 patients, each linked with consent, with up to a year of
//! varied history (some train every day, some are slipping, some stopped,
//! some are in maintenance; diaries, questionnaires at 0/3/6/12 months).
//! Written through the same sync apply as a phone's ops, so every table a
//! real patient fills is filled. Prints the logins. Run once; a second run
//! only prints them again.

use crate::auth::accounts::{self, NewAccount};
use crate::db;
use crate::db::entities::care::{care_group, care_link, group_meeting, group_member};
use crate::db::entities::user;
use crate::db::now_unix;
use crate::instruments::Instruments;
use crate::sync::sync_batch;
use app::domain::groups::Template;
use app::domain::outcomes::{SCHEDULE, due_day};
use app::domain::sync::{
    Cursor, DiaryEntry, GoalRating, LoggedSession, MAX_BATCH_OPS, OpKind, PrescriptionSet,
    PromAnswer, Questionnaire, SessionKind, SetBy, WireOp,
};
use app::domain::training::prescription::{HoldSecs, PrescriptionBuilder, QuickLifts};
use app::domain::training::{Prescription, Programme};
use app::domain::{DisplayName, Email, Language, Password, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

/// Every demo account has this password (demo data only).
pub const DEMO_PASSWORD: &str = "knip demo 2026";
pub const DEMO_THERAPIST: &str = "fysio@demo.knip.no";
const DOMAIN: &str = "demo.knip.no";

const NAMES: [&str; 30] = [
    "Kari N.",
    "Ingrid H.",
    "Anne B.",
    "Liv S.",
    "Marit O.",
    "Sigrid L.",
    "Hilde J.",
    "Tone A.",
    "Randi K.",
    "Solveig E.",
    "Astrid M.",
    "Berit T.",
    "Nina R.",
    "Hanne P.",
    "Silje F.",
    "Ida G.",
    "Mona V.",
    "Eli D.",
    "Turid W.",
    "Gro C.",
    "Linn Å.",
    "Maja Ø.",
    "Nora Y.",
    "Ragnhild U.",
    "Elin I.",
    "Trine Q.",
    "Camilla X.",
    "Aud Z.",
    "Vigdis Æ.",
    "Wenche S.",
];

/// A small deterministic generator: the same clinic every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0.0..1.0`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// How one demo patient behaves.
struct Profile {
    /// Days since the programme began.
    days: i64,
    /// Chance of training on a day, at the start and at the end.
    adherence: (f64, f64),
    /// Days since the patient stopped training altogether (0: still going).
    stopped: i64,
    keeps_diary: bool,
    pain: bool,
    /// Pain at the start, 0–10.
    pain_at_start: f64,
}

pub async fn run(database_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let db = db::connect(database_url).await?;
    db::migrations::run(&db).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(DEMO_THERAPIST))
        .one(&db)
        .await?;
    if existing.is_none() {
        seed(&db).await?;
        println!(
            "Seeded a demo clinic with {} patients and a group.",
            NAMES.len()
        );
    } else {
        println!("The demo clinic is there already.");
    }
    println!();
    println!("Therapist: {DEMO_THERAPIST}  password: {DEMO_PASSWORD}");
    println!(
        "Patients:  patient01@{DOMAIN} … patient{:02}@{DOMAIN}  password: {DEMO_PASSWORD}",
        NAMES.len()
    );
    Ok(())
}

async fn account(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    role: Role,
) -> Result<user::Model, Box<dyn std::error::Error>> {
    Ok(accounts::create(
        db,
        &Default::default(),
        NewAccount {
            email: Email::parse(email)?,
            password: Password::parse(DEMO_PASSWORD)?,
            display_name: DisplayName::parse_optional(Some(name))?,
            language: Language::default(),
            role,
        },
    )
    .await?)
}

async fn seed(db: &DatabaseConnection) -> Result<(), Box<dyn std::error::Error>> {
    let therapist = account(db, DEMO_THERAPIST, "Ingrid Fysio", Role::Therapist).await?;
    let now = OffsetDateTime::now_utc();
    let mut dice = Dice(0x5eed_cafe_f00d_0001);
    // A pain school that began four weeks ago: eight weekly meetings, a
    // follow-up three months after the last, homework on each.
    let group = Uuid::new_v4();
    care_group::ActiveModel {
        id: Set(group),
        therapist_id: Set(therapist.id),
        name: Set("Smerteskole tirsdag".into()),
        created_at: Set(now_unix()),
    }
    .insert(db)
    .await?;
    let modules = ["pelvic-floor", "finding-the-muscles", "sleep"];
    let days = Template::PainSchool.days(now.date() - Duration::weeks(4));
    for (n, day) in days.iter().enumerate() {
        group_meeting::ActiveModel {
            group_id: Set(group),
            n: Set(n as i32 + 1),
            on_day: Set(day.to_string()),
            module: Set(modules.get(n).map(|m| (*m).to_owned())),
            relax_minutes: Set(Some(if n < 4 { 15 } else { 30 })),
        }
        .insert(db)
        .await?;
    }
    for (n, name) in NAMES.iter().enumerate() {
        let patient = account(
            db,
            &format!("patient{:02}@{DOMAIN}", n + 1),
            name,
            Role::Patient,
        )
        .await?;
        let profile = Profile {
            days: 20 + dice.below(345) as i64,
            // Most keep most of the dose; a few slip.
            adherence: (0.7 + 0.3 * dice.unit(), 0.25 + 0.75 * dice.unit().sqrt()),
            stopped: if dice.unit() < 0.2 {
                7 + dice.below(40) as i64
            } else {
                0
            },
            keeps_diary: dice.unit() < 0.7,
            pain: dice.unit() < 0.35,
            pain_at_start: 3.0 + 5.0 * dice.unit(),
        };
        let ops = history(&profile, now, &mut dice);
        let device = Uuid::new_v4();
        for batch in ops.chunks(MAX_BATCH_OPS) {
            sync_batch(
                db,
                &Instruments::default(),
                patient.id,
                device,
                Cursor::START,
                batch,
            )
            .await?;
        }
        let linked = now_unix() - profile.days.min(30) * 86_400;
        care_link::ActiveModel {
            id: Set(Uuid::new_v4()),
            therapist_id: Set(therapist.id),
            patient_id: Set(patient.id),
            created_at: Set(linked),
            consented_at: Set(Some(linked)),
            revoked_at: Set(None),
        }
        .insert(db)
        .await?;
        if n % 3 == 0 {
            group_member::ActiveModel {
                group_id: Set(group),
                patient_id: Set(patient.id),
                added_at: Set(linked),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

fn op(kind: OpKind, at: OffsetDateTime, payload: serde_json::Value) -> WireOp {
    WireOp {
        op_id: Uuid::now_v7().to_string(),
        kind: kind.as_str().to_owned(),
        client_ts: at.format(&Rfc3339).unwrap_or_default(),
        payload,
    }
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// One patient's year as the ops their phone would have sent.
fn history(p: &Profile, now: OffsetDateTime, dice: &mut Dice) -> Vec<WireOp> {
    let today = now.date();
    let start = today - Duration::days(p.days);
    let at = |day: Date, hour: u8| {
        day.with_time(Time::from_hms(hour, dice_minute(day), 0).unwrap_or(Time::MIDNIGHT))
            .assume_utc()
    };
    let mut programme = Programme::new(start)
        .start_intensive(start)
        .unwrap_or_else(|_| Programme::new(start));
    let maintenance_from =
        (p.days > 200 && p.adherence.1 > 0.6).then(|| start + Duration::days(190));
    let mut ops = Vec::new();
    let mut prescription = Prescription::default();
    ops.push(op(
        OpKind::PrescriptionSet,
        at(start, 8),
        json(&PrescriptionSet {
            prescription,
            programme,
            set_by: SetBy::Patient,
        }),
    ));
    let last_training_day = today - Duration::days(p.stopped);
    for offset in 0..=p.days {
        let day = start + Duration::days(offset);
        let progress = offset as f64 / p.days.max(1) as f64;
        // The hold grows over the first weeks, as the app offers it.
        if offset == 21 || offset == 42 {
            let hold = if offset == 21 { 5 } else { 6 };
            let mut fields = PrescriptionBuilder::from(prescription);
            fields.hold_secs = HoldSecs::parse(hold).unwrap_or_default();
            if offset == 42 {
                fields.quick_lifts = QuickLifts::parse(3).unwrap_or_default();
            }
            if let Ok(next) = fields.build() {
                prescription = next;
                ops.push(op(
                    OpKind::PrescriptionSet,
                    at(day, 7),
                    json(&PrescriptionSet {
                        prescription,
                        programme,
                        set_by: SetBy::Patient,
                    }),
                ));
            }
        }
        if maintenance_from == Some(day)
            && let Ok(next) = programme.start_maintenance(day)
        {
            programme = next;
            ops.push(op(
                OpKind::PrescriptionSet,
                at(day, 7),
                json(&PrescriptionSet {
                    prescription,
                    programme,
                    set_by: SetBy::Patient,
                }),
            ));
        }
        let chance = p.adherence.0 + (p.adherence.1 - p.adherence.0) * progress;
        let sessions_today = if day > last_training_day {
            0
        } else if maintenance_from.is_some_and(|m| day >= m) {
            u8::from(day.weekday().number_from_monday() == 3 && dice.unit() < chance)
        } else {
            (0..3).filter(|_| dice.unit() < chance).count() as u8
        };
        for round in 0..sessions_today {
            let started = at(day, 7 + round * 5);
            let reps = prescription.reps_per_round();
            let session = LoggedSession {
                id: Uuid::now_v7(),
                kind: SessionKind::Training,
                started_at: started,
                ended_at: started + Duration::minutes(4),
                planned_reps: u16::from(reps),
                done_reps: u16::from(reps),
                planned_rounds: 1,
                done_rounds: 1,
                prescription: Some(prescription),
                feedback: None,
                problems: Vec::new(),
                pain: p.pain && progress > 0.9 && dice.unit() < 0.03,
                planned_minutes: None,
            };
            ops.push(op(
                OpKind::SessionLogged,
                started + Duration::minutes(5),
                json(&session),
            ));
        }
        if p.keeps_diary && dice.unit() < 0.5 {
            // Leakage falls with training kept up; pain wanders.
            let base = 4.0 * (1.0 - progress * chance);
            let entry = DiaryEntry {
                id: Uuid::now_v7(),
                date: day.to_string(),
                leakage_episodes: Some((base + dice.unit() * 2.0).round() as u16),
                pads: Some((base / 2.0).round() as u16),
                urgency_episodes: Some(dice.below(3) as u16),
                pain_nrs: p.pain.then(|| (2 + dice.below(4)) as u8),
                note: None,
            };
            ops.push(op(OpKind::DiaryLogged, at(day, 21), json(&entry)));
        }
    }
    for which in SCHEDULE {
        let Some(due) = due_day(which, start).filter(|d| *d <= today) else {
            continue;
        };
        let months = match which {
            Questionnaire::Baseline => 0,
            Questionnaire::Month3 => 3,
            Questionnaire::Month6 => 6,
            _ => 12,
        };
        let better = f64::from(months) / 12.0 * p.adherence.1;
        let answer = PromAnswer {
            id: Uuid::now_v7(),
            questionnaire: which,
            answered_on: Some(due.to_string()),
            pain_nrs: Some(
                (p.pain_at_start * (1.0 - 0.6 * better) + dice.unit())
                    .round()
                    .clamp(0.0, 10.0) as u8,
            ),
            pgi_i: (months > 0).then(|| (4.0 - 3.0 * better).round().clamp(1.0, 7.0) as u8),
            goals: vec![GoalRating {
                goal: "Walk without worrying".into(),
                closeness: (2.0 + 7.0 * better).round() as u8,
            }],
            instrument: None,
        };
        ops.push(op(OpKind::PromAnswered, at(due, 20), json(&answer)));
    }
    ops
}

/// A minute of the hour that differs from day to day.
fn dice_minute(day: Date) -> u8 {
    (day.ordinal() % 60) as u8
}

//! A therapist and their patients: the invite code a patient enters to link,
//! what a link lets the therapist see and change, and the figures and flags
//! of the therapist's overview. Plain Rust; the server reads the facts from
//! tables its sync keeps up to date and hands them to [`overview`].

use crate::domain::diary::{self, DiaryDay, Warning};
use crate::domain::sync::Questionnaire;
use crate::domain::training::adherence::{self, DoseChange, DoseHistory, SessionFact};
use crate::domain::training::{Phase, Prescription, Programme};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// How long an invite code can be used (DESIGN: 14 days).
pub const INVITE_DAYS: i64 = 14;
/// The longest clinical note or reason a therapist may write.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Patients on one page of the overview.
pub const PAGE_SIZE: usize = 25;

// Caps per account (our rule: each is far above what the work needs, so a
// therapist meets none in ordinary use, and low enough that one account
// cannot grow a page, an export or the database without bound). Reaching
// one is refused with `limit_reached` (409).

/// Open invite codes of a therapist (unused, not expired): a code lives
/// [`INVITE_DAYS`], and 50 is more than three new patients a day for the
/// whole fortnight. A used or expired code stops counting.
pub const MAX_OPEN_INVITES: usize = 50;

/// Notes of one therapist on one patient: one per visit, weekly, for four
/// years; with [`MAX_NOTE_CHARS`] at most 0.8 MB per patient (2,000 notes
/// made an 8.4 MB export). The clinic's record belongs in its journal
/// system; these are working notes.
pub const MAX_NOTES_PER_PATIENT: usize = 200;

/// Crockford's base 32: digits and capitals without I, L, O and U, so a
/// code read aloud or typed from a note cannot be misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 8;

/// A single-use code a therapist gives a patient: 8 characters, shown as
/// `ABCD-EFGH` (40 random bits; guessing is rate-limited on the server).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InviteCodeError {
    #[error("An invite code has 8 letters and digits, like ABCD-1234. Check what you typed.")]
    Length,
    #[error("An invite code has only letters and digits. Check what you typed.")]
    Character,
}

impl InviteCode {
    /// The code for 40 random bits.
    pub fn from_random(bytes: [u8; 5]) -> Self {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut code = [0u8; CODE_LEN];
        for slot in code.iter_mut().rev() {
            *slot = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        Self(code.iter().map(|&b| char::from(b)).collect())
    }

    /// What a person typed: spaces and dashes are ignored, lower case is
    /// read as upper case, and O, I and L as the digits they look like.
    pub fn parse(raw: &str) -> Result<Self, InviteCodeError> {
        let mut code = String::with_capacity(CODE_LEN);
        for c in raw.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{a0}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(InviteCodeError::Character),
            };
            code.push(c);
            if code.len() > CODE_LEN {
                return Err(InviteCodeError::Length);
            }
        }
        if code.len() != CODE_LEN {
            return Err(InviteCodeError::Length);
        }
        Ok(Self(code))
    }

    /// The code as stored: 8 characters, no dash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as shown and read aloud: `ABCD-EFGH`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// Where a link between a patient and a therapist stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// The patient entered the code but has not consented yet: the
    /// therapist sees nothing.
    Pending,
    Active,
    /// Ended by the patient: the therapist sees nothing more.
    Revoked,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Pending => "pending",
            LinkStatus::Active => "active",
            LinkStatus::Revoked => "revoked",
        }
    }
}

/// What a linked therapist reads, as the patient is told before consenting
/// and as the access log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The patient's row in the overview (phase, dose kept, flags).
    Overview,
    /// The patient page: sessions, diary, answers, the programme.
    PatientPage,
    /// The CSV of sessions, diary and answers.
    Export,
    /// The printable summary for the referring doctor.
    Report,
    /// A change of the prescription or phase.
    PrescriptionChange,
    /// A change of the start assessment (main problems, red flags seen).
    AssessmentChange,
}

impl Access {
    pub const ALL: [Access; 6] = [
        Access::Overview,
        Access::PatientPage,
        Access::Export,
        Access::Report,
        Access::PrescriptionChange,
        Access::AssessmentChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Overview => "overview",
            Access::PatientPage => "patient_page",
            Access::Export => "export",
            Access::Report => "report",
            Access::PrescriptionChange => "prescription_change",
            Access::AssessmentChange => "assessment_change",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }
}

/// A sign that a patient needs the therapist's attention.
/// See [`Flag::urgency`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Now,
    Worse,
    Watch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A red flag answered yes in the start assessment, and no doctor has
    /// looked at it yet (see `domain::pathway`).
    RedFlag,
    /// A session that hurt, or an answer of "worse", in the last 14 days.
    AskedForHelp,
    /// The diary's pain or leakage warning (see `domain::diary::warnings`).
    PainWorse,
    LeakageWorse,
    /// No training session in the last 7 days (or never).
    NoTraining,
    /// Less than half the prescribed dose over the last 7 days.
    LowDose,
}

impl Flag {
    pub const ALL: [Flag; 6] = [
        Flag::RedFlag,
        Flag::AskedForHelp,
        Flag::PainWorse,
        Flag::LeakageWorse,
        Flag::NoTraining,
        Flag::LowDose,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::RedFlag => "red_flag",
            Flag::AskedForHelp => "asked_for_help",
            Flag::PainWorse => "pain_worse",
            Flag::LeakageWorse => "leakage_worse",
            Flag::NoTraining => "no_training",
            Flag::LowDose => "low_dose",
        }
    }

    /// How much the flag weighs when the overview sorts by need (our rule:
    /// a patient asking for help comes first, then symptoms getting worse,
    /// then training that has stopped, then a low dose).
    /// How a flag looks in the overview: what needs the therapist now,
    /// what is getting worse, and what to keep an eye on.
    pub fn urgency(self) -> Urgency {
        match self {
            Flag::RedFlag | Flag::AskedForHelp => Urgency::Now,
            Flag::PainWorse | Flag::LeakageWorse => Urgency::Worse,
            Flag::NoTraining | Flag::LowDose => Urgency::Watch,
        }
    }

    fn weight(self) -> u32 {
        match self {
            Flag::RedFlag => 100,
            Flag::AskedForHelp => 50,
            Flag::PainWorse | Flag::LeakageWorse => 30,
            Flag::NoTraining => 20,
            Flag::LowDose => 10,
        }
    }
}

// Every threshold below is our rule: neither the seeds nor NICE NG123 say
// when a therapist should look again; these are meant to catch a patient
// early without flagging everyone. The design names the three signs
// (not trained for 7 days, dose below 50 %, worsening outcome).

/// Under this share of the dose over 7 days, the patient is flagged (our
/// rule: under half is a dose that no longer trains, by any reading of
/// seed 003's "8–12 × 3 a day").
/// [rule:care-flags]
pub const LOW_DOSE_PERCENT: u8 = 50;
/// Days without training before the patient is flagged (our rule: a whole
/// week missed is a habit breaking, not a busy day).
pub const NO_TRAINING_DAYS: i64 = 7;
/// How far back a session that hurt or a "worse" answer raises a flag (our
/// rule: two weeks, long enough for a therapist who looks in weekly to see
/// it).
pub const HELP_DAYS: i64 = 14;
/// PGI-I 6 and 7 are "worse" and "very much worse" on the scale; flagging
/// from 6 rather than 5 ("a little worse") is our rule, so that a small dip
/// does not raise an alarm.
pub const PGI_WORSE: u8 = 6;

/// One answered questionnaire as the overview reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFact {
    pub day: Date,
    pub pain: Option<u8>,
    pub pgi_i: Option<u8>,
}

/// Everything the overview needs of one patient, read from the facts the
/// sync keeps.
#[derive(Debug, Clone, Default)]
pub struct PatientFacts {
    /// The programme and prescription in force, if the patient set one up.
    pub programme: Option<(Programme, Prescription)>,
    /// Every programme set, in the order of their stamps (the change log):
    /// each day's dose is judged by the prescription in force that day.
    pub dose_changes: Vec<DoseChange>,
    /// Training sessions (at least of the last 30 days).
    pub sessions: Vec<SessionFact>,
    /// The day of the last training session ever.
    pub last_session: Option<Date>,
    /// Days with a session that hurt (at least of the last 14 days).
    pub hurt_days: Vec<Date>,
    /// The diary by day (at least of the last 28 days).
    pub diary: Vec<DiaryDay>,
    /// The highest pain in the diary before the last 7 days.
    pub earlier_peak_pain: Option<u8>,
    /// Every questionnaire answer, oldest first.
    pub answers: Vec<AnswerFact>,
    /// A red flag answered yes that no doctor has looked at yet.
    pub red_flag_waiting: bool,
}

/// The change since the first answer of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeChange {
    pub pain_before: Option<u8>,
    pub pain_now: Option<u8>,
    pub pgi_i: Option<u8>,
}

/// One patient's row in the therapist's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub phase: Option<Phase>,
    pub week: Option<u32>,
    /// Share of the prescribed dose done, 0–100, over the last 7 and 30
    /// days (today included).
    pub dose_7: Option<u8>,
    pub dose_30: Option<u8>,
    /// Whole days since the last training session; none if never.
    pub days_since_session: Option<i64>,
    pub outcome: Option<OutcomeChange>,
    pub flags: Vec<Flag>,
}

impl Overview {
    /// Higher is more in need of attention: flags first, then longer
    /// without training, then a lower dose.
    pub fn need(&self) -> u32 {
        let flags: u32 = self.flags.iter().map(|f| f.weight()).sum();
        // Our rule: past 60 days without training, more days add no need.
        let idle = self.days_since_session.map_or(60, |d| d.clamp(0, 60)) as u32;
        let missed = 100 - u32::from(self.dose_7.unwrap_or(0));
        flags * 1000 + idle * 10 + missed / 10
    }
}

/// The overview of one patient as of `today` (the patient's day).
pub fn overview(facts: &PatientFacts, today: Date) -> Overview {
    let history = facts.programme.as_ref().map(|(programme, prescription)| {
        DoseHistory::of(
            &facts.sessions,
            &facts.dose_changes,
            programme,
            prescription,
        )
    });
    let dose = |days: i64| {
        let (programme, _) = facts.programme.as_ref()?;
        let history = history.as_ref()?;
        let from = (today - Duration::days(days - 1)).max(programme.since());
        Some(adherence::span(&facts.sessions, from, today, history).percent())
    };
    let (dose_7, dose_30) = (dose(7), dose(30));
    let days_since_session = facts.last_session.map(|d| (today - d).whole_days().max(0));

    let mut flags = Vec::new();
    if facts.red_flag_waiting {
        flags.push(Flag::RedFlag);
    }
    let help_since = today - Duration::days(HELP_DAYS);
    let worse_answer = facts
        .answers
        .iter()
        .any(|a| a.day > help_since && a.pgi_i.is_some_and(|p| p >= PGI_WORSE));
    if worse_answer || facts.hurt_days.iter().any(|d| *d > help_since) {
        flags.push(Flag::AskedForHelp);
    }
    // The diary's own rules, with the earlier peak standing in for the
    // days before the window the server read.
    let mut diary_days = facts.diary.clone();
    if let Some(peak) = facts.earlier_peak_pain {
        diary_days.insert(
            0,
            DiaryDay {
                date: today - Duration::days(3650),
                leakage: None,
                pads: None,
                urgency: None,
                pain: Some(peak),
            },
        );
    }
    for warning in diary::warnings(&diary_days, today) {
        flags.push(match warning {
            Warning::PainPeak { .. } => Flag::PainWorse,
            Warning::LeakageRising { .. } => Flag::LeakageWorse,
        });
    }
    let maintenance = facts
        .programme
        .as_ref()
        .is_some_and(|(p, _)| p.phase() == Phase::Maintenance);
    if !maintenance && days_since_session.is_none_or(|d| d >= NO_TRAINING_DAYS) {
        flags.push(Flag::NoTraining);
    }
    if dose_7.is_some_and(|d| d < LOW_DOSE_PERCENT) {
        flags.push(Flag::LowDose);
    }
    flags.sort();
    flags.dedup();

    Overview {
        phase: facts.programme.as_ref().map(|(p, _)| p.phase()),
        week: facts.programme.as_ref().map(|(p, _)| p.week(today)),
        dose_7,
        dose_30,
        days_since_session,
        outcome: outcome(facts),
        flags,
    }
}

/// From the first answer of the current programme to the latest.
fn outcome(facts: &PatientFacts) -> Option<OutcomeChange> {
    let start = facts
        .programme
        .as_ref()
        .map_or(Date::MIN, |(p, _)| p.started());
    let mut answers: Vec<&AnswerFact> = facts.answers.iter().filter(|a| a.day >= start).collect();
    answers.sort_by_key(|a| a.day);
    let (first, latest) = (answers.first()?, answers.last()?);
    (answers.len() >= 2).then_some(OutcomeChange {
        pain_before: first.pain,
        pain_now: latest.pain,
        pgi_i: latest.pgi_i,
    })
}

/// How the overview is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Most in need first (the default).
    #[default]
    Need,
    Name,
    /// Longest without training first.
    LastSession,
    /// Lowest dose over 7 days first.
    Dose,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Need,
        SortBy::Name,
        SortBy::LastSession,
        SortBy::Dose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Need => "need",
            SortBy::Name => "name",
            SortBy::LastSession => "last_session",
            SortBy::Dose => "dose",
        }
    }

    /// An unknown value is a mistake in a link: the default order serves.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// Sorts `(name, overview)` rows; ties keep the name order.
pub fn sort<T>(rows: &mut [T], by: SortBy, key: impl Fn(&T) -> (&str, &Overview)) {
    rows.sort_by(|a, b| {
        let (name_a, a) = key(a);
        let (name_b, b) = key(b);
        let by_name = name_a.to_lowercase().cmp(&name_b.to_lowercase());
        let order = match by {
            SortBy::Need => b.need().cmp(&a.need()),
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::LastSession => b
                .days_since_session
                .unwrap_or(i64::MAX)
                .cmp(&a.days_since_session.unwrap_or(i64::MAX)),
            SortBy::Dose => a.dose_7.unwrap_or(0).cmp(&b.dose_7.unwrap_or(0)),
        };
        order.then(by_name)
    });
}

/// A short note checked at the edge: trimmed, not empty, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("Write something first: the note is empty.")]
    Empty,
    #[error("A note may have at most {MAX_NOTE_CHARS} characters.")]
    TooLong,
}

impl Note {
    pub fn parse(raw: &str) -> Result<Self, NoteError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(NoteError::Empty);
        }
        if text.chars().count() > MAX_NOTE_CHARS || text.contains('\0') {
            return Err(NoteError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Below this many patients a clinic figure is not shown: a small group
/// could point at one person.
pub const MIN_GROUP: usize = 5;

/// One answered questionnaire of one patient, for the clinic's outcomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answered {
    pub questionnaire: Questionnaire,
    pub pain: Option<u8>,
    pub pgi_i: Option<u8>,
    /// The goals' average closeness, 0–10.
    pub goals: Option<f64>,
}

/// The change from the start to one follow-up, over the patients who
/// answered both; figures only for [`MIN_GROUP`] patients or more.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CohortRow {
    pub at: Questionnaire,
    /// Patients who answered the start and this follow-up.
    pub patients: usize,
    /// Mean pain now minus at the start (negative: less pain).
    pub pain_change: Option<f64>,
    /// Share who said "better" (PGI-I 1–3), 0–100.
    pub improved: Option<u8>,
    /// Mean goal closeness now minus at the start, 0–10 scale.
    pub goal_change: Option<f64>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n >= MIN_GROUP).then(|| (sum / n as f64 * 10.0).round() / 10.0)
}

/// The outcomes at 3, 6 and 12 months of a group of patients, each given
/// as their answers (the latest of each questionnaire counts).
pub fn cohort(patients: &[Vec<Answered>]) -> Vec<CohortRow> {
    let latest = |answers: &[Answered], which: Questionnaire| {
        answers
            .iter()
            .rev()
            .find(|a| a.questionnaire == which)
            .copied()
    };
    [
        Questionnaire::Month3,
        Questionnaire::Month6,
        Questionnaire::Month12,
    ]
    .into_iter()
    .map(|at| {
        let pairs: Vec<(Answered, Answered)> = patients
            .iter()
            .filter_map(|answers| {
                Some((
                    latest(answers, Questionnaire::Baseline)?,
                    latest(answers, at)?,
                ))
            })
            .collect();
        let shown = pairs.len() >= MIN_GROUP;
        let pain = mean(
            pairs
                .iter()
                .filter_map(|(start, now)| Some(f64::from(now.pain?) - f64::from(start.pain?))),
        );
        let goals = mean(
            pairs
                .iter()
                .filter_map(|(start, now)| Some(now.goals? - start.goals?)),
        );
        let rated: Vec<u8> = pairs.iter().filter_map(|(_, now)| now.pgi_i).collect();
        let improved = (rated.len() >= MIN_GROUP)
            .then(|| (rated.iter().filter(|p| **p <= 3).count() * 100 / rated.len()) as u8);
        CohortRow {
            at,
            patients: pairs.len(),
            pain_change: pain.filter(|_| shown),
            improved: improved.filter(|_| shown),
            goal_change: goals.filter(|_| shown),
        }
    })
    .collect()
}

/// The mean of the patients' doses, when there are enough of them.
pub fn mean_dose(doses: &[u8]) -> Option<f64> {
    mean(doses.iter().map(|d| f64::from(*d)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn codes_read_aloud_survive_typing() {
        let code = InviteCode::from_random([0x12, 0x34, 0x56, 0x78, 0x9a]);
        assert_eq!(code.as_str().len(), 8);
        assert_eq!(InviteCode::parse(&code.display()), Ok(code.clone()));
        assert_eq!(
            InviteCode::parse(&format!(" {} ", code.as_str().to_lowercase())),
            Ok(code)
        );
        // O, I and L are read as 0, 1 and 1.
        assert_eq!(
            InviteCode::parse("abco-illz").map(|c| c.display()),
            Ok("ABC0-111Z".to_owned())
        );
        assert_eq!(InviteCode::parse("ABC"), Err(InviteCodeError::Length));
        assert_eq!(
            InviteCode::parse("ABCD-EFGH-J"),
            Err(InviteCodeError::Length)
        );
        assert_eq!(
            InviteCode::parse("ABCD-EFG!"),
            Err(InviteCodeError::Character)
        );
        assert_eq!(
            InviteCode::parse("ABCD-EFGU"),
            Err(InviteCodeError::Character)
        );
        assert_eq!(InviteCode::parse(""), Err(InviteCodeError::Length));
    }

    proptest! {
        #[test]
        fn every_random_code_parses_back(bytes in any::<[u8; 5]>()) {
            let code = InviteCode::from_random(bytes);
            prop_assert_eq!(InviteCode::parse(&code.display()), Ok(code));
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,20}") {
            let _ = InviteCode::parse(&raw);
        }
    }

    fn programme(since: Date) -> Option<(Programme, Prescription)> {
        let p = Programme::new(since)
            .start_intensive(since)
            .expect("learning moves on");
        Some((p, Prescription::default()))
    }

    fn trained(days: impl IntoIterator<Item = Date>) -> Vec<SessionFact> {
        days.into_iter()
            .map(|day| SessionFact {
                day,
                reps: Prescription::default().daily_reps(),
                rounds: Prescription::default().rounds_per_day(),
                asked: Some((&Prescription::default()).into()),
            })
            .collect()
    }

    #[test]
    fn a_dose_change_today_leaves_the_figures_of_yesterday_as_they_were() {
        use crate::domain::training::prescription::RepsPerRound;
        let today = date!(2026 - 11 - 29);
        let yesterday = today - Duration::days(1);
        // Six days of 10 × 3 in seven, two of them one round short.
        let mut sessions = trained((1..7).map(|n| today - Duration::days(n)));
        sessions[0].reps = 20;
        sessions[3].reps = 20;
        let mut twelve = Prescription::default().to_builder();
        twelve.reps_per_round = RepsPerRound::parse(12).unwrap();
        let twelve = twelve.build().unwrap();
        let (programme, ten) = programme(today - Duration::days(60)).unwrap();
        let set = |on, p: &Prescription| DoseChange {
            on,
            asked: p.into(),
        };
        let first = set(today - Duration::days(60), &ten);
        let facts = |prescription: Prescription, changes: Vec<DoseChange>| PatientFacts {
            programme: Some((programme, prescription)),
            dose_changes: changes,
            sessions: sessions.clone(),
            last_session: Some(yesterday),
            ..PatientFacts::default()
        };
        let before = overview(&facts(ten, vec![first]), yesterday);
        let changed = facts(twelve, vec![first, set(today, &twelve)]);
        let after = overview(&changed, yesterday);
        assert_eq!(before.dose_7, Some(76), "160 of 210 squeezes");
        assert_eq!(
            (after.dose_7, after.dose_30),
            (before.dose_7, before.dose_30)
        );
        // Today itself is asked 36 (nothing done yet): 160 of 216.
        assert_eq!(overview(&changed, today).dose_7, Some(74));
    }

    #[test]
    fn a_patient_who_trains_every_day_has_no_flags() {
        let today = date!(2026 - 11 - 29);
        let days: Vec<Date> = (0..30).map(|n| today - Duration::days(n)).collect();
        let facts = PatientFacts {
            programme: programme(today - Duration::days(60)),
            sessions: trained(days),
            last_session: Some(today),
            ..PatientFacts::default()
        };
        let o = overview(&facts, today);
        assert_eq!(o.dose_7, Some(100));
        assert_eq!(o.dose_30, Some(100));
        assert_eq!(o.days_since_session, Some(0));
        assert_eq!(o.phase, Some(Phase::Intensive));
        assert_eq!(o.week, Some(9));
        assert!(o.flags.is_empty(), "{:?}", o.flags);
    }

    #[test]
    fn stopping_and_low_dose_are_flagged_and_sorted_first() {
        let today = date!(2026 - 11 - 29);
        let stopped = PatientFacts {
            programme: programme(today - Duration::days(60)),
            sessions: trained([today - Duration::days(9)]),
            last_session: Some(today - Duration::days(9)),
            ..PatientFacts::default()
        };
        let o = overview(&stopped, today);
        assert_eq!(o.days_since_session, Some(9));
        assert_eq!(o.dose_7, Some(0));
        assert_eq!(o.flags, vec![Flag::NoTraining, Flag::LowDose]);

        let fine = overview(
            &PatientFacts {
                programme: programme(today - Duration::days(60)),
                sessions: trained((0..7).map(|n| today - Duration::days(n))),
                last_session: Some(today),
                ..PatientFacts::default()
            },
            today,
        );
        let mut rows = vec![("Ada", fine), ("Bea", o)];
        sort(&mut rows, SortBy::Need, |(n, o)| (n, o));
        assert_eq!(rows[0].0, "Bea");
        sort(&mut rows, SortBy::Name, |(n, o)| (n, o));
        assert_eq!(rows[0].0, "Ada");
    }

    #[test]
    fn a_session_that_hurt_or_a_worse_answer_asks_for_help() {
        let today = date!(2026 - 11 - 29);
        let hurt = PatientFacts {
            hurt_days: vec![today - Duration::days(3)],
            ..PatientFacts::default()
        };
        assert!(overview(&hurt, today).flags.contains(&Flag::AskedForHelp));
        let long_ago = PatientFacts {
            hurt_days: vec![today - Duration::days(30)],
            ..PatientFacts::default()
        };
        assert!(
            !overview(&long_ago, today)
                .flags
                .contains(&Flag::AskedForHelp)
        );
        let worse = PatientFacts {
            answers: vec![AnswerFact {
                day: today,
                pain: Some(5),
                pgi_i: Some(6),
            }],
            ..PatientFacts::default()
        };
        assert!(overview(&worse, today).flags.contains(&Flag::AskedForHelp));
    }

    #[test]
    fn a_new_pain_peak_is_flagged_unless_it_was_as_high_before() {
        let today = date!(2026 - 11 - 29);
        let day = |pain| DiaryDay {
            date: today - Duration::days(1),
            leakage: None,
            pads: None,
            urgency: None,
            pain: Some(pain),
        };
        let new_peak = PatientFacts {
            diary: vec![day(8)],
            earlier_peak_pain: Some(5),
            ..PatientFacts::default()
        };
        assert!(overview(&new_peak, today).flags.contains(&Flag::PainWorse));
        let known = PatientFacts {
            diary: vec![day(8)],
            earlier_peak_pain: Some(9),
            ..PatientFacts::default()
        };
        assert!(!overview(&known, today).flags.contains(&Flag::PainWorse));
    }

    #[test]
    fn the_outcome_compares_first_and_latest_answer() {
        let today = date!(2026 - 11 - 29);
        let answer = |day, pain, pgi_i| AnswerFact { day, pain, pgi_i };
        let facts = PatientFacts {
            answers: vec![
                answer(today - Duration::days(90), Some(7), None),
                answer(today, Some(3), Some(2)),
            ],
            ..PatientFacts::default()
        };
        assert_eq!(
            overview(&facts, today).outcome,
            Some(OutcomeChange {
                pain_before: Some(7),
                pain_now: Some(3),
                pgi_i: Some(2)
            })
        );
        let one = PatientFacts {
            answers: vec![answer(today, Some(3), None)],
            ..PatientFacts::default()
        };
        assert_eq!(overview(&one, today).outcome, None);
    }

    #[test]
    fn maintenance_is_not_flagged_for_a_quiet_week() {
        let today = date!(2026 - 11 - 29);
        let since = today - Duration::days(300);
        let p = Programme::new(since)
            .start_intensive(since)
            .and_then(|p| p.start_maintenance(today - Duration::days(20)))
            .expect("phases move forward");
        let facts = PatientFacts {
            programme: Some((p, Prescription::default())),
            last_session: Some(today - Duration::days(8)),
            ..PatientFacts::default()
        };
        assert!(!overview(&facts, today).flags.contains(&Flag::NoTraining));
    }

    #[test]
    fn clinic_outcomes_need_five_patients_and_compare_with_the_start() {
        let answer = |q, pain, pgi_i, goals| Answered {
            questionnaire: q,
            pain: Some(pain),
            pgi_i,
            goals: Some(goals),
        };
        let patient = |pain_now, pgi| {
            vec![
                answer(Questionnaire::Baseline, 6, None, 2.0),
                answer(Questionnaire::Month3, pain_now, Some(pgi), 5.0),
            ]
        };
        let four: Vec<_> = (0..4).map(|_| patient(4, 2)).collect();
        let rows = cohort(&four);
        assert_eq!(rows[0].at, Questionnaire::Month3);
        assert_eq!(rows[0].patients, 4);
        assert_eq!(
            (rows[0].pain_change, rows[0].improved, rows[0].goal_change),
            (None, None, None)
        );
        let mut five = four.clone();
        five.push(patient(6, 5));
        let rows = cohort(&five);
        assert_eq!(rows[0].patients, 5);
        assert_eq!(rows[0].pain_change, Some(-1.6));
        assert_eq!(rows[0].improved, Some(80));
        assert_eq!(rows[0].goal_change, Some(3.0));
        // Nobody answered at 6 or 12 months yet.
        assert_eq!(rows[1].patients, 0);
        assert_eq!(rows[2].pain_change, None);
        assert_eq!(mean_dose(&[80, 90, 100, 70]), None);
        assert_eq!(mean_dose(&[80, 90, 100, 70, 60]), Some(80.0));
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(Note::parse("  ok "), Ok(Note("ok".into())));
        assert_eq!(Note::parse("   "), Err(NoteError::Empty));
        assert_eq!(
            Note::parse(&"x".repeat(MAX_NOTE_CHARS + 1)),
            Err(NoteError::TooLong)
        );
    }
}

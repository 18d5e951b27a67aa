//! The JSON shapes of the therapist's and the patient's sharing endpoints
//! (DESIGN §4); the server-rendered clinic pages show the same values.

use crate::domain::care::{Access, Flag, LinkStatus, OutcomeChange, SortBy};
use crate::domain::sync::SetBy;
use crate::domain::training::{Phase, Prescription};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /api/therapist/invites` → 201.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InviteCreated {
    /// As read aloud: `ABCD-EFGH`.
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// `POST /api/links`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    pub code: String,
}

/// One of the patient's links, as the patient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LinkView {
    pub id: Uuid,
    /// The therapist's name, or email when they gave none.
    pub therapist: String,
    pub status: LinkStatus,
    pub created_at: String,
    #[serde(default)]
    pub consented_at: Option<String>,
    /// What the therapist reads once the patient consents.
    pub sees: Vec<Access>,
    /// What the therapist can change.
    pub changes: Vec<Access>,
}

/// `GET /api/links`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LinkList {
    pub links: Vec<LinkView>,
}

/// One row of the patient's access log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessEntry {
    pub therapist: String,
    pub what: Access,
    /// When (for a day's overview sightings: the first of that day).
    pub at: String,
    /// 1, or how many times that day the therapist's overview showed the
    /// patient (one entry per therapist and day).
    #[serde(default = "one")]
    pub times: u32,
    /// The last of the day's overview sightings, when there were several.
    #[serde(default)]
    pub last_at: Option<String>,
}

fn one() -> u32 {
    1
}

/// `GET /api/access-log?before=<next>`: one page, newest first; `next`
/// gives the page of older entries, `None` after the oldest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessLogList {
    pub entries: Vec<AccessEntry>,
    #[serde(default)]
    pub next: Option<String>,
}

/// The query of `GET /api/access-log`: `before` is a `next` of an earlier
/// answer (none: the newest page).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccessLogQuery {
    pub before: String,
}

/// The query of `GET /api/therapist/groups/{id}`: `q` narrows the
/// candidates to those whose name or email holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct GroupQuery {
    pub q: String,
}

/// One patient in the therapist's overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PatientRow {
    pub id: Uuid,
    /// The patient's name, or email when they gave none.
    pub name: String,
    pub phase: Option<Phase>,
    pub week: Option<u32>,
    pub dose_7: Option<u8>,
    pub dose_30: Option<u8>,
    pub days_since_session: Option<i64>,
    pub outcome: Option<OutcomeChange>,
    pub flags: Vec<Flag>,
}

/// An invite the therapist made that nobody has used yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpenInvite {
    pub code: String,
    pub expires_at: String,
}

/// `GET /api/therapist/patients?q=&sort=&page=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PatientList {
    pub patients: Vec<PatientRow>,
    /// Patients matching the search, on every page.
    pub total: usize,
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub sort: SortBy,
    pub q: String,
    pub invites: Vec<OpenInvite>,
}

/// The query of the overview; anything unknown falls back to the default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PatientQuery {
    pub q: String,
    pub sort: String,
    pub page: String,
}

/// The programme in force, with who set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    pub phase: Phase,
    /// `YYYY-MM-DD`: the day the phase began.
    pub since: String,
    pub week: u32,
    pub prescription: Prescription,
    pub set_by: SetBy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WeekDose {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    /// The current week: its figures are the week so far (Monday to today).
    #[serde(default)]
    pub so_far: bool,
    pub percent: u8,
    pub done_reps: u16,
    pub prescribed_reps: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionRow {
    pub day: String,
    /// `training` or `relaxation`.
    pub kind: String,
    /// Repetitions (training) or minutes (relaxation).
    pub amount: u32,
    pub rounds: u32,
    pub hurt: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DiaryRow {
    pub day: String,
    pub leakage: Option<u32>,
    pub pain: Option<u8>,
}

/// One day of the bladder diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BladderDayRow {
    pub day: String,
    pub visits: u32,
    pub leaks: u32,
    /// The strongest urge of the day, 0–4.
    pub strongest_urge: u8,
}

/// The start assessment and bladder training, as the therapist sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PathwayView {
    /// None: the patient has not answered the start assessment.
    pub assessment: Option<crate::domain::pathway::Assessment>,
    /// The bladder diary by day, oldest first (the last 12 weeks).
    pub bladder_days: Vec<BladderDayRow>,
    /// The usual interval between daytime visits, in minutes.
    pub usual_interval: Option<u16>,
    /// The interval target in force, in minutes.
    pub interval_target: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerRow {
    pub day: String,
    pub pain: Option<u8>,
    pub pgi_i: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NoteView {
    pub at: String,
    pub text: String,
}

/// One week of the diary: leakage per logged day and the highest pain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DiaryWeek {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    pub days_logged: usize,
    pub leakage_per_day: Option<f64>,
    pub pain_max: Option<u8>,
}

/// `GET /api/therapist/patients/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PatientDetail {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub linked_since: String,
    pub overview: PatientRow,
    pub programme: Option<ProgrammeView>,
    /// The last 12 weeks, oldest first.
    pub weeks: Vec<WeekDose>,
    /// Newest first, at most 100.
    pub sessions: Vec<SessionRow>,
    /// Newest first, at most 100.
    pub diary: Vec<DiaryRow>,
    /// The diary of the last 12 weeks by week, oldest first.
    #[serde(default)]
    pub diary_weeks: Vec<DiaryWeek>,
    /// Oldest first.
    pub answers: Vec<AnswerRow>,
    /// The therapist's own notes, newest first.
    pub notes: Vec<NoteView>,
    /// The start assessment and the bladder diary.
    pub pathway: PathwayView,
}

/// `PUT /api/therapist/patients/{id}/prescription`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrescriptionChange {
    pub prescription: Prescription,
    /// A new phase: `intensive` or `maintenance`.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// Why the phase changed (kept as a private note).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/therapist/patients/{id}/notes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub text: String,
}

/// A staff account as the admin sees it (no health data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffAccount {
    pub id: Uuid,
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    pub created_at: String,
    pub disabled: bool,
}

/// `GET /api/admin/therapists`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffList {
    pub therapists: Vec<StaffAccount>,
}

/// `POST /api/admin/therapists`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTherapist {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// `GET /api/therapist/outcomes`: de-identified figures over the
/// therapist's linked patients; none for groups under 5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClinicOutcomes {
    pub patients: usize,
    /// The smallest group a figure is shown for.
    pub min_group: usize,
    /// Mean dose kept over the last 30 days, 0–100.
    pub dose_30: Option<f64>,
    pub rows: Vec<crate::domain::care::CohortRow>,
    /// What readers wrote after the education modules (no names), newest
    /// first.
    pub module_feedback: Vec<ModuleFeedbackView>,
}

/// A reader's feedback on an education module, as the clinic sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModuleFeedbackView {
    pub module: String,
    pub language: String,
    pub text: String,
    /// The day it was sent, `YYYY-MM-DD`.
    pub on: String,
}

/// `POST /api/therapist/groups`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    pub name: String,
    pub meetings: Vec<crate::domain::groups::Meeting>,
}

/// One of the therapist's groups in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: Uuid,
    pub name: String,
    pub members: usize,
    /// The next meeting's day, if any is left.
    pub next: Option<String>,
}

/// `GET /api/therapist/groups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupList {
    pub groups: Vec<GroupSummary>,
}

/// `GET /api/therapist/groups/{id}`: meetings, members and how they do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    pub id: Uuid,
    pub name: String,
    pub meetings: Vec<crate::domain::groups::Meeting>,
    pub members: Vec<PatientRow>,
    /// Linked patients not in the group, who can be added: by name, at
    /// most 50, matching `?q=` when given.
    pub candidates: Vec<(Uuid, String)>,
    /// More candidates match than are listed: a search narrows them.
    #[serde(default)]
    pub more_candidates: bool,
    /// Mean dose kept over 7 and 30 days (all members; identified group).
    pub dose_7: Option<f64>,
    pub dose_30: Option<f64>,
    pub outcomes: Vec<crate::domain::care::CohortRow>,
}

/// `POST /api/therapist/groups/{id}/members`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    pub patient_id: Uuid,
}

/// `GET /api/groups/next`: the patient's next group meeting, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NextMeeting {
    pub meeting: Option<UpcomingMeeting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UpcomingMeeting {
    pub group: String,
    pub therapist: String,
    /// The title of the module to read, in the patient's language.
    #[serde(default)]
    pub module_title: Option<String>,
    #[serde(flatten)]
    pub meeting: crate::domain::groups::Meeting,
}

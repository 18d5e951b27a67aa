//! The therapist's pages and the patient's sharing page. They are rendered
//! on the server only, from data the server loads and hands over as a
//! context value (`server::routes::pages`); their forms post to the server.
//! No WASM carries them, so none of this code reaches a patient's phone,
//! and the patient's service worker never stores these pages.

mod admin;
mod dashboard;
pub mod flash;
mod groups;
mod outcomes;
mod pathway;
mod patient;
mod report;

pub use admin::AdminPage;
pub use dashboard::ClinicDashboard;
pub use groups::{GroupPage, GroupsPage};
pub use outcomes::OutcomesPage;
pub use patient::ClinicPatientPage;
pub use report::ReportPage;

use crate::api::care::{
    ClinicOutcomes, GroupDetail, GroupList, PatientDetail, PatientList, StaffList,
};
use crate::domain::Language;
use crate::domain::care::{Access, Flag, HELP_DAYS, LOW_DOSE_PERCENT, NO_TRAINING_DAYS, Urgency};
use crate::domain::training::Phase;
use crate::i18n::*;
use crate::routes;
use crate::text::tr;
use crate::ui::LanguagePicker;
use leptos::prelude::*;

/// `/clinic`: the overview, as the server loaded it.
#[derive(Debug, Clone)]
pub struct DashboardData(pub PatientList);

/// `/clinic/patients/{id}`, with the outcome of the last form post.
#[derive(Debug, Clone)]
pub struct PatientPageData {
    pub detail: PatientDetail,
    pub flash: Option<flash::PatientFlash>,
}

/// `/clinic/patients/{id}/report`.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub detail: PatientDetail,
    pub therapist: String,
    pub today: String,
}

/// `/clinic/groups`.
#[derive(Debug, Clone)]
pub struct GroupsData {
    pub list: GroupList,
    pub flash: Option<flash::GroupFlash>,
    /// The therapist's day, `YYYY-MM-DD` (the earliest start).
    pub today: String,
}

/// `/clinic/groups/{id}`.
#[derive(Debug, Clone)]
pub struct GroupPageData {
    pub group: GroupDetail,
    pub flash: Option<flash::GroupFlash>,
}

/// `/clinic/outcomes`.
#[derive(Debug, Clone)]
pub struct OutcomesData(pub ClinicOutcomes);

/// `/admin`: the therapists' accounts.
#[derive(Debug, Clone)]
pub struct AdminData {
    pub list: StaffList,
    pub flash: Option<flash::AdminFlash>,
}

/// The frame of the clinic's and the admin's pages: the name, the
/// language, log out.
#[component]
fn ClinicFrame(
    children: Children,
    #[prop(default = routes::CLINIC)] home: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let home_label = if home == routes::ADMIN {
        t_string!(i18n, admin_title)
    } else {
        t_string!(i18n, clinic_title)
    };
    view! {
        <a class="skip-link" href="#main">{tr(i18n, |i| t_string!(i, skip_to_content))}</a>
        <header class="public-header clinic-header">
            <a class="brand" href=home>"Knip"</a>
            <nav aria-label=tr(i18n, |i| t_string!(i, clinic_nav_label))>
                <a href=home>{home_label}</a>
                {(home == routes::CLINIC).then(|| view! {
                    " · "<a href=routes::CLINIC_GROUPS>{tr(i18n, |i| t_string!(i, groups_title))}</a>
                    " · "<a href=routes::CLINIC_OUTCOMES>{tr(i18n, |i| t_string!(i, outcomes_title))}</a>
                })}
            </nav>
            <LanguagePicker />
            <form method="post" action=routes::LOGOUT>
                <button type="submit" name="wipe" value="no" class="button">{tr(i18n, |i| t_string!(i, me_logout))}</button>
            </form>
        </header>
        <main id="main" class="public-main clinic-main" tabindex="-1">{children()}</main>
    }
}

fn phase_label(i18n: leptos_i18n::I18nContext<Locale>, phase: Phase) -> &'static str {
    match phase {
        Phase::Learning => t_string!(i18n, clinic_phase_learning),
        Phase::Intensive => t_string!(i18n, clinic_phase_intensive),
        Phase::Maintenance => t_string!(i18n, clinic_phase_maintenance),
    }
}

/// A flag's label; the figures are the domain's thresholds (our rules, see
/// `domain::care`).
fn flag_label(i18n: leptos_i18n::I18nContext<Locale>, flag: Flag) -> String {
    match flag {
        Flag::RedFlag => t_string!(i18n, flag_red_flag).to_owned(),
        Flag::AskedForHelp => t_string!(i18n, flag_asked_for_help).to_owned(),
        Flag::PainWorse => t_string!(i18n, flag_pain_worse).to_owned(),
        Flag::LeakageWorse => t_string!(i18n, flag_leakage_worse).to_owned(),
        Flag::NoTraining => t_string!(i18n, flag_no_training, days = NO_TRAINING_DAYS),
        Flag::LowDose => t_string!(i18n, flag_low_dose, percent = LOW_DOSE_PERCENT),
    }
}

/// A flag in a list: its weight shows in colour, border and a mark, not in
/// colour alone, and it links to the reason on the patient's page.
fn flag_item(i18n: leptos_i18n::I18nContext<Locale>, flag: Flag, why: String) -> impl IntoView {
    let (class, mark) = match flag.urgency() {
        Urgency::Now => ("flag flag-now", "! "),
        Urgency::Worse => ("flag flag-worse", "↑ "),
        Urgency::Watch => ("flag flag-watch", ""),
    };
    view! {
        <li class=class>
            <a href=why><span aria-hidden="true">{mark}</span>{flag_label(i18n, flag)}</a>
        </li>
    }
}

/// The flags' rules said once under the list: they are ours, not findings.
fn flags_rule(i18n: leptos_i18n::I18nContext<Locale>) -> String {
    t_string!(
        i18n,
        clinic_flags_rule,
        days = NO_TRAINING_DAYS,
        percent = LOW_DOSE_PERCENT,
        help_days = HELP_DAYS
    )
}

/// What a consented link lets the therapist do, as the patient is told.
pub(crate) fn access_label(i18n: leptos_i18n::I18nContext<Locale>, access: Access) -> &'static str {
    match access {
        Access::Overview => t_string!(i18n, access_overview),
        Access::PatientPage => t_string!(i18n, access_patient_page),
        Access::Export => t_string!(i18n, access_export),
        Access::Report => t_string!(i18n, access_report),
        Access::PrescriptionChange => t_string!(i18n, access_prescription_change),
        Access::AssessmentChange => t_string!(i18n, access_assessment_change),
    }
}

/// A row of the patient's access log.
pub(crate) fn log_label(i18n: leptos_i18n::I18nContext<Locale>, access: Access) -> &'static str {
    match access {
        Access::Overview => t_string!(i18n, log_overview),
        Access::PatientPage => t_string!(i18n, log_patient_page),
        Access::Export => t_string!(i18n, log_export),
        Access::Report => t_string!(i18n, log_report),
        Access::PrescriptionChange => t_string!(i18n, log_prescription_change),
        Access::AssessmentChange => t_string!(i18n, log_assessment_change),
    }
}

/// What became of a form post: a status when it worked, an alert when not.
pub(crate) fn flash(ok: bool, text: &'static str) -> impl IntoView {
    let (class, role) = if ok {
        ("notice", "status")
    } else {
        ("form-error", "alert")
    };
    view! { <p class=class role=role>{text}</p> }
}

/// An RFC 3339 time in Norwegian time, where Knip's clinics and patients
/// are (the server's default zone, `care::facts::DEFAULT_ZONE`). These pages
/// are rendered on the server only.
fn local(rfc3339: &str) -> Option<time::OffsetDateTime> {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()?;
    #[cfg(feature = "ssr")]
    {
        use chrono::{Offset, TimeZone};
        let utc = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)?.naive_utc();
        let offset = chrono_tz::Europe::Oslo
            .offset_from_utc_datetime(&utc)
            .fix()
            .local_minus_utc();
        Some(at.to_offset(time::UtcOffset::from_whole_seconds(offset).ok()?))
    }
    #[cfg(not(feature = "ssr"))]
    Some(at)
}

/// The day of an RFC 3339 time, as the reader writes a day.
pub(crate) fn day_of(lang: Language, rfc3339: &str) -> String {
    local(rfc3339).map_or_else(
        || rfc3339.chars().take(10).collect(),
        |at| lang.date(at.date()),
    )
}

/// The day and time of an RFC 3339 time, to the minute, in local time.
pub(crate) fn minute_of(lang: Language, rfc3339: &str) -> String {
    local(rfc3339).map_or_else(
        || {
            rfc3339
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " ")
        },
        |at| {
            format!(
                "{} {:02}:{:02}",
                lang.date(at.date()),
                at.hour(),
                at.minute()
            )
        },
    )
}

fn percent(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v} %"))
}

fn last_session(i18n: leptos_i18n::I18nContext<Locale>, days: Option<i64>) -> String {
    match days {
        None => t_string!(i18n, clinic_never).to_owned(),
        Some(0) => t_string!(i18n, clinic_today).to_owned(),
        Some(1) => t_string!(i18n, clinic_days_ago_one).to_owned(),
        Some(days) => t_string!(i18n, clinic_days_ago, days = days).to_string(),
    }
}

//! What a linked therapist reads or changes, as the patient is told and
//! as the access log names it.

use serde::{Deserialize, Serialize};

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

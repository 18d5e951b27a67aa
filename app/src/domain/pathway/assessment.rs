//! The start assessment: red flags first, then the main problem(s).
//!
//! It travels as the op `assessment.answered` (last writer wins, like a
//! setting): `{"red_flags": [...], "problems": [...], "doctor_seen": bool}`.
//! A name the app does not know is refused with the list of known ones
//! (serde's "unknown variant …, expected one of …").

use serde::{Deserialize, Serialize};

/// A sign that needs a doctor before the patient trains on their own.
///
/// [rule:red-flags] The list: NICE NG123 §1.1 (urgent referral: visible
/// blood in the urine, a pelvic mass, retention, signs of a nerve cause)
/// and general medical practice (blood in the stool, bleeding after the
/// menopause, fever with pelvic pain; new or quickly worsening pain, for
/// which seeds 000 and 002 ask that pain is examined first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RedFlag {
    BloodInUrine,
    BloodInStool,
    BleedingAfterMenopause,
    FeverWithPain,
    CannotPassUrine,
    NumbnessOrLossOfControl,
    NewLump,
    WorseningPain,
}

/// How soon a red flag needs a doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeeDoctor {
    /// Within days: the GP (fastlege).
    Soon,
    /// Today: the GP, or the out-of-hours service (legevakt, 116 117).
    Today,
}

impl RedFlag {
    pub const ALL: [RedFlag; 8] = [
        RedFlag::BloodInUrine,
        RedFlag::BloodInStool,
        RedFlag::BleedingAfterMenopause,
        RedFlag::FeverWithPain,
        RedFlag::CannotPassUrine,
        RedFlag::NumbnessOrLossOfControl,
        RedFlag::NewLump,
        RedFlag::WorseningPain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RedFlag::BloodInUrine => "blood_in_urine",
            RedFlag::BloodInStool => "blood_in_stool",
            RedFlag::BleedingAfterMenopause => "bleeding_after_menopause",
            RedFlag::FeverWithPain => "fever_with_pain",
            RedFlag::CannotPassUrine => "cannot_pass_urine",
            RedFlag::NumbnessOrLossOfControl => "numbness_or_loss_of_control",
            RedFlag::NewLump => "new_lump",
            RedFlag::WorseningPain => "worsening_pain",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// [rule:red-flag-today] Being unable to pass urine (retention) and new
    /// numbness or a sudden loss of bladder or bowel control (a nerve
    /// cause) need a doctor the same day (NICE NG123 §1.1: urgent
    /// referral; retention and a nerve cause can do lasting harm within
    /// hours). Every other flag: soon, within days (our rule: they need an
    /// examination, not an emergency).
    pub fn see_doctor(self) -> SeeDoctor {
        match self {
            RedFlag::CannotPassUrine | RedFlag::NumbnessOrLossOfControl => SeeDoctor::Today,
            _ => SeeDoctor::Soon,
        }
    }
}

/// What the patient says is their main problem; more than one may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Leakage when coughing, sneezing, lifting or jumping (stress leakage).
    EffortLeakage,
    /// A sudden strong urge, or leakage on the way to the toilet.
    Urgency,
    /// Long-lasting pain in the pelvis.
    PelvicPain,
    /// A feeling of heaviness or a bulge (prolapse).
    Bulge,
    /// Pregnant, or a birth in the last year.
    PregnancyOrBirth,
    /// Leakage of wind or stool.
    Bowel,
    Unsure,
}

impl Problem {
    pub const ALL: [Problem; 7] = [
        Problem::EffortLeakage,
        Problem::Urgency,
        Problem::PelvicPain,
        Problem::Bulge,
        Problem::PregnancyOrBirth,
        Problem::Bowel,
        Problem::Unsure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Problem::EffortLeakage => "effort_leakage",
            Problem::Urgency => "urgency",
            Problem::PelvicPain => "pelvic_pain",
            Problem::Bulge => "bulge",
            Problem::PregnancyOrBirth => "pregnancy_or_birth",
            Problem::Bowel => "bowel",
            Problem::Unsure => "unsure",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

/// The answers of the start assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    #[serde(default)]
    pub problems: Vec<Problem>,
    /// The patient confirms a doctor has looked at the red flags they
    /// answered yes to (or a therapist says so).
    #[serde(default)]
    pub doctor_seen: bool,
    /// The patient confirms a physiotherapist has examined them and said
    /// they may squeeze with full strength (long-lasting pelvic pain; see
    /// `Pathway::maximal_allowed`). Left out of the wire when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub physio_assessed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    #[error("red_flags must name each red flag at most once.")]
    RepeatedRedFlag,
    #[error("problems must name each problem at most once.")]
    RepeatedProblem,
}

impl Assessment {
    /// The answers as the rest of the app may rely on: each name once,
    /// in a fixed order (so two copies of the same answers are equal).
    pub fn parse(mut self) -> Result<Self, AssessmentError> {
        let (flags, problems) = (self.red_flags.len(), self.problems.len());
        self.red_flags.sort();
        self.red_flags.dedup();
        self.problems.sort();
        self.problems.dedup();
        if self.red_flags.len() != flags {
            return Err(AssessmentError::RepeatedRedFlag);
        }
        if self.problems.len() != problems {
            return Err(AssessmentError::RepeatedProblem);
        }
        Ok(self)
    }

    /// How soon a doctor is needed, from the most urgent flag answered yes.
    pub fn see_doctor(&self) -> Option<SeeDoctor> {
        self.red_flags.iter().map(|f| f.see_doctor()).max()
    }

    /// [rule:red-flag-gate] Training on one's own waits while a red flag is
    /// answered yes and no doctor has looked at it (Tät II screened red
    /// flags out before use; NICE NG123 §1.1). Education and relaxation
    /// stay open meanwhile (our rule: they do no harm and help to wait).
    pub fn training_waits(&self) -> bool {
        !self.red_flags.is_empty() && !self.doctor_seen
    }

    pub fn has(&self, problem: Problem) -> bool {
        self.problems.contains(&problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: serde_json::Value) -> Result<Assessment, String> {
        serde_json::from_value::<Assessment>(json)
            .map_err(|e| e.to_string())
            .and_then(|a| a.parse().map_err(|e| e.to_string()))
    }

    #[test]
    fn every_name_reads_back_as_itself() {
        for flag in RedFlag::ALL {
            assert_eq!(RedFlag::parse(flag.as_str()), Some(flag));
            assert_eq!(serde_json::to_value(flag).unwrap(), flag.as_str());
        }
        for problem in Problem::ALL {
            assert_eq!(Problem::parse(problem.as_str()), Some(problem));
            assert_eq!(serde_json::to_value(problem).unwrap(), problem.as_str());
        }
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_known_ones() {
        let err = parse(serde_json::json!({"red_flags": ["headache"]})).unwrap_err();
        assert!(
            err.contains("headache") && err.contains("blood_in_urine"),
            "{err}"
        );
        let err = parse(serde_json::json!({"problems": ["back_pain"]})).unwrap_err();
        assert!(
            err.contains("back_pain") && err.contains("pelvic_pain"),
            "{err}"
        );
        assert!(parse(serde_json::json!({"red_flags": [], "extra": 1})).is_err());
    }

    #[test]
    fn a_name_twice_is_refused_and_the_order_does_not_matter() {
        assert!(parse(serde_json::json!({"problems": ["urgency", "urgency"]})).is_err());
        assert!(parse(serde_json::json!({"red_flags": ["new_lump", "new_lump"]})).is_err());
        let a = parse(serde_json::json!({"problems": ["urgency", "pelvic_pain"]})).unwrap();
        let b = parse(serde_json::json!({"problems": ["pelvic_pain", "urgency"]})).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn retention_and_a_nerve_sign_mean_today_the_rest_soon() {
        let today = [RedFlag::CannotPassUrine, RedFlag::NumbnessOrLossOfControl];
        for flag in RedFlag::ALL {
            let expected = if today.contains(&flag) {
                SeeDoctor::Today
            } else {
                SeeDoctor::Soon
            };
            assert_eq!(flag.see_doctor(), expected, "{flag:?}");
        }
        let both = Assessment {
            red_flags: vec![RedFlag::NewLump, RedFlag::CannotPassUrine],
            ..Assessment::default()
        };
        assert_eq!(both.see_doctor(), Some(SeeDoctor::Today));
        assert_eq!(Assessment::default().see_doctor(), None);
    }

    #[test]
    fn training_waits_for_a_doctor_after_any_red_flag() {
        let mut a = Assessment {
            red_flags: vec![RedFlag::BloodInUrine],
            problems: vec![Problem::EffortLeakage],
            doctor_seen: false,
            physio_assessed: false,
        };
        assert!(a.training_waits());
        a.doctor_seen = true;
        assert!(!a.training_waits());
        assert!(!Assessment::default().training_waits());
    }
}

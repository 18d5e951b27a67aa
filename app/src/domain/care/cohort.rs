//! Figures over a group of patients, shown only for enough of them that no
//! one can be picked out.

use crate::domain::sync::Questionnaire;
use serde::{Deserialize, Serialize};

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

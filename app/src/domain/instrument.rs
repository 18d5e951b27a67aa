//! Licensed questionnaires (for example ICIQ-UI SF) as a plug-in: the
//! clinic supplies a definition file with the licence holder's items,
//! answer options and scoring; Knip ships none. The server loads the files
//! at start (a malformed one stops it, naming the file and the rule) and
//! checks every answer against them.
//!
//! The format (JSON):
//! ```json
//! {"id": "made-up-bother", "title": "…", "licence": "…",
//!  "items": [{"id": "q1", "text": "…", "options": [{"value": 0, "label": "…"}, …]}, …],
//!  "scoring": {"method": "sum", "items": ["q1", "q2"]}}
//! ```

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

const MAX_ITEMS: usize = 50;
const MAX_OPTIONS: usize = 20;
const MAX_TEXT_CHARS: usize = 1000;

/// Why a definition file was refused; the text names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstrumentError {
    #[error("not a questionnaire definition: {0}")]
    Shape(String),
    #[error("\"{0}\" must be a name of 1–40 lower-case letters, digits and dashes")]
    BadId(String),
    #[error("the title and every text must be 1–1000 characters")]
    BadText,
    #[error("a questionnaire needs 1–{MAX_ITEMS} items")]
    ItemCount,
    #[error("item \"{0}\" appears twice")]
    DuplicateItem(String),
    #[error("item \"{0}\" needs 2–{MAX_OPTIONS} answer options with different values")]
    BadOptions(String),
    #[error("scoring names item \"{0}\", which the questionnaire does not have")]
    UnknownScoredItem(String),
    #[error("scoring needs at least one item")]
    NothingScored,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub id: String,
    pub title: String,
    /// The licence holder's notice, shown with the questionnaire.
    #[serde(default)]
    pub licence: Option<String>,
    pub items: Vec<Item>,
    pub scoring: Scoring,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub options: Vec<AnswerOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub value: u16,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub method: ScoreMethod,
    /// The items whose values make the score.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreMethod {
    /// The sum of the chosen options' values.
    Sum,
}

/// The answers to a plug-in questionnaire inside a `prom.answered` op: the
/// chosen option's value per item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentAnswer {
    pub id: String,
    pub answers: BTreeMap<String, u16>,
}

/// A name in a definition or an answer: `q1`, `iciq-ui-sf`.
pub fn is_slug(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= 40
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn text_ok(text: &str) -> bool {
    let n = text.trim().chars().count();
    (1..=MAX_TEXT_CHARS).contains(&n)
}

impl Instrument {
    /// Reads and checks a definition file's text.
    pub fn parse(json: &str) -> Result<Self, InstrumentError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let instrument: Instrument = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| InstrumentError::Shape(e.to_string()))?;
        instrument.check()
    }

    fn check(self) -> Result<Self, InstrumentError> {
        if !is_slug(&self.id) {
            return Err(InstrumentError::BadId(self.id));
        }
        if !text_ok(&self.title) || self.licence.as_deref().is_some_and(|l| !text_ok(l)) {
            return Err(InstrumentError::BadText);
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            return Err(InstrumentError::ItemCount);
        }
        let mut seen = HashSet::new();
        for item in &self.items {
            if !is_slug(&item.id) {
                return Err(InstrumentError::BadId(item.id.clone()));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(InstrumentError::DuplicateItem(item.id.clone()));
            }
            if !text_ok(&item.text) || item.options.iter().any(|o| !text_ok(&o.label)) {
                return Err(InstrumentError::BadText);
            }
            let values: HashSet<u16> = item.options.iter().map(|o| o.value).collect();
            if !(2..=MAX_OPTIONS).contains(&item.options.len())
                || values.len() != item.options.len()
            {
                return Err(InstrumentError::BadOptions(item.id.clone()));
            }
        }
        if self.scoring.items.is_empty() {
            return Err(InstrumentError::NothingScored);
        }
        if let Some(unknown) = self
            .scoring
            .items
            .iter()
            .find(|i| !seen.contains(i.as_str()))
        {
            return Err(InstrumentError::UnknownScoredItem(unknown.clone()));
        }
        Ok(self)
    }

    /// Checks an answer against the definition: every answered item exists
    /// and is answered with one of its options.
    pub fn check_answer(&self, answer: &InstrumentAnswer) -> Result<(), String> {
        for (item_id, value) in &answer.answers {
            let item = self
                .items
                .iter()
                .find(|i| &i.id == item_id)
                .ok_or_else(|| {
                    format!(
                        "The questionnaire \"{}\" has no item \"{}\".",
                        self.id,
                        item_id.chars().take(40).collect::<String>()
                    )
                })?;
            if !item.options.iter().any(|o| o.value == *value) {
                let allowed: Vec<String> =
                    item.options.iter().map(|o| o.value.to_string()).collect();
                return Err(format!(
                    "Item \"{}\" of \"{}\" is answered with one of {}.",
                    item.id,
                    self.id,
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The score of a checked answer; `None` while a scored item is unanswered.
    pub fn score(&self, answer: &InstrumentAnswer) -> Option<u32> {
        match self.scoring.method {
            ScoreMethod::Sum => self
                .scoring
                .items
                .iter()
                .map(|id| answer.answers.get(id).map(|v| u32::from(*v)))
                .sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up instrument in the clinic's format (no licensed text).
    pub const MADE_UP: &str = r#"{
        "id": "made-up-bother",
        "title": "How much does it bother you? (a made-up test instrument)",
        "licence": "Made up for Knip's tests; not a real instrument.",
        "items": [
            {"id": "often", "text": "How often does it happen?",
             "options": [{"value": 0, "label": "Never"}, {"value": 1, "label": "Weekly"}, {"value": 3, "label": "Daily"}]},
            {"id": "bother", "text": "How much does it bother you?",
             "options": [{"value": 0, "label": "Not at all"}, {"value": 5, "label": "Somewhat"}, {"value": 10, "label": "A great deal"}]},
            {"id": "when", "text": "When does it happen most?",
             "options": [{"value": 1, "label": "Day"}, {"value": 2, "label": "Night"}]}
        ],
        "scoring": {"method": "sum", "items": ["often", "bother"]}
    }"#;

    fn answer(pairs: &[(&str, u16)]) -> InstrumentAnswer {
        InstrumentAnswer {
            id: "made-up-bother".into(),
            answers: pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }

    #[test]
    fn a_definition_is_read_and_scores_its_items() {
        let made_up = Instrument::parse(MADE_UP).unwrap();
        assert_eq!(made_up.items.len(), 3);
        let full = answer(&[("often", 3), ("bother", 5), ("when", 2)]);
        assert_eq!(made_up.check_answer(&full), Ok(()));
        assert_eq!(made_up.score(&full), Some(8));
        assert_eq!(made_up.score(&answer(&[("often", 1)])), None);
    }

    #[test]
    fn answers_outside_the_definition_are_refused_by_rule() {
        let made_up = Instrument::parse(MADE_UP).unwrap();
        let unknown = made_up.check_answer(&answer(&[("q9", 1)])).unwrap_err();
        assert!(unknown.contains("no item \"q9\""), "{unknown}");
        let off_scale = made_up.check_answer(&answer(&[("often", 2)])).unwrap_err();
        assert!(off_scale.contains("one of 0, 1, 3"), "{off_scale}");
    }

    #[test]
    fn malformed_definitions_name_the_rule() {
        let cases = [
            ("{", "not a questionnaire definition"),
            (
                r#"{"id": "x", "title": "T", "items": [], "scoring": {"method": "sum", "items": ["a"]}}"#,
                "1–50 items",
            ),
            (
                &MADE_UP.replace("\"made-up-bother\"", "\"Made Up\""),
                "\"Made Up\" must be a name",
            ),
            (
                &MADE_UP.replace("\"when\"", "\"often\""),
                "item \"often\" appears twice",
            ),
            (
                &MADE_UP.replace(
                    "{\"value\": 2, \"label\": \"Night\"}",
                    "{\"value\": 1, \"label\": \"Night\"}",
                ),
                "item \"when\" needs 2–20",
            ),
            (
                &MADE_UP.replace("[\"often\", \"bother\"]", "[\"often\", \"q7\"]"),
                "scoring names item \"q7\"",
            ),
            (
                &MADE_UP.replace("\"method\": \"sum\"", "\"method\": \"mean\""),
                "method",
            ),
            (
                &MADE_UP.replace("\"licence\"", "\"licensee\""),
                "unknown field",
            ),
        ];
        for (json, rule) in cases {
            let error = Instrument::parse(json).unwrap_err().to_string();
            assert!(error.contains(rule), "{rule}: {error}");
        }
    }
}

//! The licensed questionnaires a clinic plugged in (see
//! `app::domain::instrument`): definition files in a folder named by
//! `--instruments` / `KNIP_INSTRUMENTS_DIR`, read at start. A malformed file
//! stops the server with the file's name and the rule it breaks, so a
//! clinic never runs with half a questionnaire.

use app::domain::instrument::Instrument;
use app::domain::sync::{Op, OpBody};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Instruments(Vec<Instrument>);

impl Instruments {
    /// Reads every `*.json` in `dir` (none when no folder is given).
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let Some(dir) = dir else {
            return Ok(Self::default());
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("questionnaire folder {}: {e}", dir.display()))?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        let mut loaded: Vec<Instrument> = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("questionnaire file {}: {e}", path.display()))?;
            let instrument = Instrument::parse(&text)
                .map_err(|e| format!("questionnaire file {}: {e}", path.display()))?;
            if loaded.iter().any(|i| i.id == instrument.id) {
                return Err(format!(
                    "questionnaire file {}: another file already defines \"{}\"",
                    path.display(),
                    instrument.id
                ));
            }
            loaded.push(instrument);
        }
        Ok(Self(loaded))
    }

    pub fn all(&self) -> &[Instrument] {
        &self.0
    }

    /// An answer to a plug-in questionnaire must fit its definition.
    pub fn check(&self, op: &Op) -> Result<(), String> {
        let OpBody::PromAnswered(answer) = &op.body else {
            return Ok(());
        };
        let Some(given) = &answer.instrument else {
            return Ok(());
        };
        let instrument = self.0.iter().find(|i| i.id == given.id).ok_or_else(|| {
            format!(
                "Unknown questionnaire \"{}\": this clinic has not installed it.",
                given.id
            )
        })?;
        instrument.check_answer(given)
    }
}

//! The words for each step, as shown and as announced.

use crate::domain::training::StepKind;
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The step's name, for the screen, the "next" line and screen readers.
pub fn step_label(i18n: I18nContext<Locale>, kind: StepKind, maximal: bool) -> String {
    match kind {
        StepKind::Squeeze if maximal => t_string!(i18n, step_squeeze_max).to_owned(),
        StepKind::Squeeze => t_string!(i18n, step_squeeze).to_owned(),
        StepKind::Hold => t_string!(i18n, step_hold).to_owned(),
        StepKind::QuickLift(n) => t_string!(i18n, step_quick_lift, n = n),
        StepKind::LetGo => t_string!(i18n, step_let_go).to_owned(),
        StepKind::Rest => t_string!(i18n, step_rest).to_owned(),
        StepKind::RoundPause => t_string!(i18n, step_round_pause).to_owned(),
        StepKind::Relax => t_string!(i18n, step_relax).to_owned(),
        StepKind::Chime => t_string!(i18n, step_chime).to_owned(),
        StepKind::BreatheIn => t_string!(i18n, step_breathe_in).to_owned(),
        StepKind::BreatheOut => t_string!(i18n, step_breathe_out).to_owned(),
        StepKind::Guided { sequence, step } => {
            let lang = crate::domain::Language::from(i18n.get_locale());
            crate::features::relax::guided::step_text(lang, sequence, step).to_owned()
        }
    }
}

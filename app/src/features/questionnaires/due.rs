//! Today's card for a questionnaire that is due: shown from its day for two
//! weeks, until it is answered.

use super::state::{programme_start, use_proms};
use crate::domain::outcomes::{self, OPEN_DAYS};
use crate::domain::sync::Questionnaire;
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::platform::mirrors::use_training;
use crate::routes;
use crate::text::{text, tr};
use leptos::prelude::*;

pub fn questionnaire_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    which: Questionnaire,
) -> &'static str {
    match which {
        Questionnaire::Baseline => t_string!(i18n, q_name_baseline),
        Questionnaire::Month3 => t_string!(i18n, q_name_month3),
        Questionnaire::Month6 => t_string!(i18n, q_name_month6),
        Questionnaire::Month12 => t_string!(i18n, q_name_month12),
        Questionnaire::OnDemand => t_string!(i18n, q_name_on_demand),
    }
}

#[component]
pub fn QuestionnaireDue() -> impl IntoView {
    let i18n = use_i18n();
    let proms = use_proms();
    let training = use_training();
    let open = move || {
        let start = programme_start(proms, training);
        let today = today();
        let which = proms.answers.with(|a| outcomes::open(start, today, a))?;
        let last = outcomes::due_day(which, start)? + time::Duration::days(OPEN_DAYS - 1);
        Some((which, format!("{}.{}.", last.day(), u8::from(last.month()))))
    };
    move || {
        open().map(|(which, last)| {
            view! {
                <section class="card notice" aria-labelledby="q-due-heading">
                    <h2 id="q-due-heading">{tr(i18n, |i| t_string!(i, q_due_heading))}</h2>
                    <p>{text(move || t_string!(i18n, q_due_text, name = questionnaire_name(i18n, which), last = last.clone()))}</p>
                    <a class="button primary" href=routes::QUESTIONNAIRE>{tr(i18n, |i| t_string!(i, q_due_button))}</a>
                </section>
            }
        })
    }
}

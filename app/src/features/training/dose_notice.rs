//! A dose a therapist set, said once on Today and Train: who changed it, on
//! which day, and what it is now, until the patient says they have seen it.
//! Only a fingerprint of the change is kept on the phone (no name).

use crate::domain::Language;
use crate::domain::sync::{PrescriptionSet, SetBy};
use crate::domain::training::Prescription;
use crate::features::training::state::use_training;
use crate::i18n::*;
use crate::text::tr;
use leptos::prelude::*;

/// Where the fingerprint of the last change seen is kept.
#[cfg(feature = "hydrate")]
const SEEN_KEY: &str = "knip.dose.seen";

/// Names one change of the dose (FNV-1a over what the patient is told).
fn fingerprint(plan: &PrescriptionSet) -> String {
    let said = format!("{:?}|{:?}", plan.set_by, plan.prescription);
    let hash = said.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The dose in words, as the Train page sums it up.
fn dose_words(i18n: leptos_i18n::I18nContext<Locale>, p: &Prescription) -> String {
    let reps = if p.rounds_per_day() == 1 {
        t_string!(i18n, train_summary_reps_one, reps = p.reps_per_round())
    } else {
        t_string!(
            i18n,
            train_summary_reps,
            reps = p.reps_per_round(),
            rounds = p.rounds_per_day()
        )
    };
    let hold = t_string!(i18n, train_summary_hold, hold = p.hold_secs());
    let mut words = format!("{reps}. {hold}");
    if p.quick_lifts() > 0 {
        words.push_str(". ");
        words.push_str(&t_string!(
            i18n,
            train_summary_lifts,
            lifts = p.quick_lifts()
        ));
    }
    words
}

#[component]
pub fn DoseChangedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    // Unknown on the server (nothing is said there); in the browser, read
    // at once: the programme itself arrives from the phone's store later,
    // so the first render matches the server's.
    #[cfg(feature = "hydrate")]
    let kept = Some(
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(SEEN_KEY).ok().flatten())
            .unwrap_or_default(),
    );
    #[cfg(not(feature = "hydrate"))]
    let kept = None;
    let seen = RwSignal::new(kept);
    let dismiss = move |mark: String| {
        #[cfg(feature = "hydrate")]
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(SEEN_KEY, &mark);
        }
        seen.set(Some(mark));
    };
    move || {
        let plan = state.plan.get()?;
        let SetBy::Therapist { name, on } = &plan.set_by else {
            return None;
        };
        let mark = fingerprint(&plan);
        if seen.get().is_none_or(|seen| seen == mark) {
            return None;
        }
        let lang = Language::from(i18n.get_locale());
        let on = on
            .as_deref()
            .and_then(crate::domain::day::parse_day)
            .map(|day| lang.date(day))
            .unwrap_or_default();
        let said = t_string!(
            i18n,
            dose_changed_by,
            name = name.clone(),
            on = on,
            dose = dose_words(i18n, &plan.prescription)
        );
        Some(view! {
            <section class="card notice-card" aria-labelledby="dose-changed-heading" data-testid="dose-changed">
                <h2 id="dose-changed-heading">{tr(i18n, |i| t_string!(i, dose_changed_heading))}</h2>
                <p>{said}</p>
                <button type="button" class="button" on:click=move |_| dismiss(mark.clone())>
                    {tr(i18n, |i| t_string!(i, dose_changed_ok))}
                </button>
            </section>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::Programme;
    use time::macros::date;

    #[test]
    fn a_new_change_has_a_new_fingerprint() {
        let set = |name: &str, on: &str| PrescriptionSet {
            prescription: Prescription::default(),
            programme: Programme::new(date!(2026 - 12 - 01)),
            set_by: SetBy::Therapist {
                name: name.to_owned(),
                on: Some(on.to_owned()),
            },
        };
        let first = set("Ingrid Fysio", "2026-12-03");
        assert_eq!(fingerprint(&first), fingerprint(&first.clone()));
        assert_ne!(
            fingerprint(&first),
            fingerprint(&set("Ingrid Fysio", "2026-12-04"))
        );
        // The phase moving on by itself is not a new dose to tell.
        let later = PrescriptionSet {
            programme: Programme::new(date!(2026 - 12 - 05)),
            ..first.clone()
        };
        assert_eq!(fingerprint(&first), fingerprint(&later));
    }
}

//! The patient's own adjustments to the dose, within the safe bounds of the
//! source. A therapist's prescription says who set it.

use crate::domain::sync::{PrescriptionSet, SetBy};
use crate::domain::training::prescription::{
    HoldSecs, PATIENT_HOLD_MAX, Position, PrescriptionBuilder, PrescriptionError, QuickLifts,
    RepsPerRound, RestSecs, RoundPauseSecs, RoundsPerDay, Schedule, check_patient_change,
    patient_hold_choices,
};
use crate::features::training::state::{save_plan, use_training};
use crate::i18n::*;
use crate::platform::local_time::today;
use crate::text::{text, tr};
use leptos::prelude::*;

fn error_text(i18n: leptos_i18n::I18nContext<Locale>, e: &PrescriptionError) -> String {
    match e {
        PrescriptionError::QuickLiftsTooEarly(_) => t_string!(i18n, rx_err_lifts_early).to_owned(),
        PrescriptionError::Reps(_) => t_string!(i18n, rx_err_reps).to_owned(),
        PrescriptionError::Rounds(_) => t_string!(i18n, rx_err_rounds).to_owned(),
        PrescriptionError::Hold(_) => t_string!(i18n, rx_err_hold).to_owned(),
        PrescriptionError::QuickLifts(_) => t_string!(i18n, rx_err_lifts).to_owned(),
        PrescriptionError::Rest(_) => t_string!(i18n, rx_err_rest).to_owned(),
        PrescriptionError::RoundPause(_) => t_string!(i18n, rx_err_pause).to_owned(),
    }
}

/// A select of whole numbers.
#[component]
fn NumberSelect(
    id: &'static str,
    label: String,
    options: Vec<u8>,
    value: RwSignal<u8>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        value.set(v);
                    }
                }
            >
                {options
                    .into_iter()
                    .map(|o| {
                        view! {
                            <option value=o.to_string() selected=move || value.get() == o>
                                {o.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn PrescriptionForm() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_training();
    let current = move || state.plan_or_default();
    let p = current().prescription;
    let reps = RwSignal::new(p.reps_per_round());
    let rounds = RwSignal::new(p.rounds_per_day());
    let hold = RwSignal::new(p.hold_secs());
    let lifts = RwSignal::new(p.quick_lifts());
    let rest = RwSignal::new(p.rest_secs());
    let position = RwSignal::new(p.position());
    let spread = RwSignal::new(p.schedule() == Schedule::Spread);
    let pregnancy = RwSignal::new(current().programme.pregnancy_on(today()));
    // Values arrive from the device's store after the first render. A sync
    // that brings the same plan again leaves what is being chosen, and so
    // does the effect's first run (it runs after hydration, when a quick
    // patient may already have chosen: the fields began from this plan).
    let initial = current();
    Effect::new(move |previous: Option<PrescriptionSet>| {
        let plan = current();
        if previous.as_ref().unwrap_or(&initial) != &plan {
            let p = &plan.prescription;
            reps.set(p.reps_per_round());
            rounds.set(p.rounds_per_day());
            hold.set(p.hold_secs());
            lifts.set(p.quick_lifts());
            rest.set(p.rest_secs());
            position.set(p.position());
            spread.set(p.schedule() == Schedule::Spread);
            pregnancy.set(plan.programme.pregnancy_on(today()));
        }
        plan
    });
    let message = RwSignal::new(None::<Result<(), String>>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let built = (|| {
            PrescriptionBuilder {
                reps_per_round: RepsPerRound::parse(reps.get_untracked().into())?,
                rounds_per_day: RoundsPerDay::parse(rounds.get_untracked().into())?,
                hold_secs: HoldSecs::parse(hold.get_untracked().into())?,
                quick_lifts: QuickLifts::parse(lifts.get_untracked().into())?,
                rest_secs: RestSecs::parse(rest.get_untracked().into())?,
                position: position.get_untracked(),
                schedule: if spread.get_untracked() {
                    Schedule::Spread
                } else {
                    Schedule::Together {
                        pause_secs: RoundPauseSecs::DEFAULT,
                    }
                },
            }
            .build()
        })();
        let current_rx = current().prescription;
        let built = built.map_err(|e| error_text(i18n, &e)).and_then(|p| {
            check_patient_change(&p, &current_rx)
                .map(|()| p)
                .map_err(|_| t_string!(i18n, rx_err_hold_patient, max = PATIENT_HOLD_MAX))
        });
        match built {
            Ok(prescription) => {
                let plan = current();
                save_plan(
                    state,
                    PrescriptionSet {
                        prescription,
                        programme: plan
                            .programme
                            .with_pregnancy(pregnancy.get_untracked(), today()),
                        set_by: SetBy::Patient,
                    },
                );
                message.set(Some(Ok(())));
            }
            Err(text) => message.set(Some(Err(text))),
        }
    };

    let set_by_therapist = move || match current().set_by {
        SetBy::Therapist { name, on } => {
            let lang = crate::domain::Language::from(i18n.get_locale());
            let on = on.as_deref().and_then(crate::domain::day::parse_day);
            Some((name, on.map(|day| lang.date(day)).unwrap_or_default()))
        }
        SetBy::Patient => None,
    };
    let position_label = move |p: Position| match p {
        Position::Lying => t_string!(i18n, position_lying),
        Position::Sitting => t_string!(i18n, position_sitting),
        Position::Standing => t_string!(i18n, position_standing),
    };

    view! {
        <details class="card">
            <summary>{tr(i18n, |i| t_string!(i, rx_heading))}</summary>
            {move || {
                set_by_therapist()
                    .map(|(name, on)| {
                        view! { <p class="notice">{t_string!(i18n, rx_set_by_therapist, name = name, on = on)}</p> }
                    })
            }}
            <p class="hint">{text(move || t_string!(i18n, rx_intro, hold = PATIENT_HOLD_MAX))}</p>
            <form class="stack" on:submit=submit novalidate>
                // The ranges are the domain's (seed 003's dose for the patient).
                <NumberSelect id="rx-reps" label=t_string!(i18n, rx_reps).to_owned() options=(RepsPerRound::MIN..=RepsPerRound::MAX).collect() value=reps />
                <NumberSelect id="rx-rounds" label=t_string!(i18n, rx_rounds).to_owned() options=(RoundsPerDay::MIN..=RoundsPerDay::MAX).collect() value=rounds />
                {move || view! {
                    <NumberSelect id="rx-hold" label=t_string!(i18n, rx_hold).to_owned() options=patient_hold_choices(&current().prescription).collect() value=hold />
                }}
                <NumberSelect id="rx-lifts" label=t_string!(i18n, rx_lifts).to_owned() options=QuickLifts::CHOICES.to_vec() value=lifts />
                <NumberSelect id="rx-rest" label=t_string!(i18n, rx_rest).to_owned() options=(RestSecs::MIN..=RestSecs::MAX).collect() value=rest />
                <div class="field">
                    <label for="rx-position">{tr(i18n, |i| t_string!(i, rx_position))}</label>
                    <select
                        id="rx-position"
                        on:change=move |ev| {
                            if let Some(p) = Position::parse(&event_target_value(&ev)) {
                                position.set(p);
                            }
                        }
                    >
                        {Position::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=move || position.get() == p>
                                        {text(move || position_label(p).to_owned())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="toggle">
                    <input type="checkbox" id="rx-spread" prop:checked=spread on:change=move |ev| spread.set(event_target_checked(&ev)) />
                    <label for="rx-spread">{tr(i18n, |i| t_string!(i, rx_spread))}</label>
                </div>
                <div class="toggle">
                    <input type="checkbox" id="rx-pregnancy" prop:checked=pregnancy on:change=move |ev| pregnancy.set(event_target_checked(&ev)) />
                    <label for="rx-pregnancy">{tr(i18n, |i| t_string!(i, rx_pregnancy))}</label>
                </div>
                <p role="alert" class="form-error">
                    {move || match message.get() {
                        Some(Err(text)) => Some(text),
                        _ => None,
                    }}
                </p>
                <p role="status">
                    {move || matches!(message.get(), Some(Ok(()))).then(|| t_string!(i18n, rx_saved))}
                </p>
                <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, rx_save))}</button>
            </form>
        </details>
    }
}

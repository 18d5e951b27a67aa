//! A licensed questionnaire the clinic plugged in (see
//! `domain::instrument`), asked after Knip's own questions: its items as
//! radio groups with the licence holder's notice. Its definition comes from
//! the server; the last one it gave is kept on the phone, so it is asked
//! offline too.

use crate::domain::instrument::{Instrument, InstrumentAnswer};
use leptos::either::Either;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Copy)]
pub struct PluggedIn {
    instrument: RwSignal<Option<Instrument>>,
    answers: RwSignal<BTreeMap<String, u16>>,
}

impl PluggedIn {
    pub fn new() -> Self {
        let plugged = PluggedIn {
            instrument: RwSignal::new(None),
            answers: RwSignal::new(BTreeMap::new()),
        };
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let first = crate::platform::http::instruments()
                .await
                .into_iter()
                .next();
            plugged.instrument.try_set(first);
        });
        plugged
    }

    /// The answers given, if any item was answered.
    pub fn answer(&self) -> Option<InstrumentAnswer> {
        let id = self
            .instrument
            .with_untracked(|i| i.as_ref().map(|i| i.id.clone()))?;
        let answers = self.answers.get_untracked();
        (!answers.is_empty()).then_some(InstrumentAnswer { id, answers })
    }

    pub fn view(self) -> impl IntoView {
        let answers = self.answers;
        move || match self.instrument.get() {
            None => Either::Left(()),
            Some(instrument) => Either::Right(view! {
                <section class="plugged-in" aria-labelledby="instrument-heading">
                    <h3 id="instrument-heading">{instrument.title.clone()}</h3>
                    {instrument.licence.clone().map(|l| view! { <p class="hint">{l}</p> })}
                    {instrument.items.into_iter().map(|item| {
                        let name = format!("instrument-{}", item.id);
                        view! {
                            <fieldset>
                                <legend>{item.text.clone()}</legend>
                                {item.options.into_iter().map(|option| {
                                    let id = format!("{name}-{}", option.value);
                                    let item_id = item.id.clone();
                                    let checked_id = item.id.clone();
                                    view! {
                                        <div class="choice">
                                            <input type="radio" name=name.clone() id=id.clone()
                                                prop:checked=move || answers.with(|a| a.get(&checked_id) == Some(&option.value))
                                                on:change=move |_| answers.update(|a| { a.insert(item_id.clone(), option.value); }) />
                                            <label for=id>{option.label}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                </section>
            }),
        }
    }
}

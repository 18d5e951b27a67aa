//! A 0–10 rating (pain, how close a goal is) as a row of radio buttons,
//! with "not rated" for leaving it out: a screen reader reads the legend,
//! the hint and each number.

use leptos::prelude::*;

#[component]
pub fn RatingScale(
    /// The radio group's name, unique on the page.
    name: &'static str,
    legend: Signal<String>,
    /// What 0 and 10 mean.
    hint: Signal<String>,
    /// The "not rated" label; `None` when a rating is required.
    none_label: Option<Signal<String>>,
    value: RwSignal<Option<u8>>,
) -> impl IntoView {
    let choice = move |v: Option<u8>, label: Signal<String>| {
        let id = v.map_or_else(|| format!("{name}-none"), |v| format!("{name}-{v}"));
        view! {
            <div class="choice scale-choice">
                <input type="radio" name=name id=id.clone()
                    prop:checked=move || value.get() == v
                    on:change=move |_| value.set(v) />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="rating-scale">
            <legend>{legend}</legend>
            <p class="hint">{hint}</p>
            <div class="scale-choices">
                {(0..=10u8).map(|v| choice(Some(v), Signal::stored(v.to_string()))).collect_view()}
            </div>
            {none_label.map(|label| choice(None, label))}
        </fieldset>
    }
}

//! A form post that cannot be undone, asked first: the button opens a
//! question and the real button beside it. A `<details>`, so it works on
//! the server-rendered pages without any script, and a screen reader hears
//! it as a button that expands.

use leptos::prelude::*;

#[component]
pub fn ConfirmPost(
    /// Where the form posts.
    action: String,
    /// The first button's words ("Stop sharing").
    label: String,
    /// What follows, said before anything happens.
    question: String,
    /// The button that does it ("Yes, stop sharing").
    yes: String,
    /// Whom or what it acts on, when the row around the buttons is needed to
    /// tell (a therapist's e-mail): added to both buttons' names.
    #[prop(optional)]
    subject: Option<String>,
) -> impl IntoView {
    let named = |words: &str| subject.as_ref().map(|s| format!("{words}: {s}"));
    let (label_name, yes_name) = (named(&label), named(&yes));
    view! {
        <details class="confirm">
            <summary class="button" aria-label=label_name>{label}</summary>
            <form method="post" action=action class="confirm-body">
                <p>{question}</p>
                <button type="submit" class="button danger" aria-label=yes_name>{yes}</button>
            </form>
        </details>
    }
}

//! The public pages are plain HTML forms that post to the server. When a post
//! fails, the server renders the page again with a [`FormFeedback`] in the
//! context: the message, and what the person typed (never the password).

pub use crate::ui::FormMessage;
use leptos::prelude::*;

#[derive(Debug, Clone, Default)]
pub struct FormFeedback {
    pub email: String,
    pub display_name: String,
    /// Free text typed on a form (an education module's feedback).
    pub text: String,
    pub message: Option<FormMessage>,
}

/// Where on a form a message belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Email,
    Password,
    DisplayName,
    /// Not about one field: shown above the submit button.
    Form,
}

impl FormMessage {
    pub fn field(&self) -> Field {
        match self {
            FormMessage::Email(_) | FormMessage::EmailTaken => Field::Email,
            FormMessage::Password(_) | FormMessage::MissingPassword => Field::Password,
            FormMessage::DisplayName(_) => Field::DisplayName,
            _ => Field::Form,
        }
    }
}

/// The feedback of a failed post, if this render is one.
pub fn use_form_feedback() -> FormFeedback {
    use_context::<FormFeedback>().unwrap_or_default()
}

/// One error signal per field, filled from `feedback`.
pub fn error_signal(feedback: &FormFeedback, field: Field) -> RwSignal<Option<FormMessage>> {
    RwSignal::new(feedback.message.clone().filter(|m| m.field() == field))
}

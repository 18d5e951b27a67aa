use crate::api::ErrorCode;
use crate::domain::account::{CredentialsError, RegistrationError};
use crate::domain::{DisplayNameError, EmailError, PasswordError};
use crate::i18n::*;
use leptos::prelude::*;

/// Every message a form can show, so each has a text in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMessage {
    Email(EmailError),
    Password(PasswordError),
    DisplayName(DisplayNameError),
    MissingPassword,
    EmailTaken,
    InvalidCredentials,
    RateLimited,
    /// Too many logins at once on the server (503 busy).
    Busy,
    /// A staff account an admin disabled.
    AccountDisabled,
    /// The server cannot reach or use its database (503).
    Unavailable,
    Network,
    /// A post from another site, refused (CSRF).
    CrossSite,
    /// A form post the server could not read (wrong content type, too big).
    BadForm,
    /// Feedback on an education module that cannot be kept.
    Feedback(crate::domain::learn::FeedbackError),
    /// A message from the server we have no translation for; shown as sent.
    Server(String),
}

impl FormMessage {
    /// Maps an API error code (and its message) to what the form shows.
    pub fn from_api(code: ErrorCode, message: &str) -> Self {
        match code {
            ErrorCode::EmailTaken => FormMessage::EmailTaken,
            ErrorCode::InvalidCredentials => FormMessage::InvalidCredentials,
            ErrorCode::RateLimited => FormMessage::RateLimited,
            ErrorCode::Busy => FormMessage::Busy,
            ErrorCode::AccountDisabled => FormMessage::AccountDisabled,
            ErrorCode::DatabaseUnavailable | ErrorCode::StorageUnavailable => {
                FormMessage::Unavailable
            }
            ErrorCode::Network => FormMessage::Network,
            ErrorCode::CrossSiteRequest => FormMessage::CrossSite,
            ErrorCode::UnsupportedMediaType | ErrorCode::BodyTooLarge | ErrorCode::BadRequest => {
                FormMessage::BadForm
            }
            _ if message.is_empty() => FormMessage::Server(String::new()),
            _ => FormMessage::Server(message.to_owned()),
        }
    }
}

impl From<RegistrationError> for FormMessage {
    fn from(e: RegistrationError) -> Self {
        match e {
            RegistrationError::Email(e) => FormMessage::Email(e),
            RegistrationError::Password(e) => FormMessage::Password(e),
            RegistrationError::DisplayName(e) => FormMessage::DisplayName(e),
            RegistrationError::Language(e) => FormMessage::Server(e.to_string()),
        }
    }
}

impl From<CredentialsError> for FormMessage {
    fn from(e: CredentialsError) -> Self {
        match e {
            CredentialsError::Email(e) => FormMessage::Email(e),
            CredentialsError::MissingPassword => FormMessage::MissingPassword,
            CredentialsError::PasswordTooLong => FormMessage::Password(PasswordError::TooLong),
        }
    }
}

/// The translated text of a [`FormMessage`]. Plain strings rather than
/// views keep the WASM small: one closure instead of one view type per text.
#[component]
pub fn FormMessageText(message: FormMessage) -> impl IntoView {
    let i18n = use_i18n();
    move || -> String {
        let text = match &message {
            FormMessage::Email(EmailError::Empty) => t_string!(i18n, err_email_empty),
            FormMessage::Email(EmailError::TooLong) => t_string!(i18n, err_email_too_long),
            FormMessage::Email(EmailError::BadShape) => t_string!(i18n, err_email_bad_shape),
            FormMessage::Email(EmailError::Invisible) => t_string!(i18n, err_email_invisible),
            FormMessage::Password(PasswordError::TooShort) => {
                t_string!(i18n, err_password_too_short)
            }
            FormMessage::Password(PasswordError::TooLong) => t_string!(i18n, err_password_too_long),
            FormMessage::Password(PasswordError::Repetitive) => {
                t_string!(i18n, err_password_repetitive)
            }
            FormMessage::Password(PasswordError::Sequence) => {
                t_string!(i18n, err_password_sequence)
            }
            FormMessage::Password(PasswordError::Common) => t_string!(i18n, err_password_common),
            FormMessage::Password(PasswordError::ContainsEmail) => {
                t_string!(i18n, err_password_contains_email)
            }
            FormMessage::Password(PasswordError::ControlCharacter) => {
                t_string!(i18n, err_password_control)
            }
            FormMessage::DisplayName(DisplayNameError::TooLong) => {
                t_string!(i18n, err_name_too_long)
            }
            FormMessage::DisplayName(DisplayNameError::Unprintable) => {
                t_string!(i18n, err_name_unprintable)
            }
            FormMessage::DisplayName(DisplayNameError::Invisible) => {
                t_string!(i18n, err_name_invisible)
            }
            FormMessage::MissingPassword => t_string!(i18n, err_missing_password),
            FormMessage::EmailTaken => t_string!(i18n, err_email_taken),
            FormMessage::InvalidCredentials => t_string!(i18n, err_invalid_credentials),
            FormMessage::RateLimited => t_string!(i18n, err_rate_limited),
            FormMessage::Busy => t_string!(i18n, err_busy),
            FormMessage::AccountDisabled => t_string!(i18n, err_account_disabled),
            FormMessage::Unavailable => t_string!(i18n, err_unavailable),
            FormMessage::Network => t_string!(i18n, err_network),
            FormMessage::CrossSite => t_string!(i18n, err_cross_site),
            FormMessage::BadForm => t_string!(i18n, err_bad_form),
            FormMessage::Feedback(crate::domain::learn::FeedbackError::Empty) => {
                t_string!(i18n, learn_feedback_empty)
            }
            FormMessage::Feedback(crate::domain::learn::FeedbackError::TooLong) => {
                t_string!(i18n, learn_feedback_too_long)
            }
            FormMessage::Server(text) if text.is_empty() => t_string!(i18n, err_unknown),
            FormMessage::Server(text) => return text.clone(),
        };
        text.to_owned()
    }
}

/// A labelled input with an optional hint and its error, wired for screen
/// readers (`aria-invalid`, `aria-describedby`).
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: ViewFn,
    value: RwSignal<String>,
    error: RwSignal<Option<FormMessage>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<ViewFn>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label.run()}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint.run()}</p> })}
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                // A form sent back with an error opens on the field to fix
                // (the first one, when several are wrong), with or without
                // scripts.
                autofocus=error.with_untracked(Option::is_some)
                required=required
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                // The page a failed form post renders again keeps what was typed.
                value=value.get_untracked()
                bind:value=value
            />
            <p class="field-error" id=error_id>
                {move || error.get().map(|message| view! { <FormMessageText message /> })}
            </p>
        </div>
    }
}

/// "Show password" for the password field `of`. Rendered hidden: the small
/// plain script `/password.js` brings it out and switches the field between
/// hidden and shown, so a browser without scripts is offered no control that
/// would do nothing. The pages carrying it have no WASM (login, register).
#[component]
pub fn ShowPassword(of: &'static str, #[prop(into)] label: ViewFn) -> impl IntoView {
    let id = format!("{of}-show");
    view! {
        <div class="toggle show-password" hidden data-show-password=of>
            <input type="checkbox" id=id.clone() aria-controls=of />
            <label for=id>{label.run()}</label>
        </div>
        <script src="/password.js" defer></script>
    }
}

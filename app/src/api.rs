//! The JSON shapes of the HTTP API (DESIGN §4), shared by server and client.

use crate::domain::Role;
use crate::domain::account::RegistrationError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/auth/logout`, body optional: the device's push subscription,
/// to remove with the session.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LogoutRequest {
    pub push_endpoint: Option<String>,
}

/// `DELETE /api/account`: the password again, so that a phone left
/// unlocked cannot erase someone's account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserEnvelope {
    pub user: UserSummary,
}

/// `GET /api/me`: who is logged in on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub locale: String,
    #[serde(default)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}
/// Every error code of the API, one word per failure: the server sends
/// them, the client matches on them; the JSON is the snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such API endpoint.
    NotFound,
    /// The endpoint does not take that method.
    MethodNotAllowed,
    /// A state-changing request from another site (CSRF).
    CrossSiteRequest,
    /// Too many attempts; `Retry-After` says when to try again.
    RateLimited,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is not valid JSON.
    MalformedJson,
    /// The JSON has missing, unknown or mistyped fields.
    InvalidFields,
    /// The body is larger than the endpoint takes.
    BodyTooLarge,
    /// Any other malformed request.
    BadRequest,
    /// The database is down or busy: retry later (503).
    DatabaseUnavailable,
    /// The database cannot store (a full disk): retry later (503).
    StorageUnavailable,
    /// Not signed in, or the session ended.
    Unauthenticated,
    /// A fault on the server's side.
    Internal,
    /// Not an email address.
    InvalidEmail,
    /// No password, or one too long.
    InvalidPassword,
    /// A password the rules refuse.
    WeakPassword,
    /// A display name the rules refuse.
    InvalidDisplayName,
    /// A language the app does not have.
    InvalidLocale,
    /// An account with this email exists.
    EmailTaken,
    /// Too many password checks at once: retry in a moment (503).
    Busy,
    /// Wrong email or password (the same answer for both).
    InvalidCredentials,
    /// The device's cursor is ahead of the server's change log.
    CursorAhead,
    /// `device_id` is not a UUID.
    InvalidDeviceId,
    /// More ops than one batch may carry.
    BatchTooLarge,
    /// A cursor this server did not give out.
    InvalidCursor,
    /// The account's role may not use this endpoint (403).
    Forbidden,
    /// Not an invite code (wrong length or characters).
    InvalidInviteCode,
    /// An invite code that does not exist, was used or has expired (the
    /// same answer for all three).
    InviteNotValid,
    /// A patient linked to this therapist already.
    AlreadyLinked,
    /// A note that is empty or too long.
    InvalidNote,
    /// A phase change the programme does not allow.
    InvalidPhaseChange,
    /// A staff account an admin disabled.
    AccountDisabled,
    /// A group's name or meetings the rules refuse.
    InvalidGroup,
    /// A push subscription with a bad endpoint or keys.
    InvalidPushSubscription,
    /// The account has as many of these as one may have (409); the message
    /// names the limit and what to do.
    LimitReached,
    /// The request never reached the server (client side only).
    Network,
    /// A code this client does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::CrossSiteRequest => "cross_site_request",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::StorageUnavailable => "storage_unavailable",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPassword => "invalid_password",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::InvalidDisplayName => "invalid_display_name",
            ErrorCode::InvalidLocale => "invalid_locale",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::Busy => "busy",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::CursorAhead => "cursor_ahead",
            ErrorCode::InvalidDeviceId => "invalid_device_id",
            ErrorCode::BatchTooLarge => "batch_too_large",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidInviteCode => "invalid_invite_code",
            ErrorCode::InviteNotValid => "invite_not_valid",
            ErrorCode::AlreadyLinked => "already_linked",
            ErrorCode::InvalidNote => "invalid_note",
            ErrorCode::InvalidPhaseChange => "invalid_phase_change",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::InvalidGroup => "invalid_group",
            ErrorCode::InvalidPushSubscription => "invalid_push_subscription",
            ErrorCode::LimitReached => "limit_reached",
            ErrorCode::InvalidCursor => "invalid_cursor",
            ErrorCode::Network => "network",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// Every error response: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub db: String,
    pub version: String,
}

/// The code the API uses for a mistake in a registration form.
impl From<&RegistrationError> for ErrorCode {
    fn from(e: &RegistrationError) -> Self {
        match e {
            RegistrationError::Email(_) => ErrorCode::InvalidEmail,
            RegistrationError::Password(_) => ErrorCode::WeakPassword,
            RegistrationError::DisplayName(_) => ErrorCode::InvalidDisplayName,
            RegistrationError::Language(_) => ErrorCode::InvalidLocale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_their_snake_case_names() {
        for code in [
            ErrorCode::CursorAhead,
            ErrorCode::StorageUnavailable,
            ErrorCode::Busy,
        ] {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
            assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), code);
        }
        let newer: ErrorCode =
            serde_json::from_value(serde_json::json!("from_the_future")).unwrap();
        assert_eq!(newer, ErrorCode::Unknown);
    }

    #[test]
    fn each_registration_field_reports_its_own_code() {
        use crate::domain::account::Registration;
        let code = |e: RegistrationError| ErrorCode::from(&e);
        let bad_email = Registration::parse("kari", "fjell og fjord", None, None).unwrap_err();
        assert_eq!(code(bad_email), ErrorCode::InvalidEmail);
        let weak = Registration::parse("kari@example.no", "kort", None, None).unwrap_err();
        assert_eq!(code(weak), ErrorCode::WeakPassword);
        let lang =
            Registration::parse("kari@example.no", "fjell og fjord", None, Some("de")).unwrap_err();
        assert_eq!(code(lang), ErrorCode::InvalidLocale);
    }
}
pub mod care;

/// Web Push: the server's key and a device's subscription.
pub mod push {
    use serde::{Deserialize, Serialize};

    /// `GET /api/push/key`: the `applicationServerKey` for
    /// `pushManager.subscribe`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub struct PushKey {
        pub public_key: String,
    }

    /// `PUT /api/push/subscription`: `PushSubscription.toJSON()` and the
    /// device it belongs to.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    #[serde(deny_unknown_fields)]
    pub struct PushSubscriptionRequest {
        pub endpoint: String,
        pub keys: PushSubscriptionKeys,
        pub device_id: String,
        /// What browsers add to `toJSON()`; ignored.
        #[serde(default, rename = "expirationTime")]
        pub expiration_time: Option<f64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    #[serde(deny_unknown_fields)]
    pub struct PushSubscriptionKeys {
        pub p256dh: String,
        pub auth: String,
    }

    /// `DELETE /api/push/subscription`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    #[serde(deny_unknown_fields)]
    pub struct PushUnsubscribe {
        pub endpoint: String,
    }
}

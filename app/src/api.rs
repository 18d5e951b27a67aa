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

#[cfg(feature = "ssr")]
impl ErrorCode {
    /// The HTTP status the server answers with this code. The few answers
    /// that need another say so where they are made (`ApiError::with_status`).
    pub fn status(self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            ErrorCode::NotFound => S::NOT_FOUND,
            ErrorCode::MethodNotAllowed => S::METHOD_NOT_ALLOWED,
            ErrorCode::CrossSiteRequest | ErrorCode::Forbidden | ErrorCode::AccountDisabled => {
                S::FORBIDDEN
            }
            ErrorCode::RateLimited => S::TOO_MANY_REQUESTS,
            ErrorCode::UnsupportedMediaType => S::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::MalformedJson | ErrorCode::BadRequest => S::BAD_REQUEST,
            ErrorCode::BodyTooLarge | ErrorCode::BatchTooLarge => S::PAYLOAD_TOO_LARGE,
            ErrorCode::DatabaseUnavailable
            | ErrorCode::StorageUnavailable
            | ErrorCode::Busy
            | ErrorCode::Network => S::SERVICE_UNAVAILABLE,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => S::UNAUTHORIZED,
            ErrorCode::Internal | ErrorCode::Unknown => S::INTERNAL_SERVER_ERROR,
            ErrorCode::EmailTaken
            | ErrorCode::CursorAhead
            | ErrorCode::AlreadyLinked
            | ErrorCode::LimitReached => S::CONFLICT,
            ErrorCode::InvalidFields
            | ErrorCode::InvalidEmail
            | ErrorCode::InvalidPassword
            | ErrorCode::WeakPassword
            | ErrorCode::InvalidDisplayName
            | ErrorCode::InvalidLocale
            | ErrorCode::InvalidDeviceId
            | ErrorCode::InvalidInviteCode
            | ErrorCode::InviteNotValid
            | ErrorCode::InvalidNote
            | ErrorCode::InvalidPhaseChange
            | ErrorCode::InvalidGroup
            | ErrorCode::InvalidPushSubscription
            | ErrorCode::InvalidCursor => S::UNPROCESSABLE_ENTITY,
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
    fn an_unknown_code_from_a_newer_server_is_read_as_unknown() {
        let newer: ErrorCode =
            serde_json::from_value(serde_json::json!("from_the_future")).unwrap();
        assert_eq!(newer, ErrorCode::Unknown);
    }

    /// Every code the API document lists (serde's names, as utoipa reads
    /// them) is read back as itself: the names are written once, by serde.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_code_travels_as_its_snake_case_name() {
        let schema = serde_json::to_value(<ErrorCode as utoipa::PartialSchema>::schema()).unwrap();
        let names = schema["enum"].as_array().expect("the codes, listed");
        assert!(names.len() > 30, "{schema}");
        for name in names {
            let code: ErrorCode = serde_json::from_value(name.clone()).unwrap();
            assert_eq!(serde_json::to_value(code).unwrap(), *name);
            assert!(
                code != ErrorCode::Unknown || name == "unknown",
                "{name} is a code of its own"
            );
            let text = name.as_str().unwrap();
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{text} is snake_case"
            );
        }
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

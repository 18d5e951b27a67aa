//! Therapists and their patients: invites, consented links, what a linked
//! therapist may read and change, the access log, and the overview's facts.
//!
//! Every query here is scoped by the signed-in user: a therapist reaches a
//! patient only through a link the patient consented to and has not
//! revoked, and a patient id without such a link is answered exactly like
//! one that does not exist.

pub mod access;
pub mod facts;
pub mod groups;
pub mod limits;
pub mod links;
pub mod listing;
pub mod outcomes;
pub mod overview;
pub mod pathway;
pub mod patient;

use crate::auth::CurrentSession;
use crate::error::ApiError;
use app::api::ErrorCode;
use app::domain::Role;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A signed-in therapist (403 for any other role).
#[derive(Debug, Clone)]
pub struct Therapist(pub CurrentSession);

/// A signed-in patient (403 for any other role).
#[derive(Debug, Clone)]
pub struct Patient(pub CurrentSession);

impl Therapist {
    pub fn id(&self) -> uuid::Uuid {
        self.0.user_id
    }

    /// How the patient's access log and the programme name the therapist.
    pub fn name(&self) -> String {
        let me = &self.0.me;
        me.display_name.clone().unwrap_or_else(|| me.email.clone())
    }
}

fn forbidden(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        format!("Only {what} can do this. Log in with that kind of account."),
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Therapist {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = CurrentSession::from_request_parts(parts, state).await?;
        match session.me.role {
            Role::Therapist => Ok(Self(session)),
            _ => Err(forbidden("a therapist")),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Patient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = CurrentSession::from_request_parts(parts, state).await?;
        match session.me.role {
            Role::Patient => Ok(Self(session)),
            _ => Err(forbidden("a patient")),
        }
    }
}

/// The answer for a patient the therapist may not see, and for one that
/// does not exist: the same, so ids cannot be probed.
pub fn no_such_patient() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "There is no patient with this id among your linked patients.",
    )
}

/// A name for a person: the display name, or the email when none was given.
pub fn name_of(display_name: Option<&str>, email: &str) -> String {
    display_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(email)
        .to_owned()
}

/// Seconds since the epoch as RFC 3339 (UTC).
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

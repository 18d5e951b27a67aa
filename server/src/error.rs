//! The one error type of the JSON API: a status, a stable code and a message a
//! person can act on, sent as `{"error": {"code", "message"}}`.

use crate::db::fault::{Fault, classify};
use app::api::{ErrorBody, ErrorCode, ErrorDetail};
use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Seconds for a `Retry-After` header (503 and 429).
    pub retry_after: Option<u64>,
}

/// Put on a response whose request failed because the database could not
/// store anything, so `/healthz` can report it (see `middleware::write_health`).
#[derive(Debug, Clone, Copy)]
pub struct StorageFault;

/// Put on a response whose request committed a write: writes work again.
#[derive(Debug, Clone, Copy)]
pub struct WriteCommitted;

impl ApiError {
    /// An answer with `code`'s status (`ErrorCode::status`).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: code.status(),
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The same code with another status, where this answer needs one.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The database is down, out of connections or busy: nothing was done,
    /// and the same request a little later will work.
    pub fn database_unavailable() -> Self {
        Self::new(
            ErrorCode::DatabaseUnavailable,
            "The server cannot reach its database just now. Nothing was lost: try again in a moment (the app does so by itself).",
        )
        .retry_after(5)
    }

    /// The database answers but cannot store (disk full, I/O error).
    pub fn storage_unavailable() -> Self {
        Self::new(
            ErrorCode::StorageUnavailable,
            "The server cannot save anything just now. Nothing was saved and nothing was lost: your phone keeps your changes and sends them again later.",
        )
        .retry_after(30)
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::Unauthenticated,
            "You are not logged in, or your session has ended. Log in again.",
        )
    }

    /// A fault on our side. The detail goes to the log, not to the person.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(
            ErrorCode::Internal,
            "Something went wrong on our side. Nothing was changed; try again in a moment.",
        )
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        match classify(&e) {
            Fault::Unavailable => {
                tracing::warn!(error = %e, "database unavailable");
                Self::database_unavailable()
            }
            Fault::CannotStore => {
                tracing::error!(error = %e, "database cannot store");
                Self::storage_unavailable()
            }
            Fault::Other => Self::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Kept on the response so a page's form post can show the refusal
        // as that page (see `routes::forms::html_refusals`).
        let refusal = self.clone();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let storage_fault = self.code == ErrorCode::StorageUnavailable;
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        if storage_fault {
            response.extensions_mut().insert(StorageFault);
        }
        response.extensions_mut().insert(refusal);
        response
    }
}

//! A JSON body extractor whose rejections are API errors, not plain text.

use crate::error::ApiError;
use app::api::ErrorCode;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(rejection_to_error(JsonRejection::MissingJsonContentType(
                Default::default(),
            )));
        }
        // Read within the route's body limit, as `Json` would.
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| rejection_to_error(JsonRejection::BytesRejection(e)))?;
        if holds_nul(&bytes) {
            return Err(ApiError::new(
                ErrorCode::InvalidFields,
                "A text holds the NUL character (\\u0000), which no field may hold. Remove it and send again.",
            ));
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

/// `application/json` or `application/…+json`, as `Json` accepts.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Whether a JSON text holds the escape `\u0000` in a string: no database
/// text column takes NUL (PostgreSQL refuses it), and no field needs it.
/// (A raw NUL byte is not valid JSON at all; the parser refuses it.)
fn holds_nul(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json.get(i + 1) == Some(&b'u') && json.get(i + 2..i + 6) == Some(b"0000") {
                return true;
            }
            // Skip the escaped character (an escaped backslash too).
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

fn rejection_to_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with the header Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "The body is not valid JSON: {}",
                serde_detail(&e.body_text())
            ),
        ),
        JsonRejection::JsonDataError(e) => ApiError::new(
            ErrorCode::InvalidFields,
            format!(
                "The JSON does not have the expected fields: {}",
                serde_detail(&e.body_text())
            ),
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(ErrorCode::BodyTooLarge, "The request body is too large.")
        }
        other => {
            ApiError::new(ErrorCode::BadRequest, other.body_text()).with_status(other.status())
        }
    }
}

/// Axum prefixes serde's message with its own sentence; keep serde's part,
/// which names the field and what was wrong with it.
fn serde_detail(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, detail)| detail)
}

#[cfg(test)]
mod tests {
    use super::holds_nul;

    #[test]
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(holds_nul(br#"{"endpoint": "a\u0000b"}"#));
        assert!(holds_nul(br#"["\"\u0000"]"#));
        assert!(!holds_nul(br#"{"endpoint": "a\\u0000b"}"#));
        assert!(!holds_nul(br#"{"n": "\u0001 \u00e5"}"#));
        assert!(!holds_nul(b"{}"));
    }
}

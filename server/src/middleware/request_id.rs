//! A client may send its own `X-Request-Id` (a proxy or a phone tying its
//! retries together). It is kept, logged and echoed only when it looks like
//! an id: 8 to 64 letters, digits, `-` or `_`. Anything else (a line break
//! forged into the log, a kilobyte of text, someone's email) is dropped, and
//! the server makes a UUID of its own.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub const HEADER: &str = "x-request-id";

pub async fn drop_malformed(mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let keep = headers.get_all(HEADER).iter().count() == 1
        && headers
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_well_formed);
    if !keep {
        request.headers_mut().remove(HEADER);
    }
    next.run(request).await
}

pub fn is_well_formed(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_proxies_and_uuids_are_kept() {
        assert!(is_well_formed("0b5e8c1e-3f4a-4c1b-9a57-1c2d3e4f5a6b"));
        assert!(is_well_formed("7f3a9c0d2e1b4a5f8c6d7e0f1a2b3c4d"));
        assert!(is_well_formed("req_12345678"));
    }

    #[test]
    fn anything_else_is_dropped() {
        for id in [
            "",
            "short",
            "kari@example.no",
            "abc def ghi",
            "line\r\nforged=1",
            "ø-is-not-ascii-at-all",
            &"a".repeat(65),
        ] {
            assert!(!is_well_formed(id), "{id:?}");
        }
    }
}

//! Cross-site request forgery protection: a state-changing request must come
//! from our own origin. Browsers say where a request comes from in
//! `Sec-Fetch-Site` (and `Origin`); clients that send neither (curl, the
//! tests) are not browsers and carry no ambient cookies of a victim.

use crate::error::ApiError;
use app::api::ErrorCode;
use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if is_safe(request.method()) || comes_from_same_origin(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
        let mut response = ApiError::new(ErrorCode::CrossSiteRequest, "This request came from another site and was refused. Use Knip's own pages to make changes.",
        )
        .into_response();
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
        response
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn comes_from_same_origin(headers: &HeaderMap) -> bool {
    // One of each at most: a request with two `Origin` headers was forged
    // or mangled, and which of them a check reads is anyone's guess.
    if headers.get_all(ORIGIN).iter().count() > 1
        || headers.get_all("sec-fetch-site").iter().count() > 1
    {
        return false;
    }
    // An origin a browser names must be ours, whatever else it says
    // (`Sec-Fetch-Site: none` with a foreign `Origin` is not a bookmark).
    // `null` is what a browser sends for its own pages' posts under our
    // `Referrer-Policy: no-referrer`, so it counts only with fetch metadata.
    let origin = headers.get(ORIGIN).map(|o| o.to_str().unwrap_or(""));
    if let Some(origin) = origin
        && origin != "null"
        && !origin_is_host(origin, headers)
    {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    // No fetch metadata: an old browser (then the origin must be ours) or
    // not a browser at all (no origin, no ambient cookies of a victim).
    origin.is_none_or(|o| o != "null")
}

fn origin_is_host(origin: &str, headers: &HeaderMap) -> bool {
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(comes_from_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!comes_from_same_origin(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!comes_from_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
    }

    #[test]
    fn origin_must_match_host() {
        assert!(comes_from_same_origin(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!comes_from_same_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!comes_from_same_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn two_origins_or_two_fetch_sites_are_refused() {
        let mut map = headers(&[("host", "127.0.0.1:3000")]);
        map.append(ORIGIN, HeaderValue::from_static("http://127.0.0.1:3000"));
        map.append(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!comes_from_same_origin(&map));
        let mut map = HeaderMap::new();
        map.append("sec-fetch-site", HeaderValue::from_static("same-origin"));
        map.append("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!comes_from_same_origin(&map));
    }

    #[test]
    fn a_foreign_origin_is_refused_whatever_fetch_metadata_says() {
        for site in ["none", "same-origin"] {
            assert!(!comes_from_same_origin(&headers(&[
                ("sec-fetch-site", site),
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ])));
        }
    }

    #[test]
    fn our_pages_posts_under_no_referrer_pass() {
        // Chromium sends `Origin: null` for a same-origin form post when
        // the page's referrer policy is `no-referrer`.
        assert!(comes_from_same_origin(&headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(comes_from_same_origin(&headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn non_browser_clients_pass() {
        assert!(comes_from_same_origin(&HeaderMap::new()));
    }
}

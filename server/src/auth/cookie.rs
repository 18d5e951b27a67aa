//! The session cookie: `HttpOnly`, `SameSite=Strict`, `Path=/`, and with
//! secure cookies on, `Secure` and the `__Host-` prefix.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

const PLAIN_NAME: &str = "knip_session";
const HOST_NAME: &str = "__Host-knip_session";

pub fn name(secure: bool) -> &'static str {
    if secure { HOST_NAME } else { PLAIN_NAME }
}

pub fn set(secure: bool, token: &str, max_age_secs: u64) -> String {
    set_named(name(secure), secure, token, max_age_secs)
}

/// A `Set-Cookie` value with this app's flags (`HttpOnly`, `SameSite=Strict`,
/// `Path=/`, and `Secure` with secure cookies) for the cookie `name`.
pub fn set_named(name: &str, secure: bool, value: &str, max_age_secs: u64) -> String {
    let mut cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}");
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

pub fn clear(secure: bool) -> String {
    set(secure, "", 0)
}

/// The session token the request carries, if any.
pub fn token_from(headers: &HeaderMap, secure: bool) -> Option<String> {
    value_from(headers, name(secure))
}

/// The value of the cookie `wanted` the request carries, if any and not empty.
pub fn value_from(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn secure_cookies_get_the_host_prefix_and_flags() {
        let c = set(true, "abc", 60);
        assert!(c.starts_with("__Host-knip_session=abc;"));
        for flag in [
            "Path=/",
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Max-Age=60",
        ] {
            assert!(c.contains(flag), "{flag} missing in {c}");
        }
        assert!(!set(false, "abc", 60).contains("Secure"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("i18n_pref_locale=nn; knip_session=tok123"),
        );
        assert_eq!(token_from(&headers, false).as_deref(), Some("tok123"));
        assert_eq!(token_from(&headers, true), None);
    }
}

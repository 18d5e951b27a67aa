//! A device's push subscription, parsed at the edge: an endpoint the push
//! service gave (an http(s) URL without credentials; where it may lead is
//! checked by `address::Destinations`, which looks its host up), the
//! browser's P-256 public key and its 16-byte auth secret, both base64url
//! as `PushSubscription.toJSON()` gives them.

use base64ct::{Base64UrlUnpadded, Encoding};

/// Longer than any push service's endpoint.
const MAX_ENDPOINT: usize = 2048;

/// The most devices one account keeps subscribed; the oldest goes first.
pub const MAX_DEVICES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: url::Url,
    /// The browser's public key, base64url (65 bytes: an uncompressed point).
    pub p256dh: String,
    /// The auth secret, base64url (16 bytes).
    pub auth: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubscriptionError {
    #[error(
        "endpoint must be the https address the browser's push service gave, at most 2048 characters."
    )]
    Endpoint,
    #[error("keys.p256dh must be the browser's P-256 public key, base64url (65 bytes).")]
    PublicKey,
    #[error("keys.auth must be the browser's auth secret, base64url (16 bytes).")]
    Auth,
}

impl Subscription {
    pub fn parse(endpoint: &str, p256dh: &str, auth: &str) -> Result<Self, SubscriptionError> {
        if endpoint.len() > MAX_ENDPOINT {
            return Err(SubscriptionError::Endpoint);
        }
        let endpoint = url::Url::parse(endpoint).map_err(|_| SubscriptionError::Endpoint)?;
        let web = matches!(endpoint.scheme(), "https" | "http");
        if !web
            || endpoint.host_str().is_none()
            || !endpoint.username().is_empty()
            || endpoint.password().is_some()
        {
            return Err(SubscriptionError::Endpoint);
        }
        let key = decode(p256dh).ok_or(SubscriptionError::PublicKey)?;
        if p256::PublicKey::from_sec1_bytes(&key).is_err() || key.len() != 65 {
            return Err(SubscriptionError::PublicKey);
        }
        if decode(auth).is_none_or(|a| a.len() != 16) {
            return Err(SubscriptionError::Auth);
        }
        Ok(Subscription {
            endpoint,
            p256dh: p256dh.trim_end_matches('=').to_owned(),
            auth: auth.trim_end_matches('=').to_owned(),
        })
    }
}

/// base64url, with or without padding, of at most a few hundred bytes.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() > 200 {
        return None;
    }
    Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::sec1::ToEncodedPoint;

    fn browser_key() -> String {
        let secret = p256::SecretKey::from_slice(&[7u8; 32]).unwrap();
        Base64UrlUnpadded::encode_string(secret.public_key().to_encoded_point(false).as_bytes())
    }

    const AUTH: &str = "AAECAwQFBgcICQoLDA0ODw";

    #[test]
    fn a_subscription_is_an_https_endpoint_and_the_browsers_keys() {
        let s = Subscription::parse(
            "https://fcm.googleapis.com/fcm/send/abc",
            &browser_key(),
            AUTH,
        )
        .unwrap();
        assert_eq!(s.endpoint.host_str(), Some("fcm.googleapis.com"));
        // Where it leads is for `address` to say, after a look-up.
        assert!(Subscription::parse("http://127.0.0.1:4000/push/1", &browser_key(), AUTH).is_ok());
    }

    #[test]
    fn anything_else_is_refused_naming_the_field() {
        let key = browser_key();
        for endpoint in [
            "",
            "not a url",
            "ftp://push.example.net/x",
            "mailto:push@example.net",
            "https://user:pw@push.example.net/x",
            "https://:pw@push.example.net/x",
            &format!("https://push.example.net/{}", "a".repeat(2048)),
        ] {
            assert_eq!(
                Subscription::parse(endpoint, &key, AUTH),
                Err(SubscriptionError::Endpoint),
                "{endpoint}"
            );
        }
        let endpoint = "https://push.example.net/x";
        for bad_key in ["", "abc", "!!!!", &key[..40], &"A".repeat(87)] {
            assert_eq!(
                Subscription::parse(endpoint, bad_key, AUTH),
                Err(SubscriptionError::PublicKey),
                "{bad_key}"
            );
        }
        for bad_auth in [
            "",
            "AAECAwQFBgcICQoLDA0O",
            "AAECAwQFBgcICQoLDA0ODxAR",
            "%%%",
        ] {
            assert_eq!(
                Subscription::parse(endpoint, &key, bad_auth),
                Err(SubscriptionError::Auth),
                "{bad_auth}"
            );
        }
    }
}

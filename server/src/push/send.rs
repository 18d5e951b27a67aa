//! Sending one notification to one device: the payload encrypted for that
//! browser (RFC 8291, aes128gcm, by `web-push-native`), with the server's
//! VAPID token, posted to the push service. An endpoint that answers 404 or
//! 410 is gone for good (the browser unsubscribed, the app was removed): its
//! subscription is deleted, never tried again.
//!
//! Nothing here says which endpoint failed: an endpoint is an address
//! with a secret path (whoever has it can push to the phone), so it stays
//! out of the logs, reqwest's errors included (they carry the URL).

use super::address::Destinations;
use super::subscription::decode;
use super::vapid::Vapid;
use crate::db::entities::push::push_subscription;
use std::time::Duration;
use web_push_native::{Auth, WebPushBuilder};

/// How long the push service keeps trying a phone that is off: a reminder
/// that arrives hours late is no use.
const TTL: Duration = Duration::from_secs(30 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// 404 or 410: remove the subscription.
    Gone,
    /// The endpoint breaks the address rules as it stands (its scheme, or
    /// a host that is an address that is not public): remove it, no
    /// connection was made. One whose name leads to a private address is
    /// [`Delivery::Failed`] like any other that cannot be reached, so that
    /// what happens to a subscription says nothing about the server's own
    /// network.
    Refused,
    Failed(Failure),
}

/// Why a push did not arrive, in words fit for the log (no URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("the payload could not be encrypted")]
    Encrypt,
    #[error("the push service answered {0}")]
    Status(u16),
    #[error("the push service did not answer in time")]
    Timeout,
    #[error("no connection to the push service (or its address is not public)")]
    Connect,
    #[error("the request to the push service failed")]
    Request,
}

pub async fn send(
    client: &reqwest::Client,
    destinations: &Destinations,
    vapid: &Vapid,
    subscription: &push_subscription::Model,
    payload: &[u8],
) -> Delivery {
    let (Ok(endpoint), Some(key), Some(auth)) = (
        url::Url::parse(&subscription.endpoint),
        decode(&subscription.p256dh).and_then(|k| p256::PublicKey::from_sec1_bytes(&k).ok()),
        decode(&subscription.auth).filter(|a| a.len() == 16),
    ) else {
        // Stored before the rules changed and unusable now.
        return Delivery::Gone;
    };
    if destinations.check_literal(&endpoint).is_err() {
        return Delivery::Refused;
    }
    let Ok(uri) = endpoint.as_str().parse() else {
        return Delivery::Gone;
    };
    let request = match WebPushBuilder::new(uri, key, Auth::clone_from_slice(&auth))
        .with_valid_duration(TTL)
        .build(payload.to_vec())
    {
        Ok(request) => request,
        Err(_) => return Delivery::Failed(Failure::Encrypt),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (parts, body) = request.into_parts();
    let mut outgoing = client
        .post(endpoint.as_str())
        .header("authorization", vapid.authorization(&endpoint, now))
        .header("urgency", "normal")
        .body(body);
    for (name, value) in &parts.headers {
        outgoing = outgoing.header(name.as_str(), value.as_bytes());
    }
    match outgoing.send().await {
        Ok(response) if response.status().is_success() => Delivery::Sent,
        Ok(response) if matches!(response.status().as_u16(), 404 | 410) => Delivery::Gone,
        Ok(response) => Delivery::Failed(Failure::Status(response.status().as_u16())),
        Err(e) if e.is_timeout() => Delivery::Failed(Failure::Timeout),
        Err(e) if e.is_connect() => Delivery::Failed(Failure::Connect),
        Err(_) => Delivery::Failed(Failure::Request),
    }
}

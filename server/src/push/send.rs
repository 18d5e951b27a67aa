//! Sending one notification to one device: the payload encrypted for that
//! browser (RFC 8291, aes128gcm, by `web-push-native`), with the server's
//! VAPID token, posted to the push service. An endpoint that answers 404 or
//! 410 is gone for good (the browser unsubscribed, the app was removed): its
//! subscription is deleted, never tried again.

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
    Failed(String),
}

pub async fn send(
    client: &reqwest::Client,
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
    let Ok(uri) = endpoint.as_str().parse() else {
        return Delivery::Gone;
    };
    let request = match WebPushBuilder::new(uri, key, Auth::clone_from_slice(&auth))
        .with_valid_duration(TTL)
        .build(payload.to_vec())
    {
        Ok(request) => request,
        Err(e) => return Delivery::Failed(format!("could not encrypt: {e}")),
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
        Ok(response) => {
            Delivery::Failed(format!("the push service answered {}", response.status()))
        }
        Err(e) => Delivery::Failed(format!("the push service did not answer: {e}")),
    }
}

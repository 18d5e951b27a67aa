//! Whose address a request is counted against (the password rate limit).
//! Directly on the internet it is the TCP peer's. Behind a reverse proxy
//! every request comes from the proxy, so the proxy's `X-Forwarded-For`
//! names the client; but anyone can send that header, so it is read only
//! when the peer is a proxy the deployment named (`KNIP_TRUSTED_PROXIES`),
//! and then from the right: the last address no trusted proxy wrote is the
//! client's, whatever the client put in front of it.

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;

/// The client's address, given the peer, the request's headers and the
/// trusted proxies.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // A hop a proxy wrote that is not an address: stop at what we know.
        let Ok(ip) = hop.parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    client
}

/// The rate limiter's key: [`client_ip`].
#[derive(Debug, Clone)]
pub struct ClientIpKeyExtractor {
    pub trusted: Arc<[IpAddr]>,
}

impl KeyExtractor for ClientIpKeyExtractor {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        Ok(client_ip(peer, request.headers(), &self.trusted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            client_ip(ip("198.51.100.1"), &headers, &[]),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
        let proxy = ip("10.0.0.2");
        // The client sent a forged address first; the proxy appended the real one.
        let headers = forwarded(&["1.2.3.4, 203.0.113.7"]);
        assert_eq!(client_ip(proxy, &headers, &[proxy]), ip("203.0.113.7"));
        // Two proxies in a row, the header split over two lines.
        let inner = ip("10.0.0.3");
        let headers = forwarded(&["1.2.3.4, 203.0.113.7", "10.0.0.3"]);
        assert_eq!(
            client_ip(proxy, &headers, &[proxy, inner]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_proxy_without_the_header_or_with_garbage_counts_as_itself() {
        let proxy = ip("10.0.0.2");
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
        let headers = forwarded(&["203.0.113.7, not-an-address"]);
        assert_eq!(client_ip(proxy, &headers, &[proxy]), proxy);
    }

    #[test]
    fn an_untrusted_peer_cannot_pose_as_a_proxy() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            client_ip(ip("198.51.100.1"), &headers, &[ip("10.0.0.2")]),
            ip("198.51.100.1")
        );
    }
}

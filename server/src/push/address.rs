//! Where a push may go: only to an https endpoint on the public internet.
//!
//! A subscription's endpoint is whatever the phone sent, so without these
//! rules the server would post to any address it can reach (its own
//! loopback ports, the private network, the cloud's metadata service) and
//! report back, through 404/410 removing the subscription, what answered.
//! Three checks close that (issue #27, item 7):
//!
//! - when a phone subscribes, the endpoint's host is looked up and every
//!   address it has must be public ([`Destinations::check`]);
//! - when a reminder is sent, every name the HTTP client looks up goes
//!   through [`Destinations`] as its resolver, so the address actually
//!   connected to is checked again (a name may point elsewhere by then);
//! - an endpoint whose host is an IP address is never looked up (reqwest
//!   connects to it straight away), so it is checked before sending
//!   ([`Destinations::check_literal`]).
//!
//! The push client follows no redirects and uses no proxy, so nothing
//! connects on its behalf to an address these checks did not see.
//!
//! Loopback is allowed only when the operator turns on
//! `KNIP_PUSH_ALLOW_LOOPBACK` (off by default), for tests and local
//! development with a push service on the same machine; plain http only then
//! and only to a loopback host.

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A name's addresses, or why there are none.
pub type Looked = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Looks a host name up (the system's resolver in the server; a fixed table
/// in tests, so no test asks a DNS server anything).
pub trait Lookup: Send + Sync + 'static {
    fn lookup(&self, host: String) -> Looked;
}

/// The operating system's resolver (`getaddrinfo`, through tokio).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: String) -> Looked {
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    }
}

/// A fixed table of names and their addresses; any other name is not found.
/// For tests: the answer is whatever the test needs, without a DNS server.
#[derive(Debug, Default, Clone)]
pub struct FixedNames(std::collections::HashMap<String, Vec<IpAddr>>);

impl FixedNames {
    pub fn with(mut self, name: &str, addresses: &[IpAddr]) -> Self {
        self.0.insert(name.to_ascii_lowercase(), addresses.to_vec());
        self
    }
}

impl Lookup for FixedNames {
    fn lookup(&self, host: String) -> Looked {
        let found = self.0.get(&host.to_ascii_lowercase()).cloned();
        Box::pin(async move {
            found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such name"))
        })
    }
}

/// How long a look-up at subscribe time may take before the endpoint is
/// refused (the phone may try again).
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Why an endpoint is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("endpoint must be an https address.")]
    Scheme,
    /// Not found and not public are one answer, so that subscribing cannot
    /// be used to learn which names exist on the server's own network.
    #[error(
        "endpoint must lead to a push service on the public internet; this address is on a private, local or reserved network, or its name could not be found."
    )]
    NotPublic,
}

/// The rules for where a push may go, and the resolver that applies them
/// to every connection the push client makes.
#[derive(Clone)]
pub struct Destinations {
    lookup: Arc<dyn Lookup>,
    loopback: bool,
}

impl Destinations {
    /// Public addresses only, and loopback too when `loopback` (the
    /// `KNIP_PUSH_ALLOW_LOOPBACK` setting, for tests).
    pub fn new(lookup: Arc<dyn Lookup>, loopback: bool) -> Self {
        Self { lookup, loopback }
    }

    pub fn allows(&self, ip: IpAddr) -> bool {
        is_public(ip) || self.loopback && ip.to_canonical().is_loopback()
    }

    /// The check when a phone subscribes: the scheme, and every address the
    /// host has (one private address among public ones is enough to refuse:
    /// no push service's name points into a private network).
    pub async fn check(&self, endpoint: &url::Url) -> Result<(), Refused> {
        self.check_scheme(endpoint)?;
        let addresses = match literal(endpoint) {
            Some(ip) => vec![ip],
            None => {
                let host = endpoint.host_str().ok_or(Refused::NotPublic)?.to_owned();
                match tokio::time::timeout(LOOKUP_TIMEOUT, self.lookup.lookup(host)).await {
                    Ok(Ok(found)) => found,
                    _ => return Err(Refused::NotPublic),
                }
            }
        };
        if addresses.is_empty() || !addresses.iter().all(|ip| self.allows(*ip)) {
            return Err(Refused::NotPublic);
        }
        Ok(())
    }

    /// The check before a send, of what needs no look-up: the scheme, and
    /// the host when it is an IP address (reqwest connects to one without
    /// asking the resolver). A named host is checked by the resolver.
    pub fn check_literal(&self, endpoint: &url::Url) -> Result<(), Refused> {
        self.check_scheme(endpoint)?;
        match literal(endpoint) {
            Some(ip) if !self.allows(ip) => Err(Refused::NotPublic),
            _ => Ok(()),
        }
    }

    /// https; plain http only with the loopback allowance, to a loopback
    /// host (a push service on this machine, in tests).
    fn check_scheme(&self, endpoint: &url::Url) -> Result<(), Refused> {
        let loopback_host = match endpoint.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.to_canonical().is_loopback(),
            None => return Err(Refused::NotPublic),
        };
        match endpoint.scheme() {
            "https" => Ok(()),
            "http" if self.loopback && loopback_host => Ok(()),
            _ => Err(Refused::Scheme),
        }
    }
}

/// The endpoint's host as an IP address, when it is one. The URL parser
/// already turned the odd IPv4 spellings (`127.1`, `2130706433`, `0x7f.1`,
/// `0177.0.0.1`) into the address for an http(s) URL; a host it kept as a
/// name but that still reads as an address is taken as one too.
fn literal(endpoint: &url::Url) -> Option<IpAddr> {
    match endpoint.host()? {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(name) => name.trim_end_matches('.').parse().ok(),
    }
}

/// The push client's resolver: a name whose addresses are not all allowed
/// is refused, so no connection is made to it.
impl reqwest::dns::Resolve for Destinations {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let rules = self.clone();
        let looked = self.lookup.lookup(name.as_str().to_owned());
        Box::pin(async move {
            let found = looked.await?;
            if found.is_empty() || !found.iter().all(|ip| rules.allows(*ip)) {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "not a public address",
                )
                .into());
            }
            let addrs: reqwest::dns::Addrs =
                Box::new(found.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// IPv4 blocks that are not the public internet (our rule: the IANA IPv4
/// Special-Purpose Address Registry's blocks that are not globally
/// reachable, plus the cloud metadata addresses), as (first address, prefix
/// length).
const V4_NOT_PUBLIC: [([u8; 4], u8); 16] = [
    ([0, 0, 0, 0], 8),        // "this network" (RFC 791), with 0.0.0.0
    ([10, 0, 0, 0], 8),       // private (RFC 1918)
    ([100, 64, 0, 0], 10),    // carrier-grade NAT (RFC 6598); Alibaba's metadata 100.100.100.200
    ([127, 0, 0, 0], 8),      // loopback (RFC 1122)
    ([169, 254, 0, 0], 16),   // link-local (RFC 3927): AWS, GCP, Azure metadata 169.254.169.254
    ([172, 16, 0, 0], 12),    // private
    ([192, 0, 0, 0], 24),     // IETF protocol assignments (RFC 6890); Oracle's metadata 192.0.0.192
    ([192, 0, 2, 0], 24),     // documentation TEST-NET-1 (RFC 5737)
    ([192, 88, 99, 0], 24),   // 6to4 relay anycast (RFC 7526)
    ([192, 168, 0, 0], 16),   // private
    ([198, 18, 0, 0], 15),    // benchmarking (RFC 2544)
    ([198, 51, 100, 0], 24),  // documentation TEST-NET-2
    ([203, 0, 113, 0], 24),   // documentation TEST-NET-3
    ([224, 0, 0, 0], 4),      // multicast (RFC 5771)
    ([240, 0, 0, 0], 4),      // reserved (RFC 1112), with broadcast 255.255.255.255
    ([168, 63, 129, 16], 32), // Azure's host endpoint (WireServer), reachable from its VMs
];

fn v4_is_public(ip: Ipv4Addr) -> bool {
    let bits = u32::from(ip);
    !V4_NOT_PUBLIC.iter().any(|(first, len)| {
        let mask = u32::MAX << (32 - u32::from(*len));
        bits & mask == u32::from(Ipv4Addr::from(*first))
    })
}

fn v6_is_public(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // An IPv4 address written as IPv6 (RFC 4291 §2.5.5.2), through NAT64's
    // well-known prefix 64:ff9b::/96 (RFC 6052) or in 6to4's 2002::/16
    // (RFC 3056): whatever IPv4 address it carries decides.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_is_public(v4);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return v4_is_public(Ipv4Addr::from(u128::from(ip) as u32));
    }
    if s[0] == 0x2002 {
        let [a, b] = s[1].to_be_bytes();
        let [c, d] = s[2].to_be_bytes();
        return v4_is_public(Ipv4Addr::new(a, b, c, d));
    }
    // Only 2000::/3 is global unicast (RFC 4291); outside it are the
    // unspecified ::, loopback ::1, IPv4-compatible ::/96, local NAT64
    // 64:ff9b:1::/48, discard 100::/64, unique-local fc00::/7 (AWS's
    // metadata fd00:ec2::254), link-local fe80::/10, site-local fec0::/10
    // and multicast ff00::/8.
    let global_unicast = s[0] & 0xe000 == 0x2000;
    // Within it: IETF protocol assignments 2001::/23 (Teredo 2001::/32,
    // which hides an IPv4 address, among them) and documentation
    // 2001:db8::/32 (RFC 3849) and 3fff::/20 (RFC 9637).
    let protocol = s[0] == 0x2001 && s[1] < 0x0200;
    let documentation = s[0] == 0x2001 && s[1] == 0x0db8 || s[0] == 0x3fff && s[1] < 0x1000;
    global_unicast && !protocol && !documentation
}

/// Whether `ip` is on the public internet: a push may go there.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_is_public(v4),
        IpAddr::V6(v6) => v6_is_public(v6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn every_special_ipv4_block_is_refused_at_both_ends_and_its_neighbours_are_public() {
        for (first, len) in V4_NOT_PUBLIC {
            let start = u32::from(Ipv4Addr::from(first));
            let size = 1u64 << (32 - u32::from(len));
            let end = (u64::from(start) + size - 1) as u32;
            for inside in [start, end, start + (size / 2) as u32] {
                let v4 = Ipv4Addr::from(inside);
                assert!(!is_public(IpAddr::V4(v4)), "{v4} is in {first:?}/{len}");
            }
            for outside in [start.checked_sub(1), end.checked_add(1)]
                .into_iter()
                .flatten()
            {
                let v4 = Ipv4Addr::from(outside);
                if !V4_NOT_PUBLIC.iter().any(|(f, l)| {
                    let mask = u32::MAX << (32 - u32::from(*l));
                    outside & mask == u32::from(Ipv4Addr::from(*f))
                }) {
                    assert!(is_public(IpAddr::V4(v4)), "{v4} borders {first:?}/{len}");
                }
            }
        }
    }

    #[test]
    fn the_addresses_named_in_the_report_are_refused() {
        for text in [
            "127.0.0.1",
            "127.255.255.254",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254", // AWS, GCP, Azure, DigitalOcean, OpenStack metadata
            "169.254.170.2",   // AWS ECS task metadata
            "100.64.0.1",
            "100.100.100.200", // Alibaba metadata
            "100.127.255.255",
            "192.0.0.192", // Oracle metadata
            "168.63.129.16",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "198.19.255.255",
            "192.88.99.1",
            "240.0.0.1",
        ] {
            assert!(!is_public(ip(text)), "{text}");
        }
    }

    #[test]
    fn ordinary_public_addresses_are_allowed() {
        for text in [
            "8.8.8.8",
            "1.1.1.1",
            "142.250.74.138", // fcm.googleapis.com once
            "100.63.255.255", // just below carrier-grade NAT
            "100.128.0.0",    // just above
            "172.15.255.255",
            "172.32.0.0",
            "169.253.255.255",
            "192.0.1.255",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2a00:1450:4010:c0e::5f", // a Google IPv6 address
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:200::1", // just past 2001::/23
            "3fff:1000::1",
        ] {
            assert!(is_public(ip(text)), "{text}");
        }
    }

    #[test]
    fn every_special_ipv6_block_and_every_ipv4_inside_ipv6_form_of_one_is_refused() {
        for text in [
            "::",
            "::1",
            "::127.0.0.1",      // IPv4-compatible (deprecated)
            "::ffff:127.0.0.1", // IPv4-mapped loopback
            "::ffff:7f00:1",    // the same, in hex
            "::ffff:10.0.0.1",  // mapped private
            "::ffff:169.254.169.254",
            "::ffff:100.64.0.1",
            "::ffff:0.0.0.0",
            "64:ff9b::7f00:1",    // NAT64 of 127.0.0.1
            "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
            "64:ff9b:1::808:808", // local-use NAT64 (RFC 8215)
            "2002:7f00:1::",      // 6to4 of 127.0.0.1
            "2002:a00:1::1",      // 6to4 of 10.0.0.1
            "2002:a9fe:a9fe::",   // 6to4 of 169.254.169.254
            "100::1",             // discard-only
            "2001::1",            // Teredo
            "2001:1::1",
            "2001:1ff:ffff::1", // end of 2001::/23
            "2001:db8::1",      // documentation
            "3fff::1",          // documentation (RFC 9637)
            "3fff:fff:ffff::1",
            "fc00::1",       // unique-local
            "fd00:ec2::254", // AWS metadata over IPv6
            "fdff:ffff::1",
            "fe80::1", // link-local
            "febf:ffff::1",
            "fec0::1", // site-local (deprecated)
            "ff02::1", // multicast
            "ff05::2",
            "4000::1", // beyond 2000::/3: unassigned
            "5f00::1", // SRv6
        ] {
            assert!(!is_public(ip(text)), "{text}");
        }
    }

    #[test]
    fn the_url_parser_turns_odd_ipv4_spellings_into_the_address() {
        // WHATWG URL host parsing (the `url` crate, which reqwest uses):
        // a host that ends in a number is an IPv4 address in any of these
        // spellings, so the rules see 127.0.0.1, not a name.
        for spelling in [
            "127.1",
            "2130706433",
            "0x7f.1",
            "0x7f000001",
            "0177.0.0.1",
            "127.0.0.1.",
            "127.000.000.001",
            "0x7F.0.0.1",
        ] {
            let url = url::Url::parse(&format!("https://{spelling}/push")).unwrap();
            assert_eq!(
                url.host(),
                Some(url::Host::Ipv4(Ipv4Addr::LOCALHOST)),
                "{spelling}"
            );
            assert_eq!(literal(&url), Some(ip("127.0.0.1")), "{spelling}");
        }
        let mapped = url::Url::parse("https://[::ffff:127.0.0.1]/push").unwrap();
        assert_eq!(literal(&mapped), Some(ip("::ffff:7f00:1")));
        let compressed = url::Url::parse("https://[0:0:0:0:0:0:0:1]/push").unwrap();
        assert_eq!(compressed.host_str(), Some("[::1]"));
    }

    fn rules(names: FixedNames, loopback: bool) -> Destinations {
        Destinations::new(Arc::new(names), loopback)
    }

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_subscription_must_lead_only_to_public_addresses() {
        let names = FixedNames::default()
            .with("push.example.net", &[ip("203.0.114.1")])
            .with("both.example.net", &[ip("203.0.114.1"), ip("10.0.0.1")])
            .with("inside.example.net", &[ip("127.0.0.1")])
            .with("v6inside.example.net", &[ip("::1")])
            .with("metadata.google.internal", &[ip("169.254.169.254")])
            .with("mapped.example.net", &[ip("::ffff:192.168.0.1")])
            .with("empty.example.net", &[])
            .with("localhost", &[ip("127.0.0.1"), ip("::1")]);
        let public = rules(names.clone(), false);
        assert_eq!(
            public.check(&url("https://push.example.net/a")).await,
            Ok(())
        );
        assert_eq!(
            public.check(&url("https://PUSH.example.net:8443/a")).await,
            Ok(())
        );
        for refused in [
            "https://both.example.net/a",
            "https://inside.example.net/a",
            "https://v6inside.example.net/a",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://mapped.example.net/a",
            "https://empty.example.net/a",
            "https://unknown.example.net/a",
            "https://localhost/a",
            "https://localhost:4000/a",
            "https://[::1]/a",
            "https://127.1/a",
            "https://2130706433/a",
            "https://0x7f.1/a",
            "https://10.0.0.1/a",
            "https://169.254.169.254/latest/meta-data/",
            "https://[fd00:ec2::254]/a",
            "https://[::ffff:a9fe:a9fe]/a",
        ] {
            assert_eq!(
                public.check(&url(refused)).await,
                Err(Refused::NotPublic),
                "{refused}"
            );
        }
        for refused in [
            "http://push.example.net/a",
            "http://127.0.0.1:4000/a",
            "http://localhost:4000/a",
            "ftp://push.example.net/a",
        ] {
            assert_eq!(
                public.check(&url(refused)).await,
                Err(Refused::Scheme),
                "{refused}"
            );
        }
        // With the allowance for tests: loopback, by https or plain http,
        // and nothing else more.
        let tests = rules(names, true);
        for allowed in [
            "http://127.0.0.1:4000/a",
            "http://[::1]:4000/a",
            "http://localhost:4000/a",
            "https://inside.example.net/a",
            "https://v6inside.example.net/a",
        ] {
            assert_eq!(tests.check(&url(allowed)).await, Ok(()), "{allowed}");
        }
        assert_eq!(
            tests.check(&url("http://inside.example.net/a")).await,
            Err(Refused::Scheme)
        );
        assert_eq!(
            tests.check(&url("http://push.example.net/a")).await,
            Err(Refused::Scheme)
        );
        assert_eq!(
            tests.check(&url("https://10.0.0.1/a")).await,
            Err(Refused::NotPublic)
        );
        assert_eq!(
            tests.check(&url("https://both.example.net/a")).await,
            Err(Refused::NotPublic)
        );
    }

    #[test]
    fn before_a_send_an_address_host_is_checked_without_a_look_up() {
        let public = rules(FixedNames::default(), false);
        for refused in [
            "https://127.1/a",
            "https://[::1]/a",
            "https://10.0.0.1/a",
            "https://169.254.169.254/a",
            "https://[::ffff:10.0.0.1]/a",
        ] {
            assert_eq!(
                public.check_literal(&url(refused)),
                Err(Refused::NotPublic),
                "{refused}"
            );
        }
        assert_eq!(
            public.check_literal(&url("http://127.0.0.1:9/a")),
            Err(Refused::Scheme)
        );
        // A name waits for the resolver.
        assert_eq!(
            public.check_literal(&url("https://anything.example.net/a")),
            Ok(())
        );
        assert_eq!(public.check_literal(&url("https://8.8.8.8/a")), Ok(()));
        let tests = rules(FixedNames::default(), true);
        assert_eq!(tests.check_literal(&url("http://127.0.0.1:9/a")), Ok(()));
        assert_eq!(
            tests.check_literal(&url("https://10.0.0.1/a")),
            Err(Refused::NotPublic)
        );
    }

    #[tokio::test]
    async fn the_push_clients_resolver_refuses_a_name_with_any_address_that_is_not_public() {
        use reqwest::dns::Resolve;
        let names = FixedNames::default()
            .with("push.example.net", &[ip("203.0.114.1"), ip("2a00:1450::1")])
            .with("rebound.example.net", &[ip("203.0.114.1"), ip("127.0.0.1")])
            .with("inside.example.net", &[ip("127.0.0.1")]);
        let public = rules(names.clone(), false);
        let resolve = |rules: &Destinations, name: &str| rules.resolve(name.parse().unwrap());
        let found: Vec<SocketAddr> = resolve(&public, "push.example.net")
            .await
            .unwrap()
            .collect();
        assert_eq!(
            found,
            vec![
                SocketAddr::new(ip("203.0.114.1"), 0),
                SocketAddr::new(ip("2a00:1450::1"), 0)
            ]
        );
        for refused in [
            "rebound.example.net",
            "inside.example.net",
            "unknown.example.net",
        ] {
            assert!(resolve(&public, refused).await.is_err(), "{refused}");
        }
        let tests = rules(names, true);
        let found: Vec<SocketAddr> = resolve(&tests, "inside.example.net")
            .await
            .unwrap()
            .collect();
        assert_eq!(found, vec![SocketAddr::new(ip("127.0.0.1"), 0)]);
    }
}

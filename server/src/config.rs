use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Everything `serve` needs, from flags or the environment.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "KNIP_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    /// Mark cookies `Secure` and use the `__Host-` prefix. Turn on whenever
    /// the app is reached over https (it should be, in production).
    #[arg(long, env = "KNIP_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub secure_cookies: bool,

    /// Where cargo-leptos put the built site (WASM, JS, CSS, public files).
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,

    #[command(flatten)]
    pub sessions: SessionPolicy,

    #[command(flatten)]
    pub connections: ConnectionLimits,

    /// Password attempts (log in, register) one IP address may make at once,
    /// before the limit of one every 6 s applies.
    #[arg(long = "password-burst", env = "KNIP_PASSWORD_BURST", default_value_t = crate::middleware::rate_limit::BURST, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub password_burst: u32,

    /// The reverse proxies in front of the server, by IP address (comma
    /// separated). Only a request from one of them may say, in
    /// `X-Forwarded-For`, whom it forwards; the password rate limit then
    /// counts the client's address instead of the proxy's.
    #[arg(
        long = "trusted-proxy",
        env = "KNIP_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// The token `GET /metrics` asks for (`Authorization: Bearer <token>`).
    /// Unset, the metrics are not served at all.
    #[arg(
        long = "metrics-token",
        env = "KNIP_METRICS_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub metrics_token: Option<String>,

    /// A folder of licensed questionnaire definitions (`*.json`) the clinic
    /// supplies; see `app/src/domain/instrument.rs` for the format.
    #[arg(long = "instruments", env = "KNIP_INSTRUMENTS_DIR", global = true)]
    pub instruments_dir: Option<PathBuf>,

    /// Let push subscriptions lead to this machine (loopback, and plain
    /// http to it), for tests and local development with a push service on
    /// the same machine. Off, only https endpoints on the public internet
    /// are taken (see `push::address`); never turn it on in production: a
    /// subscriber could then make the server post to its own ports.
    #[arg(long = "push-allow-loopback", env = "KNIP_PUSH_ALLOW_LOOPBACK", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub push_allow_loopback: bool,
}

/// What one client may hold of the server (see `connections.rs`).
#[derive(Debug, Clone, Copy, Args)]
pub struct ConnectionLimits {
    /// A client must send a request's headers within this many seconds;
    /// an idle kept-alive connection is closed after as long.
    #[arg(
        long = "header-timeout-secs",
        env = "KNIP_HEADER_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub header_timeout_secs: u64,
    /// Open connections at most [default: 4096, or half of `ulimit -n` when
    /// that is lower: the database's files need descriptors too].
    #[arg(long = "max-connections", env = "KNIP_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<usize>,
}

impl ConnectionLimits {
    pub fn limits(&self) -> crate::connections::Limits {
        crate::connections::Limits {
            header_timeout: Duration::from_secs(self.header_timeout_secs.max(1)),
            max_connections: self
                .max_connections
                .unwrap_or_else(crate::connections::default_max_connections)
                .max(1),
        }
    }
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout_secs: 10,
            max_connections: None,
        }
    }
}

/// How long a login lasts. A patient trains daily on their own phone, so a
/// session survives two weeks without use and a month at most; after that the
/// password is asked for again.
#[derive(Debug, Clone, Copy, Args)]
pub struct SessionPolicy {
    /// A session unused for this many minutes ends.
    #[arg(long = "session-idle-minutes", env = "KNIP_SESSION_IDLE_MINUTES", default_value_t = 14 * 24 * 60, global = true)]
    pub idle_minutes: u64,
    /// A session ends this many minutes after login, used or not.
    #[arg(long = "session-max-minutes", env = "KNIP_SESSION_MAX_MINUTES", default_value_t = 30 * 24 * 60, global = true)]
    pub absolute_minutes: u64,
}

impl SessionPolicy {
    pub fn idle(&self) -> Duration {
        Duration::from_secs(self.idle_minutes * 60)
    }

    pub fn absolute(&self) -> Duration {
        Duration::from_secs(self.absolute_minutes * 60)
    }
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_minutes: 14 * 24 * 60,
            absolute_minutes: 30 * 24 * 60,
        }
    }
}

impl ServeConfig {
    /// A configuration for tests and tools: loopback, insecure cookies.
    pub fn for_tests(site_root: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            secure_cookies: false,
            site_root,
            sessions: SessionPolicy::default(),
            connections: ConnectionLimits::default(),
            password_burst: crate::middleware::rate_limit::BURST,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            instruments_dir: None,
            push_allow_loopback: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::Cli;
    use clap::Parser;

    #[test]
    fn pushes_to_this_machine_are_refused_unless_the_setting_turns_them_on() {
        let default = Cli::try_parse_from(["server", "serve"]).unwrap();
        assert!(!default.serve.push_allow_loopback);
        let on = Cli::try_parse_from(["server", "serve", "--push-allow-loopback", "true"]).unwrap();
        assert!(on.serve.push_allow_loopback);
    }
}

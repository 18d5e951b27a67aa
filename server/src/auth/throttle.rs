//! Login throttling per account, on top of the per-IP limit
//! (`middleware::rate_limit`): an attacker who changes address for every
//! guess still gets only a few guesses at one account. [`CodeThrottle`]
//! does the same for the invite codes a patient's account enters.
//!
//! The first [`FREE_FAILURES`] wrong passwords in a row cost nothing; after
//! each further one the account waits 1 s, 2 s, 4 s … up to [`MAX_WAIT`]
//! before the next password is checked. Attempts refused while waiting are
//! not checked and do not lengthen the wait. A right password ends it.
//!
//! So that nobody can use this to keep a patient out, a browser where the
//! account logged in before carries a device cookie (`knip_device`,
//! OWASP's "device cookies") and is never made to wait. Unknown addresses
//! are throttled the same way as known ones, so the answer tells nothing.
//!
//! The state lives in the server's memory: a restart forgets it (devices
//! then wait like any other until their next login), and with several
//! server processes each keeps its own.

use super::cookie;
use app::domain::Email;
use axum::http::HeaderMap;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Wrong passwords in a row before an account has to wait.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait between two checked attempts.
pub const MAX_WAIT: Duration = Duration::from_secs(300);
/// Devices remembered per account.
const DEVICES_PER_ACCOUNT: usize = 8;
/// Accounts tracked at most; past it, the quiet ones are forgotten first.
const MAX_ACCOUNTS: usize = 100_000;
/// An account without failures or devices for this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);
/// A device cookie lasts as long as a browser keeps one (400 days).
pub const DEVICE_COOKIE_MAX_AGE_SECS: u64 = 400 * 24 * 3600;

#[derive(Default)]
pub struct LoginThrottle {
    accounts: Mutex<HashMap<u64, Account>>,
    /// Keys the accounts by a keyed hash of the address, not the address.
    keys: std::collections::hash_map::RandomState,
}

#[derive(Default)]
struct Account {
    failures: u32,
    wait_until: Option<Instant>,
    last_seen: Option<Instant>,
    devices: VecDeque<String>,
}

impl LoginThrottle {
    fn key(&self, email: &Email) -> u64 {
        self.keys.hash_one(email.as_str())
    }

    /// `Err(wait)` when this attempt must not be checked: the account is
    /// waiting and `device` is not one it logged in from before.
    pub fn check(&self, email: &Email, device: Option<&str>, now: Instant) -> Result<(), Duration> {
        self.check_key(self.key(email), device, now)
    }

    fn check_key(&self, key: u64, device: Option<&str>, now: Instant) -> Result<(), Duration> {
        let accounts = self.lock();
        let Some(account) = accounts.get(&key) else {
            return Ok(());
        };
        if device.is_some_and(|d| account.devices.iter().any(|known| known == d)) {
            return Ok(());
        }
        match account.wait_until {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    /// A wrong password for `email` (whether or not the account exists).
    pub fn failed(&self, email: &Email, now: Instant) {
        self.failed_key(self.key(email), now);
    }

    fn failed_key(&self, key: u64, now: Instant) {
        let mut accounts = self.lock();
        if !accounts.contains_key(&key) && accounts.len() >= MAX_ACCOUNTS {
            forget_quiet(&mut accounts, now);
            if accounts.len() >= MAX_ACCOUNTS {
                // The per-IP limit still holds; better than unbounded memory.
                return;
            }
        }
        let account = accounts.entry(key).or_default();
        account.failures = account.failures.saturating_add(1);
        account.last_seen = Some(now);
        account.wait_until = Some(now + wait_after(account.failures));
    }

    /// The right password: the waiting ends, and the browser becomes one the
    /// account logged in from. Returns its device token to keep (the one it
    /// had, or a new one).
    pub fn succeeded(&self, email: &Email, device: Option<&str>, now: Instant) -> Option<String> {
        let token = match device {
            Some(d) if is_token(d) => d.to_owned(),
            _ => crate::auth::session::new_token().ok()?,
        };
        let key = self.key(email);
        let mut accounts = self.lock();
        if !accounts.contains_key(&key) && accounts.len() >= MAX_ACCOUNTS {
            forget_quiet(&mut accounts, now);
        }
        let account = accounts.entry(key).or_default();
        account.failures = 0;
        account.wait_until = None;
        account.last_seen = Some(now);
        if !account.devices.contains(&token) {
            if account.devices.len() >= DEVICES_PER_ACCOUNT {
                account.devices.pop_front();
            }
            account.devices.push_back(token.clone());
        }
        Some(token)
    }

    /// A right guess without a device to remember: the waiting ends.
    fn reset_key(&self, key: u64) {
        if let Some(account) = self.lock().get_mut(&key) {
            account.failures = 0;
            account.wait_until = None;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Account>> {
        // A panic while holding the lock leaves counters, not broken data.
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Wrong invite codes per patient account, on top of the per-IP limit: a
/// patient's account guessing from 40 addresses made 400 guesses in 0.66 s
/// (issue #27). The same waits as for wrong passwords (our rule: a few
/// typos are free, then each guess waits twice as long, up to five
/// minutes); a signed-in patient has no device to exempt.
#[derive(Default)]
pub struct CodeThrottle(LoginThrottle);

impl CodeThrottle {
    fn key(&self, patient: Uuid) -> u64 {
        self.0.keys.hash_one(patient.as_bytes())
    }

    /// `Err(wait)` when this code must not be checked.
    pub fn check(&self, patient: Uuid, now: Instant) -> Result<(), Duration> {
        self.0.check_key(self.key(patient), None, now)
    }

    /// A code that is no live code.
    pub fn failed(&self, patient: Uuid, now: Instant) {
        self.0.failed_key(self.key(patient), now);
    }

    /// A code that worked: the waiting ends.
    pub fn succeeded(&self, patient: Uuid) {
        self.0.reset_key(self.key(patient));
    }
}

/// How long an account waits after its `failures`-th wrong password in a row.
pub fn wait_after(failures: u32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doubling = (failures - FREE_FAILURES).min(20);
    Duration::from_secs(1u64 << doubling).min(MAX_WAIT)
}

fn forget_quiet(accounts: &mut HashMap<u64, Account>, now: Instant) {
    accounts.retain(|_, a| {
        let waiting = a.wait_until.is_some_and(|until| until > now);
        let recent = a
            .last_seen
            .is_some_and(|seen| now.saturating_duration_since(seen) < FORGET_AFTER);
        waiting || (recent && !a.devices.is_empty())
    });
}

/// What [`crate::auth::session::new_token`] makes: 64 lower-case hex
/// digits. Anything else in the cookie is ignored.
fn is_token(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The device cookie's name: with secure cookies, the `__Host-` prefix.
fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-knip_device"
    } else {
        "knip_device"
    }
}

/// The device token the request carries, if any.
pub fn device_from(headers: &HeaderMap, secure: bool) -> Option<String> {
    cookie::value_from(headers, device_cookie_name(secure)).filter(|v| is_token(v))
}

/// The `Set-Cookie` value that keeps `token` on this browser.
pub fn device_cookie(secure: bool, token: &str) -> String {
    cookie::set_named(
        device_cookie_name(secure),
        secure,
        token,
        DEVICE_COOKIE_MAX_AGE_SECS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(raw: &str) -> Email {
        Email::parse(raw).unwrap()
    }

    #[test]
    fn five_wrong_passwords_are_free_then_the_wait_doubles_up_to_five_minutes() {
        let waits: Vec<u64> = (1..=16).map(|n| wait_after(n).as_secs()).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
        );
        assert_eq!(wait_after(u32::MAX), MAX_WAIT);
    }

    #[test]
    fn an_account_waits_whatever_address_the_guesses_come_from() {
        let throttle = LoginThrottle::default();
        let kari = email("kari@example.no");
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.check(&kari, None, t0), Ok(()));
            throttle.failed(&kari, t0);
        }
        assert_eq!(throttle.check(&kari, None, t0), Err(Duration::from_secs(1)));
        // Refused attempts do not lengthen the wait.
        assert!(throttle.check(&kari, None, t0).is_err());
        let later = t0 + Duration::from_secs(1);
        assert_eq!(throttle.check(&kari, None, later), Ok(()));
        throttle.failed(&kari, later);
        assert_eq!(
            throttle.check(&kari, None, later),
            Err(Duration::from_secs(2))
        );
        // Another account is not affected.
        assert_eq!(
            throttle.check(&email("ola@example.no"), None, later),
            Ok(())
        );
    }

    #[test]
    fn a_device_the_account_logged_in_from_never_waits() {
        let throttle = LoginThrottle::default();
        let kari = email("kari@example.no");
        let t0 = Instant::now();
        let phone = throttle.succeeded(&kari, None, t0).unwrap();
        assert!(is_token(&phone));
        for _ in 0..20 {
            throttle.failed(&kari, t0);
        }
        assert!(throttle.check(&kari, None, t0).is_err());
        assert!(throttle.check(&kari, Some("forged"), t0).is_err());
        assert_eq!(throttle.check(&kari, Some(&phone), t0), Ok(()));
        // The right password from the phone ends the wait for everyone, and
        // the phone keeps its token.
        assert_eq!(
            throttle.succeeded(&kari, Some(&phone), t0).as_deref(),
            Some(phone.as_str())
        );
        assert_eq!(throttle.check(&kari, None, t0), Ok(()));
    }

    #[test]
    fn a_device_of_one_account_is_not_a_device_of_another() {
        let throttle = LoginThrottle::default();
        let t0 = Instant::now();
        let phone = throttle
            .succeeded(&email("kari@example.no"), None, t0)
            .unwrap();
        let ola = email("ola@example.no");
        for _ in 0..10 {
            throttle.failed(&ola, t0);
        }
        assert!(throttle.check(&ola, Some(&phone), t0).is_err());
    }

    #[test]
    fn quiet_accounts_are_forgotten_when_memory_is_full() {
        let mut accounts = HashMap::new();
        let t0 = Instant::now();
        accounts.insert(
            1,
            Account {
                failures: 1,
                wait_until: Some(t0),
                last_seen: Some(t0),
                devices: VecDeque::new(),
            },
        );
        accounts.insert(
            2,
            Account {
                failures: 9,
                wait_until: Some(t0 + Duration::from_secs(60)),
                last_seen: Some(t0),
                devices: VecDeque::new(),
            },
        );
        forget_quiet(&mut accounts, t0 + Duration::from_secs(1));
        assert_eq!(accounts.keys().copied().collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn a_patient_guessing_invite_codes_waits_after_five_wrong_ones() {
        let throttle = CodeThrottle::default();
        let (kari, ola) = (Uuid::new_v4(), Uuid::new_v4());
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.check(kari, t0), Ok(()));
            throttle.failed(kari, t0);
        }
        assert_eq!(throttle.check(kari, t0), Err(Duration::from_secs(1)));
        assert_eq!(throttle.check(ola, t0), Ok(()));
        let later = t0 + Duration::from_secs(1);
        assert_eq!(throttle.check(kari, later), Ok(()));
        throttle.succeeded(kari);
        throttle.failed(kari, later);
        assert_eq!(throttle.check(kari, later), Ok(()));
    }

    #[test]
    fn the_device_cookie_is_http_only_and_strict() {
        let c = device_cookie(true, "t");
        assert!(c.starts_with("__Host-knip_device=t;"));
        for flag in ["Path=/", "HttpOnly", "SameSite=Strict", "Secure"] {
            assert!(c.contains(flag), "{flag} missing in {c}");
        }
    }
}

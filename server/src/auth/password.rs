//! argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane), always off
//! the async runtime: a hash takes tens of milliseconds of CPU.
//!
//! Each hash holds 19 MiB while it runs, and logins need no account, so the
//! number in flight is bounded: one per core (more would only share the
//! cores), a queue behind them, and past that the request is turned
//! away at once with 503 and `Retry-After` instead of growing memory. 200
//! failed logins at once once took the server to 3.8 GB.

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("argon2 parameters are constants within range");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("too many passwords are being checked at once")]
    Busy,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task did not finish: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Requests that may wait for a hashing slot, per core. A waiting request
/// holds no hashing memory; the bound keeps the wait near a second or two.
const QUEUE_PER_CORE: usize = 32;

/// The longest a request waits for a hashing slot: well inside the request
/// timeout (30 s), so a slow machine answers "busy", never a timeout.
const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The hashing slots of one server.
#[derive(Debug)]
pub struct Hashing {
    /// Hashes running.
    running: Arc<Semaphore>,
    /// Requests running or waiting to run a hash.
    admitted: Semaphore,
}

impl Default for Hashing {
    /// One slot per core, and a queue of [`QUEUE_PER_CORE`] per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::with_slots(cores, cores * QUEUE_PER_CORE)
    }
}

impl Hashing {
    /// `slots` hashes at once, `queue` more requests waiting for one.
    pub fn with_slots(slots: usize, queue: usize) -> Self {
        Self {
            running: Arc::new(Semaphore::new(slots)),
            admitted: Semaphore::new(slots + queue),
        }
    }

    /// Runs `work` (a hash or a verification) on the blocking pool once a
    /// slot is free, or says at once that the queue is full.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _admitted = self.admitted.try_acquire().map_err(|_| HashError::Busy)?;
        // A request that cannot get a slot in good time is told to come back
        // (503 with Retry-After) rather than left to the request timeout.
        let running = tokio::time::timeout(MAX_WAIT, self.running.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Busy)?;
        // The slot goes with the work: a request dropped mid-hash (the client
        // left, the request timed out) does not free it while the hash runs on.
        tokio::task::spawn_blocking(move || {
            let _running = running;
            work()
        })
        .await?
    }
}

pub async fn hash(hashing: &Hashing, password: String) -> Result<String, HashError> {
    hashing
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| HashError::Hash(e.to_string()))
        })
        .await
}

/// A hash of a random password, checked when the email is unknown so that a
/// wrong email takes as long as a wrong password.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(b"decoy password that matches nothing", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// `stored` is `None` for an unknown account: the work is done anyway.
pub async fn verify(
    hashing: &Hashing,
    password: String,
    stored: Option<String>,
) -> Result<bool, HashError> {
    hashing
        .run(move || {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Ok(false);
            };
            let matches = hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(known && matches)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let stored = hash(&Hashing::default(), "fjell og fjord".into())
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify(
                &Hashing::default(),
                "fjell og fjord".into(),
                Some(stored.clone())
            )
            .await
            .unwrap()
        );
        assert!(
            !verify(&Hashing::default(), "fjell og fjorder".into(), Some(stored))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_request_dropped_mid_hash_keeps_the_slot_until_the_hash_is_done() {
        let hashing = Arc::new(Hashing::with_slots(1, 0));
        let (started, has_started) = tokio::sync::oneshot::channel();
        let (finish, may_finish) = std::sync::mpsc::channel::<()>();
        let caller = tokio::spawn({
            let hashing = hashing.clone();
            async move {
                hashing
                    .run(move || {
                        let _ = started.send(());
                        let _ = may_finish.recv();
                        Ok(())
                    })
                    .await
            }
        });
        has_started.await.unwrap();
        caller.abort();
        let _ = caller.await;
        assert_eq!(
            hashing.running.available_permits(),
            0,
            "the hash still runs"
        );
        finish.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), async {
            while hashing.running.available_permits() == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("the slot comes free once the hash is done");
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify(
                &Hashing::default(),
                "decoy password that matches nothing".into(),
                None
            )
            .await
            .unwrap()
        );
    }
}

//! Accounts: password hashing, sessions and who is asking.

pub mod accounts;
pub mod cookie;
pub mod erase;
pub mod export;
pub mod password;
pub mod session;
pub mod throttle;

pub use session::{CurrentSession, resolve_session};

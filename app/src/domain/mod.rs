//! Plain Rust domain types: no Leptos, no database. Every value that enters
//! the system is parsed into one of these at the edge, so the rest of the code
//! can rely on it being valid.

pub mod account;
pub mod care;
pub mod day;
pub mod diary;
mod display_name;
mod email;
pub mod groups;
pub mod instrument;
mod language;
pub mod learn;
pub mod outcomes;
mod password;
pub mod pathway;
pub mod relax;
pub mod reminders;
mod role;
pub mod search;
pub mod settings;
pub mod sync;
pub mod training;

pub use display_name::{DisplayName, DisplayNameError};
pub use email::{Email, EmailError};
pub use language::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_SECS, Language, LanguageError};
pub use password::{Password, PasswordError};
pub use role::{Role, RoleError};

//! Texts that are too long for the i18n files: plain Rust data, per language.

pub mod onboarding;

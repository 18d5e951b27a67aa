use std::fmt;

/// A password that meets our rule: 10 to 128 characters, not all the same
/// character. Length is what protects a password (NIST SP 800-63B); we do not
/// demand symbols.
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("The password must be at least 10 characters long.")]
    TooShort,
    #[error("The password can be at most 128 characters long.")]
    TooLong,
    #[error(
        "The password cannot be one character repeated. Use at least 10 characters, for example a few words."
    )]
    Repetitive,
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let mut it = raw.chars();
        let first = it.next();
        if it.all(|c| Some(c) == first) {
            return Err(PasswordError::Repetitive);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_rule_is_ten_to_128_characters() {
        assert_eq!(
            Password::parse("short").err(),
            Some(PasswordError::TooShort)
        );
        assert!(Password::parse("correct horse").is_ok());
        assert_eq!(
            Password::parse(&"ab".repeat(65)).err(),
            Some(PasswordError::TooLong)
        );
        assert_eq!(
            Password::parse("aaaaaaaaaaaa").err(),
            Some(PasswordError::Repetitive)
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(Password::parse("æøåæøåæøåx").is_ok());
    }

    proptest! {
        #[test]
        fn any_accepted_password_has_an_allowed_length(raw in ".{0,140}") {
            if let Ok(p) = Password::parse(&raw) {
                let n = p.expose().chars().count();
                prop_assert!((Password::MIN_CHARS..=Password::MAX_CHARS).contains(&n));
            }
        }
    }
}

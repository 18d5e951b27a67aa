use std::fmt;

/// A password that meets our rules, after NIST SP 800-63B: 10 to 128
/// characters (length is what protects a password; we do not demand
/// symbols), no control characters, and not one an attacker tries first:
/// a common password, a short piece repeated (`passwordpassword`) or a run
/// of keys (`0123456789`). The email address is checked against it by
/// [`crate::domain::account::Registration`].
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("The password must be at least 10 characters long.")]
    TooShort,
    #[error("The password can be at most 128 characters long.")]
    TooLong,
    #[error(
        "The password cannot be one character or one short piece repeated. Use at least 10 characters, for example a few words."
    )]
    Repetitive,
    #[error(
        "The password cannot be a run of letters or digits such as 0123456789. Try a few words in a row."
    )]
    Sequence,
    #[error(
        "This password is among the most common ones and is tried first by anyone guessing. Choose another, for example a few words in a row."
    )]
    Common,
    #[error("The password cannot contain your email address.")]
    ContainsEmail,
    #[error("The password cannot contain control characters such as NUL or line breaks.")]
    ControlCharacter,
}

/// One common password per line, lower case (see the file's notes).
const COMMON: &str = include_str!("common_passwords.txt");

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars: Vec<char> = raw.chars().collect();
        if chars.len() < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars.len() > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if chars.iter().any(|c| c.is_control()) {
            return Err(PasswordError::ControlCharacter);
        }
        if is_repeated(&chars) {
            return Err(PasswordError::Repetitive);
        }
        if is_run(&chars) {
            return Err(PasswordError::Sequence);
        }
        if is_common(raw) {
            return Err(PasswordError::Common);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The rules above, and the password must not contain the local part of
    /// the account's email address (when that is 4 characters or more).
    pub fn parse_for(raw: &str, email: &super::Email) -> Result<Self, PasswordError> {
        let password = Self::parse(raw)?;
        let local = email.as_str().split('@').next().unwrap_or_default();
        if local.chars().count() >= 4 && raw.to_lowercase().contains(local) {
            return Err(PasswordError::ContainsEmail);
        }
        Ok(password)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The whole password is one piece of at most half its length, repeated.
fn is_repeated(chars: &[char]) -> bool {
    (1..=chars.len() / 2).any(|unit| {
        chars.len().is_multiple_of(unit) && chars.chunks(unit).all(|piece| piece == &chars[..unit])
    })
}

/// Every character is the one before it plus one, or every one minus one
/// (`0123456789`, `abcdefghij`, `9876543210`).
fn is_run(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.iter().all(|&d| d == 1) || steps.iter().all(|&d| d == -1)
}

fn is_common(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    COMMON
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line == lower)
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
    fn passwords_tried_first_are_refused() {
        for (raw, error) in [
            ("passwordpassword", PasswordError::Repetitive),
            ("abcabcabcabc", PasswordError::Repetitive),
            ("0123456789", PasswordError::Sequence),
            ("9876543210", PasswordError::Sequence),
            ("abcdefghijkl", PasswordError::Sequence),
            ("qwertyuiop", PasswordError::Common),
            ("Password123", PasswordError::Common),
            ("1q2w3e4r5t", PasswordError::Common),
            ("passord123", PasswordError::Common),
            ("fjell og\0fjord", PasswordError::ControlCharacter),
            ("fjell og\nfjord", PasswordError::ControlCharacter),
        ] {
            assert_eq!(Password::parse(raw).err(), Some(error), "{raw:?}");
        }
        assert!(Password::parse("fjell og fjord i sol").is_ok());
        assert!(Password::parse("0123456789x").is_ok());
    }

    #[test]
    fn the_common_list_is_lower_case_and_long_enough_to_matter() {
        let entries: Vec<&str> = COMMON.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(entries.len() > 1000);
        for entry in entries {
            assert_eq!(entry, entry.to_lowercase());
            assert!(entry.chars().count() >= Password::MIN_CHARS, "{entry}");
        }
    }

    #[test]
    fn the_email_address_is_not_a_password() {
        let email = super::super::Email::parse("kari.nordmann@example.no").unwrap();
        assert_eq!(
            Password::parse_for("Kari.Nordmann1990", &email).err(),
            Some(PasswordError::ContainsEmail)
        );
        assert!(Password::parse_for("fjell og fjord i sol", &email).is_ok());
        let short = super::super::Email::parse("ola@example.no").unwrap();
        assert!(Password::parse_for("ola og kari i fjellet", &short).is_ok());
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

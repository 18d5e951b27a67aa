//! Text folded for search: the stored side (a person's name and email) and
//! the typed side (the therapist's query) pass through the same function,
//! so "Åse", "ÅSE" and "A\u{30A}se" (a ring that combines) meet. The database only
//! compares: SQLite's `lower()` folds ASCII only, and it missed Æ, Ø and Å
//! (issue #27).

use unicode_normalization::UnicodeNormalization;

/// Unicode lower case, then NFC (a composed "å" and "a" with a combining
/// ring are one letter).
pub fn fold(text: &str) -> String {
    text.to_lowercase().nfc().collect()
}

/// What a person is found by: the folded display name and email. The line
/// break between them cannot be searched for (a query with a control
/// character matches nobody), so a match lies within one of the two.
pub fn person_text(display_name: Option<&str>, email: &str) -> String {
    format!(
        "{}\n{}",
        fold(display_name.unwrap_or_default()),
        fold(email)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_fold_to_lower_case() {
        assert_eq!(fold("ÆRLIG ØSTBØ ÅSE"), "ærlig østbø åse");
    }

    #[test]
    fn composed_and_decomposed_letters_fold_alike() {
        assert_eq!(fold("A\u{30A}se"), fold("Åse"));
        assert_eq!(fold("A\u{30A}se"), "\u{e5}se");
    }

    #[test]
    fn a_person_is_found_by_name_or_email_but_not_across_both() {
        let text = person_text(Some("Åse Ødegård"), "ase@example.no");
        assert!(text.contains(&fold("ØDEGÅRD")));
        assert!(text.contains("ase@example"));
        assert!(!text.contains("gårdase"));
        assert_eq!(person_text(None, "ola@example.no"), "\nola@example.no");
    }
}

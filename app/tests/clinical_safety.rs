//! The clinical safety case (`docs/clinical-safety.md`) and the domain's
//! clinical code stay together: every `[rule:…]` tag in the code has an
//! entry with its source, every entry is still in the code, and every rule
//! the hazard log names exists.

use std::collections::BTreeSet;
use std::path::Path;

const SAFETY_CASE: &str = include_str!("../../docs/clinical-safety.md");

/// Every `[rule:id]` in `text`.
fn tags(text: &str) -> Vec<String> {
    text.match_indices("[rule:")
        .filter_map(|(at, _)| {
            let rest = &text[at + "[rule:".len()..];
            let end = rest.find(']')?;
            let id = &rest[..end];
            // A tag is a name such as `red-flag-today` (prose may mention
            // the form `[rule:…]` itself).
            let named = !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            named.then(|| id.to_owned())
        })
        .collect()
}

fn code_tags(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("the domain's folder") {
        let path = entry.expect("a file").path();
        if path.is_dir() {
            code_tags(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            found.extend(tags(&text));
        }
    }
}

/// The entries of the rules' list: `- **rule:id**: … Source: …`.
fn entries() -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in SAFETY_CASE.lines() {
        if let Some(rest) = line.strip_prefix("- **rule:") {
            entries.extend(current.take());
            let (id, text) = rest.split_once("**").expect("an entry's id");
            current = Some((id.to_owned(), text.to_owned()));
        } else if line.starts_with("  ") && current.is_some() {
            if let Some((_, text)) = current.as_mut() {
                text.push(' ');
                text.push_str(line.trim());
            }
        } else {
            entries.extend(current.take());
        }
    }
    entries.extend(current);
    entries
}

#[test]
fn every_clinical_rule_in_the_code_has_an_entry_with_its_source() {
    let mut in_code = BTreeSet::new();
    code_tags(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain"),
        &mut in_code,
    );
    let entries = entries();
    let listed: BTreeSet<String> = entries.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(listed.len(), entries.len(), "an entry is listed twice");
    let missing: Vec<&String> = in_code.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "rules in the code without an entry in docs/clinical-safety.md: {missing:?}"
    );
    let stale: Vec<&String> = listed.difference(&in_code).collect();
    assert!(
        stale.is_empty(),
        "entries whose rule is no longer tagged in the code: {stale:?}"
    );
    for (id, text) in &entries {
        assert!(text.contains("Source:"), "rule:{id} names no source");
    }
    // The hazard log's controls name rules that exist.
    let named: BTreeSet<String> = tags(SAFETY_CASE).into_iter().collect();
    let unknown: Vec<&String> = named.difference(&listed).collect();
    assert!(
        unknown.is_empty(),
        "the hazard log names rules with no entry: {unknown:?}"
    );
    assert!(
        in_code.len() >= 10,
        "the clinical code's rules are tagged: {in_code:?}"
    );
}

//! The arrows between the app's parts run one way (issue 30, STYLE): the
//! domain is plain Rust that names no other part, no Leptos, no database and
//! no browser; the leaves (`platform`, `ui`, `api`, `routes`, `schema`,
//! `text`) name no feature and not the shell; features may use all of them,
//! and only the shell puts the features together.

use std::path::{Path, PathBuf};

/// What the files under a path may not name, and why.
struct Rule {
    under: &'static str,
    forbidden: &'static [&'static str],
    why: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        under: "domain",
        forbidden: &[
            "crate::features",
            "crate::shell",
            "crate::platform",
            "crate::ui",
            "crate::api",
            "crate::routes",
            "crate::i18n",
            "leptos",
            "sea_orm",
            "web_sys",
            "wasm_bindgen",
        ],
        why: "the domain is plain Rust, tested on its own",
    },
    Rule {
        under: "platform",
        forbidden: &["crate::features", "crate::shell"],
        why: "the platform is a leaf the features stand on",
    },
    Rule {
        under: "ui",
        forbidden: &["crate::features", "crate::shell"],
        why: "widgets take props; they know no feature",
    },
    Rule {
        under: "api",
        forbidden: &["crate::features", "crate::shell", "crate::platform"],
        why: "the wire types are shared by the server and the phone",
    },
    Rule {
        under: "routes.rs",
        forbidden: &["crate::features", "crate::shell"],
        why: "the paths are a leaf every part may name",
    },
    Rule {
        under: "schema.rs",
        forbidden: &["crate::features", "crate::shell", "crate::api"],
        why: "the schema helpers are a leaf the domain uses",
    },
    Rule {
        under: "text.rs",
        forbidden: &["crate::features", "crate::shell"],
        why: "the text helpers are a leaf every view uses",
    },
];

/// The code of a line: what comes before a `//` comment.
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// Whether `code` names `path` as a path (not as part of a longer name:
/// `leptos` must not match `my_leptos_thing`).
fn names(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + path.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

/// Every broken rule in one file: `relative` is its path under `app/src`.
fn violations(relative: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for rule in RULES {
        let applies = relative == rule.under
            || relative.starts_with(&format!("{}/", rule.under))
            || relative == format!("{}.rs", rule.under);
        if !applies {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = code_of(line);
            for path in rule.forbidden {
                if names(code, path) {
                    found.push(format!(
                        "{relative}:{}: names {path} ({})",
                        number + 1,
                        rule.why
                    ));
                }
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_arrows_between_the_parts_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found the sources");
    let mut found = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).expect("a readable source");
        found.extend(violations(&relative, &text));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_migration_calls_no_live_application_code() {
    // A migration's behaviour must not change when the app's code does: it
    // names the database layer and sea-orm only.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/db/migrations");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() > 10, "found the migrations");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("mod.rs")) {
        let text = std::fs::read_to_string(file).expect("a readable migration");
        for (number, line) in text.lines().enumerate() {
            let code = code_of(line);
            let live = code.match_indices("crate::").any(|(at, _)| {
                !code[at..].starts_with("crate::db::migrations")
                    && !code[at..].starts_with("crate::db::schema")
            }) || names(code, "app");
            if live {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_deliberate_bad_import() {
    // The check itself: each kind of wrong arrow is caught, and what only
    // looks like one is not.
    assert_eq!(
        violations(
            "domain/training/mod.rs",
            "use crate::features::training::state::TrainingState;"
        )
        .len(),
        1
    );
    assert_eq!(
        violations("domain/day.rs", "use leptos::prelude::*;").len(),
        1
    );
    assert_eq!(
        violations(
            "ui/chart.rs",
            "    let x = crate::shell::areas::use_page();"
        )
        .len(),
        1
    );
    assert_eq!(
        violations(
            "platform/offline/store.rs",
            "use crate::features::settings::Settings;"
        )
        .len(),
        1
    );
    assert_eq!(violations("text.rs", "use crate::features::x;").len(), 1);
    // Comments, longer names and the features themselves are fine.
    assert!(violations("domain/day.rs", "// leptos_i18n calls it a locale").is_empty());
    assert!(violations("domain/day.rs", "let my_leptos = 1;").is_empty());
    assert!(violations("features/x.rs", "use crate::shell::routes;").is_empty());
    assert!(violations("domain_like.rs", "use crate::features::x;").is_empty());
}

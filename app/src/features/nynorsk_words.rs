//! Every nynorsk text (the nn locale, the texts held in Rust and the
//! education modules) is checked for bokmål-only words.
//!
//! Where nynorsk allows two forms, the app uses one everywhere: "òg" (not
//! "også"), "gi / gir / gav / gitt" (not "gje / gjev / gjeve") and "blir"
//! (not "vert"), so the other form is on the list too.

use crate::domain::Language;
use crate::domain::relax::GuidedSequence;
use crate::domain::sync::TechniqueProblem;
use crate::features::learn::modules::MODULES;
use crate::features::relax::guided;
use crate::features::training::onboarding_texts::{
    CheckQuestion, problem_tip, question, screens, tip,
};

/// Words and phrases that are never nynorsk, matched as whole words,
/// ignoring case ("hastverk", "slepp av" and "spenn av" are nynorsk words,
/// but not what we mean: urgency is "sterk trong", relaxing is "slapp av").
const BOKMAL_ONLY: &[&str] = &[
    "ikke", "jeg", "hva", "hvor", "hvis", "hvordan", "hvorfor", "hvem", "hvilken", "hvilke",
    "hver", "hvert", "noen", "noe", "mye", "ble", "hun", "dere", "gjøre", "gjør", "være", "sier",
    "mer", "bare", "fra", "sammen", "selv", "uke", "uker", "uka", "hjem", "fremgang", "hastverk",
    "slepp av", "spenn av",
];

/// The nynorsk forms we did not choose (we write "òg", "gi" and "blir").
const NOT_CHOSEN: &[&str] = &["også", "gje", "gjev", "gjeve", "vert", "verte"];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The entries of the list that `text` holds as whole words.
fn not_nynorsk(text: &str) -> Vec<&'static str> {
    let found = words(text);
    BOKMAL_ONLY
        .iter()
        .chain(NOT_CHOSEN)
        .copied()
        .filter(|entry| {
            let entry = words(entry);
            found.windows(entry.len()).any(|w| w == entry.as_slice())
        })
        .collect()
}

/// Every nynorsk text, with where it comes from.
fn nynorsk_texts() -> Vec<(String, String)> {
    let lang = Language::Nynorsk;
    let mut texts = Vec::new();
    let locale: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../../locales/nn.json")).unwrap();
    for (key, value) in locale {
        texts.push((format!("nn.json {key}"), value.as_str().unwrap().to_owned()));
    }
    for screen in screens(lang) {
        texts.push(("onboarding".into(), screen.title.to_owned()));
        for p in screen.paragraphs {
            texts.push(("onboarding".into(), (*p).to_owned()));
        }
    }
    for q in CheckQuestion::ALL {
        texts.push(("self-check".into(), question(lang, q).to_owned()));
        for yes in [true, false] {
            texts.push(("self-check tip".into(), tip(lang, q, yes).to_owned()));
        }
    }
    for p in TechniqueProblem::ALL {
        texts.push(("problem tip".into(), problem_tip(lang, p).to_owned()));
    }
    for seq in GuidedSequence::ALL {
        texts.push(("guided".into(), guided::title(lang, seq).to_owned()));
        for step in guided::steps(lang, seq) {
            texts.push(("guided".into(), (*step).to_owned()));
        }
    }
    for module in MODULES {
        if let Some(text) = module.texts[1] {
            for line in text.lines() {
                texts.push((format!("learn/nn/{}.md", module.slug), line.to_owned()));
            }
        }
    }
    texts
}

#[test]
fn the_list_finds_whole_words_only() {
    assert_eq!(not_nynorsk("Jeg vet ikke."), ["ikke", "jeg"]);
    assert_eq!(not_nynorsk("Slepp av, så."), ["slepp av"]);
    assert!(not_nynorsk("Slepp heilt. Kvil av.").is_empty());
    assert!(not_nynorsk("Ikkje gjer det; kva, kvar, dersom, nokon, mykje.").is_empty());
    assert!(
        not_nynorsk("Merksemd og framgang").is_empty(),
        "whole words only"
    );
}

#[test]
fn nynorsk_texts_hold_no_bokmal_words() {
    let texts = nynorsk_texts();
    assert!(texts.len() > 500, "all the texts are read");
    let slips: Vec<String> = texts
        .iter()
        .filter_map(|(from, text)| {
            let found = not_nynorsk(text);
            (!found.is_empty()).then(|| format!("{from}: {found:?} in {text:?}"))
        })
        .collect();
    assert!(slips.is_empty(), "{}", slips.join("\n"));
}

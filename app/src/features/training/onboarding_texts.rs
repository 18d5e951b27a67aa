//! The onboarding for pelvic floor muscle training: six short screens, the
//! self-check questions and the tips that go with the answers. Plain data in
//! bokmål, nynorsk and English; the facts follow the national health portal's
//! training programme, the words are our own.

use crate::domain::Language;
use crate::domain::sync::TechniqueProblem;
pub use crate::ui::illustrations::Illustration;

/// One short onboarding screen.
#[derive(Debug)]
pub struct Screen {
    pub illustration: Illustration,
    pub title: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// The short screens of the onboarding, in order: find the muscles, check them, positions,
/// the common mistakes, concentrate, start light.
pub fn screens(lang: Language) -> &'static [Screen] {
    match lang {
        Language::Bokmal => &NB_SCREENS,
        Language::Nynorsk => &NN_SCREENS,
        Language::English => &EN_SCREENS,
    }
}

static NB_SCREENS: [Screen; 6] = [
    Screen {
        illustration: Illustration::FindMuscles,
        title: "Finn musklene",
        paragraphs: &[
            "Bekkenbunnen er et lag med muskler dypt nede i bekkenet. De ligger rundt åpningene: urinrøret, skjeden eller penisroten, og endetarmsåpningen.",
            "Knip forsiktig rundt åpningene og løft opp og inn, som om du skal holde igjen luft. Slapp så helt av.",
            "Det kan ta litt tid å finne musklene. Det er helt vanlig.",
            "Trykk aldri nedover. Bevegelsen går alltid opp og inn.",
        ],
    },
    Screen {
        illustration: Illustration::Check,
        title: "Sjekk at det er riktig",
        paragraphs: &[
            "Legg en hånd mellom beina, utenpå undertøyet. Knip og løft. Du skal kjenne et lite løft innover, bort fra hånden.",
            "Du kan også prøve én gang å stoppe de siste dråpene på slutten av tissingen. Det er bare en sjekk. Ikke gjør det som fast trening.",
            "Kjenner du lite? Det er vanlig i starten. Øvelse hjelper.",
        ],
    },
    Screen {
        illustration: Illustration::Positions,
        title: "Velg stilling",
        paragraphs: &[
            "Du kan trene liggende, sittende eller stående.",
            "Velg det som passer deg. Det finnes ingen fasit.",
            "Mange synes det er lettest å begynne liggende.",
        ],
    },
    Screen {
        illustration: Illustration::Mistakes,
        title: "Vanlige feil",
        paragraphs: &[
            "Setet, lårene og magen skal være avslappet. Tipper bekkenet, er det andre muskler som jobber.",
            "Pust rolig som vanlig. Ikke hold pusten, og ikke trekk pusten kraftig inn.",
            "Løft opp og inn – aldri press ned. Å presse ned kan gjøre lekkasje verre.",
            "Kjenner du et lite inntrekk nederst i magen, er det helt greit. Den dype magemuskelen jobber gjerne sammen med bekkenbunnen.",
        ],
    },
    Screen {
        illustration: Illustration::Concentrate,
        title: "Konsentrer deg",
        paragraphs: &[
            "Tren når du kan gi det full oppmerksomhet, ikke mens du gjør andre ting.",
            "Da kniper du hardere, og det er lettere å gjøre det riktig.",
            "Finn et rolig øyeblikk til hver runde. Appen viser hvor lang tid en runde tar.",
        ],
    },
    Screen {
        illustration: Illustration::StartLight,
        title: "Start forsiktig",
        paragraphs: &[
            "Begynn med flere lette knip etter hverandre. Slapp helt av mellom hvert knip.",
            "Målet er 8–12 knip, 3 runder om dagen. Ta rundene etter hverandre med en kort pause, eller fordel dem utover dagen.",
            "Hvert knip: stram, hold, slipp og hvil 3–4 sekunder. Når du kjenner musklene, kniper du så hardt du kan og holder lenger, opp mot 6–8 sekunder. Da kan du legge til 3–4 raske løft på slutten av holdet.",
            "Fortsett i minst 6 måneder. Når du er fornøyd, holder det med 8–12 harde knip 1–2 ganger i uka. Er du gravid eller har født, er trening lurt selv uten lekkasje.",
        ],
    },
];

static NN_SCREENS: [Screen; 6] = [
    Screen {
        illustration: Illustration::FindMuscles,
        title: "Finn musklane",
        paragraphs: &[
            "Bekkenbotnen er eit lag med musklar djupt nede i bekkenet. Dei ligg rundt opningane: urinrøyret, skjeden eller penisrota, og endetarmsopninga.",
            "Knip forsiktig rundt opningane og løft opp og inn, som om du skal halde att luft. Slapp så heilt av.",
            "Det kan ta litt tid å finne musklane. Det er heilt vanleg.",
            "Trykk aldri nedover. Rørsla går alltid opp og inn.",
        ],
    },
    Screen {
        illustration: Illustration::Check,
        title: "Sjekk at det er rett",
        paragraphs: &[
            "Legg ei hand mellom beina, utanpå undertøyet. Knip og løft. Du skal kjenne eit lite løft innover, vekk frå handa.",
            "Du kan òg prøve éin gong å stoppe dei siste dropane på slutten av tissinga. Det er berre ein sjekk. Ikkje gjer det som fast trening.",
            "Kjenner du lite? Det er vanleg i starten. Øving hjelper.",
        ],
    },
    Screen {
        illustration: Illustration::Positions,
        title: "Vel stilling",
        paragraphs: &[
            "Du kan trene liggjande, sitjande eller ståande.",
            "Vel det som passar for deg. Det finst ingen fasit.",
            "Mange synest det er lettast å byrje liggjande.",
        ],
    },
    Screen {
        illustration: Illustration::Mistakes,
        title: "Vanlege feil",
        paragraphs: &[
            "Setet, låra og magen skal vere avslappa. Tippar bekkenet, er det andre musklar som arbeider.",
            "Pust roleg som vanleg. Ikkje hald pusten, og ikkje trekk pusten kraftig inn.",
            "Løft opp og inn – aldri press ned. Å presse ned kan gjere lekkasje verre.",
            "Kjenner du eit lite inntrekk nedst i magen, er det heilt greitt. Den djupe magemuskelen arbeider gjerne saman med bekkenbotnen.",
        ],
    },
    Screen {
        illustration: Illustration::Concentrate,
        title: "Konsentrer deg",
        paragraphs: &[
            "Tren når du kan gi det full merksemd, ikkje medan du gjer andre ting.",
            "Då knip du hardare, og det er lettare å gjere det rett.",
            "Finn ei roleg stund til kvar runde. Appen viser kor lang tid ein runde tek.",
        ],
    },
    Screen {
        illustration: Illustration::StartLight,
        title: "Start forsiktig",
        paragraphs: &[
            "Byrj med fleire lette knip etter kvarandre. Slapp heilt av mellom kvart knip.",
            "Målet er 8–12 knip, 3 rundar om dagen. Ta rundane etter kvarandre med ein kort pause, eller fordel dei utover dagen.",
            "Kvart knip: stram, hald, slepp og kvil 3–4 sekund. Når du kjenner musklane, knip du så hardt du kan og held lenger, opp mot 6–8 sekund. Då kan du leggje til 3–4 raske løft på slutten av haldeperioden.",
            "Hald fram i minst 6 månader. Når du er nøgd, er det nok med 8–12 harde knip 1–2 gonger i veka. Er du gravid eller har fødd, er trening lurt sjølv utan lekkasje.",
        ],
    },
];

static EN_SCREENS: [Screen; 6] = [
    Screen {
        illustration: Illustration::FindMuscles,
        title: "Find the muscles",
        paragraphs: &[
            "Your pelvic floor is a layer of muscle deep down in your pelvis. It sits around the openings: the urethra, the vagina or the base of the penis, and the anus.",
            "Gently squeeze around these openings and lift up and in, as if you were holding back wind. Then relax fully.",
            "It can take a while to find the muscles. That is completely normal.",
            "Never press down. The movement is always up and in.",
        ],
    },
    Screen {
        illustration: Illustration::Check,
        title: "Check you have found them",
        paragraphs: &[
            "Put a hand between your legs, outside your underwear. Squeeze and lift. You should feel a small lift inwards, away from your hand.",
            "You can also try, once, to stop the last drops at the end of peeing. It is only a check. Don't do it as regular training.",
            "Feel very little? That is common at first. Practice helps.",
        ],
    },
    Screen {
        illustration: Illustration::Positions,
        title: "Choose a position",
        paragraphs: &[
            "You can train lying down, sitting or standing.",
            "Pick what works for you. There is no single right way.",
            "Many people find lying down the easiest way to start.",
        ],
    },
    Screen {
        illustration: Illustration::Mistakes,
        title: "Common mistakes",
        paragraphs: &[
            "Keep your buttocks, thighs and belly relaxed. If your pelvis tilts, other muscles are doing the work.",
            "Breathe calmly, as you normally do. Don't hold your breath or take a big breath in.",
            "Lift up and in – never press down. Pressing down can make leakage worse.",
            "A gentle pull-in low in your belly is fine. That deep muscle likes to work together with the pelvic floor.",
        ],
    },
    Screen {
        illustration: Illustration::Concentrate,
        title: "Give it your attention",
        paragraphs: &[
            "Train when you can give it your full attention, not while you do other things.",
            "Then you squeeze harder, and it is easier to get it right.",
            "Find a quiet moment for each round. The app shows how long a round takes.",
        ],
    },
    Screen {
        illustration: Illustration::StartLight,
        title: "Start gently",
        paragraphs: &[
            "Begin with several light squeezes in a row. Relax fully between each one.",
            "The goal is 8–12 squeezes, 3 rounds a day. Do the rounds together with a short break in between, or spread them over the day.",
            "Each squeeze: tighten, hold, let go and rest 3–4 seconds. Once you can feel the muscles, squeeze as hard as you can and hold longer, up to 6–8 seconds. Then you can add 3–4 quick lifts at the end of the hold.",
            "Keep going for at least 6 months. Once you are happy, 8–12 strong squeezes 1–2 times a week is enough. If you are pregnant or have given birth, training is a good idea even without leakage.",
        ],
    },
];

/// A question of the self-check after the first squeezes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckQuestion {
    /// Did the buttocks, thighs or belly tighten?
    Buttocks,
    /// Did you hold your breath?
    Breath,
    /// Did you feel a lift inwards?
    Lift,
    /// Did it feel like pressing down?
    PressDown,
}

impl CheckQuestion {
    pub const ALL: [CheckQuestion; 4] = [
        CheckQuestion::Buttocks,
        CheckQuestion::Breath,
        CheckQuestion::Lift,
        CheckQuestion::PressDown,
    ];

    /// A "yes" means something else did the work (seed 003's common
    /// mistakes): the lift felt with it does not yet count.
    pub fn yes_is_compensation(self) -> bool {
        matches!(
            self,
            CheckQuestion::Buttocks | CheckQuestion::Breath | CheckQuestion::PressDown
        )
    }
}

/// The self-check's answers (in the order of [`CheckQuestion::ALL`]) as the
/// programme reads them.
pub fn self_check(answers: &[Option<bool>]) -> crate::domain::training::SelfCheck {
    let yes = |q: CheckQuestion| {
        CheckQuestion::ALL
            .iter()
            .position(|x| *x == q)
            .and_then(|i| answers.get(i).copied().flatten())
            == Some(true)
    };
    crate::domain::training::SelfCheck {
        felt_lift: yes(CheckQuestion::Lift),
        compensated: CheckQuestion::ALL
            .into_iter()
            .any(|q| q.yes_is_compensation() && yes(q)),
    }
}

/// The self-check question, as a yes/no question.
pub fn question(lang: Language, q: CheckQuestion) -> &'static str {
    use CheckQuestion::*;
    match (lang, q) {
        (Language::Bokmal, Buttocks) => "Strammet du setet, lårene eller magen?",
        (Language::Bokmal, Breath) => "Holdt du pusten?",
        (Language::Bokmal, Lift) => "Kjente du et løft innover?",
        (Language::Bokmal, PressDown) => "Kjentes det som å presse ned?",
        (Language::Nynorsk, Buttocks) => "Stramma du setet, låra eller magen?",
        (Language::Nynorsk, Breath) => "Heldt du pusten?",
        (Language::Nynorsk, Lift) => "Kjende du eit løft innover?",
        (Language::Nynorsk, PressDown) => "Kjendest det som å trykkje ned?",
        (Language::English, Buttocks) => "Did your buttocks, thighs or belly tighten?",
        (Language::English, Breath) => "Did you hold your breath?",
        (Language::English, Lift) => "Did you feel a lift inwards?",
        (Language::English, PressDown) => "Did it feel like pushing down?",
    }
}

/// The tip to show for an answer (yes = true). A "good" answer gets a short encouragement, a "bad" one
/// (buttocks yes, breath yes, lift no) gets a concrete targeted tip. For "no lift felt": suggest other positions,
/// a hand below to feel it, stopping the last drops at the end of peeing as a one-time check only (never as
/// training), patience,
/// and asking a GP for a referral to a physiotherapist who works with the pelvic floor if still unsure.
pub fn tip(lang: Language, q: CheckQuestion, answered_yes: bool) -> &'static str {
    use CheckQuestion::*;
    match (lang, q, answered_yes) {
        (Language::Bokmal, Buttocks, true) => {
            "Prøv et mindre og roligere knip. La setet, lårene og magen hvile, og kjenn at bare innsiden løfter seg. Bekkenet skal ligge stille."
        }
        (Language::Bokmal, Buttocks, false) => "Bra! Da er det de riktige musklene som jobber.",
        (Language::Bokmal, Breath, true) => {
            "Pust rolig hele veien. Prøv å puste sakte ut mens du kniper, eller tell høyt mens du holder."
        }
        (Language::Bokmal, Breath, false) => "Fint! Fortsett å puste som vanlig mens du kniper.",
        (Language::Bokmal, Lift, true) => "Flott! Det løftet er akkurat det du ser etter.",
        (Language::Bokmal, Lift, false) => {
            "Det er vanlig i starten, og det kommer med øvelse. Prøv en annen stilling, for eksempel liggende. Legg en hånd mellom beina, utenpå undertøyet, og kjenn etter et lite løft bort fra hånden. Du kan prøve én gang å stoppe de siste dråpene på slutten av tissingen, bare som en sjekk – aldri som trening. Er du fortsatt usikker etter en stund? Be fastlegen om en henvisning til en fysioterapeut som jobber med bekkenbunnen."
        }
        (Language::Bokmal, PressDown, true) => {
            "Tenk opp og inn, aldri ned. Start med et lite, forsiktig knip og slipp rolig. Å presse ned kan gjøre lekkasje verre, så et lite løft er bedre enn et hardt trykk."
        }
        (Language::Bokmal, PressDown, false) => "Bra! Opp og inn er akkurat riktig.",
        (Language::Nynorsk, Buttocks, true) => {
            "Prøv eit mindre og rolegare knip. La setet, låra og magen kvile, og kjenn at berre innsida løftar seg. Bekkenet skal liggje i ro."
        }
        (Language::Nynorsk, Buttocks, false) => "Bra! Då er det dei rette musklane som arbeider.",
        (Language::Nynorsk, Breath, true) => {
            "Pust roleg heile vegen. Prøv å puste sakte ut medan du knip, eller tel høgt medan du held."
        }
        (Language::Nynorsk, Breath, false) => {
            "Fint! Hald fram med å puste som vanleg medan du knip."
        }
        (Language::Nynorsk, Lift, true) => "Flott! Det løftet er akkurat det du ser etter.",
        (Language::Nynorsk, Lift, false) => {
            "Det er vanleg i starten, og det kjem med øving. Prøv ei anna stilling, til dømes liggjande. Legg ei hand mellom beina, utanpå undertøyet, og kjenn etter eit lite løft vekk frå handa. Du kan prøve éin gong å stoppe dei siste dropane på slutten av tissinga, berre som ein sjekk – aldri som trening. Er du framleis usikker etter ei tid? Be fastlegen om ei tilvising til ein fysioterapeut som arbeider med bekkenbotnen."
        }
        (Language::Nynorsk, PressDown, true) => {
            "Tenk opp og inn, aldri ned. Byrj med eit lite, forsiktig knip og slepp roleg. Å trykkje ned kan gjere lekkasje verre, så eit lite løft er betre enn eit hardt trykk."
        }
        (Language::Nynorsk, PressDown, false) => "Bra! Opp og inn er akkurat rett.",
        (Language::English, Buttocks, true) => {
            "Try a smaller, calmer squeeze. Let your buttocks, thighs and belly rest, and feel only the inside lift. Your pelvis should stay still."
        }
        (Language::English, Buttocks, false) => "Good! Then the right muscles are doing the work.",
        (Language::English, Breath, true) => {
            "Keep breathing calmly the whole time. Try breathing out slowly as you squeeze, or count out loud while you hold."
        }
        (Language::English, Breath, false) => "Good. Keep breathing as usual while you squeeze.",
        (Language::English, Lift, true) => "Great! That lift is exactly what you are looking for.",
        (Language::English, Lift, false) => {
            "That is common at first, and it comes with practice. Try another position, such as lying down. Put a hand between your legs, outside your underwear, and feel for a small lift away from it. You can try once to stop the last drops at the end of peeing, only as a check – never as training. Still unsure after a while? Ask your GP for a referral to a physiotherapist who works with the pelvic floor."
        }
        (Language::English, PressDown, true) => {
            "Think up and in, never down. Start with a small, gentle squeeze and let go slowly. Pressing down can make leakage worse, so a small lift is better than a hard push."
        }
        (Language::English, PressDown, false) => "Good! Up and in is just right.",
    }
}

/// Tips tied to problems reported after a session; same texts as the self-check tips where they overlap.
pub fn problem_tip(lang: Language, p: TechniqueProblem) -> &'static str {
    match p {
        TechniqueProblem::OtherMuscles => tip(lang, CheckQuestion::Buttocks, true),
        TechniqueProblem::HeldBreath => tip(lang, CheckQuestion::Breath, true),
        TechniqueProblem::FeltNothing => tip(lang, CheckQuestion::Lift, false),
        TechniqueProblem::PressedDown => tip(lang, CheckQuestion::PressDown, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [Illustration; 6] = [
        Illustration::FindMuscles,
        Illustration::Check,
        Illustration::Positions,
        Illustration::Mistakes,
        Illustration::Concentrate,
        Illustration::StartLight,
    ];

    #[test]
    fn six_screens_in_the_same_order_in_every_language() {
        for lang in Language::ALL {
            let order: Vec<_> = screens(lang).iter().map(|s| s.illustration).collect();
            assert_eq!(order, ORDER, "{lang:?}");
        }
    }

    #[test]
    fn screens_have_a_title_and_two_to_four_paragraphs() {
        for lang in Language::ALL {
            for screen in screens(lang) {
                assert!(!screen.title.trim().is_empty(), "{lang:?}");
                let n = screen.paragraphs.len();
                assert!((2..=4).contains(&n), "{lang:?} {:?}", screen.illustration);
                for p in screen.paragraphs {
                    assert!(!p.trim().is_empty(), "{lang:?} {:?}", screen.illustration);
                }
            }
        }
    }

    #[test]
    fn screens_are_translated() {
        for (nb, en) in screens(Language::Bokmal)
            .iter()
            .zip(screens(Language::English))
        {
            assert_ne!(nb.title, en.title);
            assert_ne!(nb.paragraphs, en.paragraphs);
        }
        for (nb, nn) in screens(Language::Bokmal)
            .iter()
            .zip(screens(Language::Nynorsk))
        {
            assert_ne!(nb.paragraphs, nn.paragraphs, "{:?}", nb.illustration);
        }
    }

    #[test]
    fn questions_and_tips_exist_and_are_translated() {
        for q in CheckQuestion::ALL {
            for lang in Language::ALL {
                assert!(!question(lang, q).trim().is_empty());
                assert!(!tip(lang, q, true).trim().is_empty());
                assert!(!tip(lang, q, false).trim().is_empty());
            }
            assert_ne!(
                question(Language::Bokmal, q),
                question(Language::English, q)
            );
            for yes in [true, false] {
                assert_ne!(
                    tip(Language::Bokmal, q, yes),
                    tip(Language::English, q, yes)
                );
                assert_ne!(
                    tip(Language::English, q, yes),
                    tip(Language::English, q, !yes)
                );
            }
        }
    }

    #[test]
    fn problem_tips_exist_and_are_translated() {
        for p in TechniqueProblem::ALL {
            for lang in Language::ALL {
                assert!(!problem_tip(lang, p).trim().is_empty());
            }
            assert_ne!(
                problem_tip(Language::Bokmal, p),
                problem_tip(Language::English, p)
            );
        }
    }

    #[test]
    fn problem_tips_reuse_the_self_check_tips() {
        for lang in Language::ALL {
            assert_eq!(
                problem_tip(lang, TechniqueProblem::OtherMuscles),
                tip(lang, CheckQuestion::Buttocks, true)
            );
            assert_eq!(
                problem_tip(lang, TechniqueProblem::HeldBreath),
                tip(lang, CheckQuestion::Breath, true)
            );
            assert_eq!(
                problem_tip(lang, TechniqueProblem::FeltNothing),
                tip(lang, CheckQuestion::Lift, false)
            );
            assert_eq!(
                problem_tip(lang, TechniqueProblem::PressedDown),
                tip(lang, CheckQuestion::PressDown, true)
            );
        }
    }

    #[test]
    fn the_lift_counts_only_when_no_other_answer_shows_compensation() {
        let yes = Some(true);
        let no = Some(false);
        // Buttocks, breath, lift, press down.
        assert!(self_check(&[no, no, yes, no]).lift_counts());
        assert!(self_check(&[None, None, yes, None]).lift_counts());
        assert!(!self_check(&[yes, no, yes, no]).lift_counts());
        assert!(!self_check(&[no, yes, yes, no]).lift_counts());
        assert!(!self_check(&[no, no, yes, yes]).lift_counts());
        assert!(!self_check(&[no, no, no, no]).lift_counts());
    }

    #[test]
    fn the_no_lift_tip_covers_the_next_steps() {
        let text = tip(Language::English, CheckQuestion::Lift, false);
        for needle in [
            "position",
            "hand",
            "only as a check",
            "never as training",
            "GP",
            "physiotherapist",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn the_programme_figures_are_in_every_language() {
        for lang in Language::ALL {
            let start = screens(lang)[5].paragraphs.concat();
            for figure in ["8–12", "3 ", "6–8", "3–4", "6 m", "1–2"] {
                assert!(start.contains(figure), "{lang:?} missing {figure}");
            }
        }
    }
}

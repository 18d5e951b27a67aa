//! The guided sequences' words, per language: plain data, like the
//! introduction's screens. The times are in `domain::relax::GuidedSequence`.

use crate::domain::Language;
use crate::domain::relax::GuidedSequence;

/// The sequence's name.
pub fn title(lang: Language, sequence: GuidedSequence) -> &'static str {
    use GuidedSequence::*;
    match (lang, sequence) {
        (Language::Bokmal, BodyScan) => "Kroppsskanning",
        (Language::Nynorsk, BodyScan) => "Kroppsskanning",
        (Language::English, BodyScan) => "Body scan",
        (Language::Bokmal, TenseAndRelease) => "Spenn og slipp",
        (Language::Nynorsk, TenseAndRelease) => "Spenn og slepp",
        (Language::English, TenseAndRelease) => "Tense and let go",
        (Language::Bokmal, CalmBreathing) => "Rolig pust",
        (Language::Nynorsk, CalmBreathing) => "Roleg pust",
        (Language::English, CalmBreathing) => "Calm breathing",
        (Language::Bokmal, UrgeControl) => "Når trangen kommer",
        (Language::Nynorsk, UrgeControl) => "Når trongen kjem",
        (Language::English, UrgeControl) => "When the urge comes",
    }
}

/// All steps of a sequence in one language.
pub fn steps(lang: Language, sequence: GuidedSequence) -> &'static [&'static str] {
    use GuidedSequence::*;
    match (lang, sequence) {
        (Language::Bokmal, BodyScan) => &[
            "Legg deg eller sett deg godt til rette. Lukk øynene hvis du vil.",
            "Kjenn føttene. Legg merke til hvordan de hviler mot underlaget.",
            "Flytt oppmerksomheten til leggene og knærne. La dem bli tunge.",
            "Kjenn lårene og hoftene. Slipp taket i dem.",
            "Kjenn bekkenet og magen. La magen bevege seg fritt når du puster.",
            "Kjenn bekkenbunnen, mellom beina. La den bli myk og gi etter, litt mer for hvert utpust. Du trenger ikke gjøre noe.",
            "Kjenn ryggen og skuldrene. La skuldrene synke ned.",
            "Kjenn armene, hendene, nakken og ansiktet. Slipp kjeven.",
            "Kjenn hele kroppen på én gang. Bli liggende litt og pust rolig.",
        ],
        (Language::Nynorsk, BodyScan) => &[
            "Legg deg eller set deg godt til rette. Lukk auga om du vil.",
            "Kjenn føtene. Legg merke til korleis dei kviler mot underlaget.",
            "Flytt merksemda til leggene og knea. La dei bli tunge.",
            "Kjenn låra og hoftene. Slepp taket i dei.",
            "Kjenn bekkenet og magen. La magen røre seg fritt når du pustar.",
            "Kjenn bekkenbotnen, mellom beina. La han bli mjuk og gi etter, litt meir for kvar utpust. Du treng ikkje gjere noko.",
            "Kjenn ryggen og skuldrene. La skuldrene søkke ned.",
            "Kjenn armane, hendene, nakken og andletet. Slepp kjeven.",
            "Kjenn heile kroppen på ein gong. Bli liggjande litt og pust roleg.",
        ],
        (Language::English, BodyScan) => &[
            "Lie or sit comfortably. Close your eyes if you like.",
            "Notice your feet and how they rest on what is beneath them.",
            "Move your attention to your calves and knees. Let them grow heavy.",
            "Notice your thighs and hips. Let go of them.",
            "Notice your pelvis and belly. Let your belly move freely as you breathe.",
            "Notice your pelvic floor, between your legs. Let it soften and give way a little more with each breath out. There is nothing you need to do.",
            "Notice your back and shoulders. Let your shoulders sink.",
            "Notice your arms, hands, neck and face. Let your jaw go loose.",
            "Feel your whole body at once. Stay a little longer and breathe calmly.",
        ],
        (Language::Bokmal, TenseAndRelease) => &[
            "Sett deg eller legg deg godt til rette.",
            "Knyt hendene hardt i noen sekunder. Slipp, og kjenn forskjellen.",
            "Trekk skuldrene opp mot ørene. Slipp dem ned igjen.",
            "Spenn lårene. Slipp, og la bena bli tunge.",
            "Krøll tærne. Slipp dem.",
            "Stram ansiktet. Slipp, og la pannen bli glatt.",
            "Kjenn etter hvordan hele kroppen er nå. Pust rolig.",
        ],
        (Language::Nynorsk, TenseAndRelease) => &[
            "Set deg eller legg deg godt til rette.",
            "Knyt hendene hardt i nokre sekund. Slepp, og kjenn skilnaden.",
            "Trekk skuldrene opp mot øyra. Slepp dei ned att.",
            "Spenn låra. Slepp, og la beina bli tunge.",
            "Krøll tærne. Slepp dei.",
            "Stram andletet. Slepp, og la panna bli glatt.",
            "Kjenn etter korleis heile kroppen er no. Pust roleg.",
        ],
        (Language::English, TenseAndRelease) => &[
            "Sit or lie comfortably.",
            "Clench your hands hard for a few seconds. Let go and notice the difference.",
            "Pull your shoulders up towards your ears. Let them drop again.",
            "Tense your thighs. Let go and let your legs grow heavy.",
            "Curl your toes. Let them go.",
            "Tighten your face. Let go and let your forehead smooth out.",
            "Notice how your whole body feels now. Breathe calmly.",
        ],
        (Language::Bokmal, CalmBreathing) => &[
            "Sett deg eller legg deg godt til rette. Legg en hånd på magen.",
            "Pust inn gjennom nesen, og kjenn at magen løfter hånden.",
            "Pust sakte ut, litt lenger enn du pustet inn.",
            "Fortsett i ditt eget tempo. Tankene kan komme og gå.",
            "Slipp pusten fri, og kjenn hvordan du har det nå.",
        ],
        (Language::Nynorsk, CalmBreathing) => &[
            "Set deg eller legg deg godt til rette. Legg ei hand på magen.",
            "Pust inn gjennom nasen, og kjenn at magen løftar handa.",
            "Pust sakte ut, litt lenger enn du pusta inn.",
            "Hald fram i ditt eige tempo. Tankane kan kome og gå.",
            "Slepp pusten fri, og kjenn korleis du har det no.",
        ],
        (Language::English, CalmBreathing) => &[
            "Sit or lie comfortably. Rest a hand on your belly.",
            "Breathe in through your nose and feel your belly lift your hand.",
            "Breathe out slowly, a little longer than you breathed in.",
            "Carry on at your own pace. Thoughts may come and go.",
            "Let your breath go free, and notice how you feel now.",
        ],
        (Language::Bokmal, UrgeControl) => &[
            "Dette øver du på nå, så det sitter når en sterk trang kommer. Tenk deg at trangen melder seg.",
            "Stopp opp. Stå stille, eller sett deg ned hvis du kan. Ikke løp mot toalettet.",
            "Knip raskt og kraftig med bekkenbunnen noen ganger, fem eller seks, og slipp helt mellom hvert knip.",
            "Pust rolig inn gjennom nesen, og sakte ut. La magen være myk.",
            "Kjenn at trangen topper seg og så blir svakere. Den går over, selv om det ikke føles slik med en gang.",
            "Tenk på noe annet en liten stund: tell baklengs fra hundre, eller se deg rundt.",
            "Når trangen har roet seg: gå rolig til toalettet, eller vent til neste gang etter målet ditt.",
            "Godt øvd. Jo oftere du gjør dette, jo lettere blir det når trangen kommer på ekte.",
        ],
        (Language::Nynorsk, UrgeControl) => &[
            "Dette øver du på no, så det sit når ein sterk trong kjem. Tenk deg at trongen meldar seg.",
            "Stopp opp. Stå stille, eller set deg ned om du kan. Ikkje spring mot toalettet.",
            "Knip raskt og kraftig med bekkenbotnen nokre gonger, fem eller seks, og slepp heilt mellom kvart knip.",
            "Pust roleg inn gjennom nasen, og sakte ut. La magen vere mjuk.",
            "Kjenn at trongen toppar seg og så blir svakare. Han går over, sjølv om det ikkje kjennest slik med ein gong.",
            "Tenk på noko anna ei lita stund: tel baklengs frå hundre, eller sjå deg rundt.",
            "Når trongen har roa seg: gå roleg til toalettet, eller vent til neste gong etter målet ditt.",
            "Godt øvd. Di oftare du gjer dette, di lettare blir det når trongen kjem på ordentleg.",
        ],
        (Language::English, UrgeControl) => &[
            "You are practising now, so that it comes by itself when a strong urge arrives. Imagine the urge starting.",
            "Stop. Stand still, or sit down if you can. Don't rush to the toilet.",
            "Squeeze your pelvic floor quickly and firmly a few times, five or six, letting go fully after each one.",
            "Breathe in calmly through your nose, and out slowly. Keep your belly soft.",
            "Notice the urge peak and then fade. It passes, even if it doesn't feel that way at first.",
            "Think of something else for a moment: count backwards from a hundred, or look around you.",
            "Once the urge has settled: walk calmly to the toilet, or wait until your next visit by your target.",
            "Well practised. The more often you do this, the easier it gets when the urge comes for real.",
        ],
    }
}

/// One step's words; empty for an index that does not exist.
pub fn step_text(lang: Language, sequence: u8, step: u8) -> &'static str {
    GuidedSequence::from_index(sequence)
        .and_then(|seq| steps(lang, seq).get(usize::from(step)).copied())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_words_in_every_language() {
        for lang in [Language::Bokmal, Language::Nynorsk, Language::English] {
            for seq in GuidedSequence::ALL {
                let words = steps(lang, seq);
                assert_eq!(words.len(), seq.step_secs().len(), "{lang:?} {seq:?}");
                assert!(words.iter().all(|w| !w.trim().is_empty()));
                assert!(!title(lang, seq).is_empty());
            }
        }
        assert_eq!(step_text(Language::English, 9, 0), "");
    }

    #[test]
    fn the_body_scan_lets_the_pelvic_floor_soften_in_every_language() {
        let step = GuidedSequence::BodyScan.pelvic_floor_step().unwrap();
        for (lang, word) in [
            (Language::Bokmal, "bekkenbunnen"),
            (Language::Nynorsk, "bekkenbotnen"),
            (Language::English, "pelvic floor"),
        ] {
            let text = steps(lang, GuidedSequence::BodyScan)[step];
            assert!(text.contains(word), "{lang:?}: {text}");
        }
    }
}

//! Pathways by main problem: what the start assessment decides for the
//! programme. Every rule is here, once, each with its source in a
//! `[rule:…]` tag that `docs/clinical-safety.md` lists (a test fails when
//! a tag has no entry there).
//!
//! A pathway is not one of a list: each problem the patient names adds its
//! own parts, so that combined problems (pain with urgency, say) get the
//! parts of each, and the safer rule wins where two meet (relaxation first
//! and no maximal squeezes until assessed, whatever else is named).

pub mod assessment;
pub mod bladder;

pub use assessment::{Assessment, AssessmentError, Problem, RedFlag, SeeDoctor};

/// One piece of advice a pathway shows (the texts live with the pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Advice {
    /// Squeeze just before a cough, a sneeze or a lift.
    SqueezeBeforeStrain,
    /// Avoid straining on the toilet; treat constipation.
    AvoidStraining,
    /// Cut down on coffee, tea, cola and energy drinks.
    LessCaffeine,
    /// Drink as usual: too little makes the urine stronger and the urge worse.
    KeepDrinking,
    /// Less to drink in the last hours before bed if night-time visits bother.
    NightVisits,
    /// After a birth: light squeezes first, building up.
    LightStartAfterBirth,
    /// After a tear or a caesarean: what the maternity team said comes first.
    MaternityTeamFirst,
    /// Leakage of wind or stool: there is good help, see a doctor.
    BowelSeeDoctor,
    /// Long-lasting pain: the pain should have been examined by a doctor.
    PainExamined,
}

/// The parts of the programme the answers call for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathway {
    problems: Vec<Problem>,
}

impl Pathway {
    /// The pathway of an assessment. No answer, or only "not sure", gives
    /// the programme of seed 003 as it stands (our rule: it is the national
    /// advice for everyone, and the safe default).
    pub fn of(assessment: &Assessment) -> Self {
        let mut problems: Vec<Problem> = assessment
            .problems
            .iter()
            .copied()
            .filter(|p| *p != Problem::Unsure)
            .collect();
        problems.sort();
        problems.dedup();
        Pathway { problems }
    }

    fn has(&self, problem: Problem) -> bool {
        self.problems.contains(&problem)
    }

    /// The problems that shaped it (none: the general programme).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// [rule:pathway-training] Every pathway keeps the pelvic floor training
    /// of seed 003 (8–12 × 3 a day): it is first-line for effort and mixed
    /// leakage (NICE NG123 §1.3), for prolapse symptoms (§1.11, at least 16
    /// weeks), in pregnancy and after birth (003), and 003 names wind and
    /// stool leakage among its reasons. For pelvic pain it stays gentle
    /// (see [`Pathway::maximal_needs_assessment`]).
    pub fn trains_pelvic_floor(&self) -> bool {
        true
    }

    /// [rule:pathway-bladder-training] Urgency (alone or mixed) adds bladder
    /// training: a bladder diary, an interval target that grows, an
    /// urge-control session and advice on drinks (NICE NG123 §1.3:
    /// bladder training for at least 6 weeks is first-line; Tät II).
    pub fn bladder_training(&self) -> bool {
        self.has(Problem::Urgency)
    }

    /// [rule:pathway-relaxation-first] Long-lasting pelvic pain puts
    /// relaxation and letting go first: at least 30 minutes of relaxation a
    /// day (seed 000), breathing with the pelvic floor letting go, and pain
    /// education first in Learn (seeds 000–002: the work is on tension and
    /// letting go, not on strength).
    pub fn relaxation_first(&self) -> bool {
        self.has(Problem::PelvicPain)
    }

    /// [rule:pathway-pain-no-maximal] With long-lasting pelvic pain, the
    /// intensive phase and "as hard as you can" stay off until a
    /// physiotherapist has assessed the patient: a linked therapist switches
    /// the phase on, or the patient confirms the assessment (seeds 000 and
    /// 002: examined first; maximal squeezes can add to the tension behind
    /// the pain).
    pub fn maximal_needs_assessment(&self) -> bool {
        self.has(Problem::PelvicPain)
    }

    /// Whether squeezes "as hard as you can" and the intensive phase are
    /// open: always, but with long-lasting pelvic pain only once a
    /// physiotherapist has assessed the patient, `assessed` (the patient's
    /// confirmation, or a programme a linked therapist set).
    pub fn maximal_allowed(&self, assessed: bool) -> bool {
        !self.maximal_needs_assessment() || assessed
    }

    /// The daily relaxation the pathway asks for, in minutes (seed 000: each
    /// day ends with at least half an hour).
    pub fn daily_relaxation_minutes(&self) -> Option<u16> {
        self.relaxation_first().then_some(30)
    }

    /// The education modules to read first, in order (the rest follow in
    /// Learn's own order).
    ///
    /// [rule:pathway-modules] Pain: how pain works and long-lasting pain
    /// first (seeds 001 and 002 open with them). Pregnancy: the pregnancy
    /// module (003). Everyone: the pelvic floor and finding the muscles
    /// (003, steps 1–2).
    pub fn first_modules(&self) -> Vec<&'static str> {
        let mut modules = Vec::new();
        if self.relaxation_first() {
            modules.extend(["how-pain-works", "long-lasting-pain"]);
        }
        if self.has(Problem::PregnancyOrBirth) {
            modules.push("pregnancy");
        }
        modules.extend(["pelvic-floor", "finding-the-muscles"]);
        modules
    }

    /// The advice to show, in a fixed order.
    ///
    /// [rule:pathway-advice] Effort leakage and prolapse: squeeze before a
    /// cough or a lift (our rule, the habit that puts 003's training to
    /// use); prolapse: avoid straining (NICE NG123 §1.2: treat
    /// constipation). Urgency: less caffeine, drink as usual, fewer drinks
    /// before bed (NICE NG123 §1.2). After a birth: start light (003, step
    /// 6), and what the maternity team said after a tear or a caesarean
    /// comes first (our rule: they know the birth). Wind or stool: see a
    /// doctor, there is good help (003, follow-up). Pain: examined first
    /// (seeds 000, 002).
    pub fn advice(&self) -> Vec<Advice> {
        let mut advice = Vec::new();
        if self.has(Problem::EffortLeakage) || self.has(Problem::Bulge) {
            advice.push(Advice::SqueezeBeforeStrain);
        }
        if self.has(Problem::Bulge) {
            advice.push(Advice::AvoidStraining);
        }
        if self.bladder_training() {
            advice.extend([
                Advice::LessCaffeine,
                Advice::KeepDrinking,
                Advice::NightVisits,
            ]);
        }
        if self.has(Problem::PregnancyOrBirth) {
            advice.extend([Advice::LightStartAfterBirth, Advice::MaternityTeamFirst]);
        }
        if self.has(Problem::Bowel) {
            advice.push(Advice::BowelSeeDoctor);
        }
        if self.relaxation_first() {
            advice.push(Advice::PainExamined);
        }
        advice.sort();
        advice.dedup();
        advice
    }

    /// Training during pregnancy and after birth is recommended even
    /// without leakage (seed 003): the programme's pregnancy flag.
    pub fn pregnancy(&self) -> bool {
        self.has(Problem::PregnancyOrBirth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pathway(problems: &[Problem]) -> Pathway {
        Pathway::of(&Assessment {
            problems: problems.to_vec(),
            ..Assessment::default()
        })
    }

    /// What a pathway decides, in one line per part, for the table below.
    fn summary(p: &Pathway) -> (bool, bool, bool, Option<u16>) {
        (
            p.bladder_training(),
            p.relaxation_first(),
            p.maximal_needs_assessment(),
            p.daily_relaxation_minutes(),
        )
    }

    #[test]
    fn each_problem_alone_gets_its_own_parts() {
        use Problem::*;
        let table = [
            (EffortLeakage, (false, false, false, None)),
            (Urgency, (true, false, false, None)),
            (PelvicPain, (false, true, true, Some(30))),
            (Bulge, (false, false, false, None)),
            (PregnancyOrBirth, (false, false, false, None)),
            (Bowel, (false, false, false, None)),
            (Unsure, (false, false, false, None)),
        ];
        for (problem, parts) in table {
            let p = pathway(&[problem]);
            assert_eq!(summary(&p), parts, "{problem:?}");
            assert!(p.trains_pelvic_floor(), "{problem:?}");
        }
        assert_eq!(pathway(&[]), pathway(&[Unsure]));
        assert_eq!(pathway(&[Unsure]).problems(), &[]);
    }

    #[test]
    fn combined_problems_get_the_parts_of_each_and_the_safer_rule() {
        use Problem::*;
        let pain_and_urgency = pathway(&[Urgency, PelvicPain]);
        assert_eq!(summary(&pain_and_urgency), (true, true, true, Some(30)));
        let mixed = pathway(&[EffortLeakage, Urgency]);
        assert_eq!(summary(&mixed), (true, false, false, None));
        assert!(mixed.advice().contains(&Advice::SqueezeBeforeStrain));
        assert!(mixed.advice().contains(&Advice::LessCaffeine));
        let all = pathway(&Problem::ALL);
        assert_eq!(summary(&all), (true, true, true, Some(30)));
        assert_eq!(all.problems().len(), Problem::ALL.len() - 1);
    }

    #[test]
    fn pain_keeps_maximal_squeezes_off_until_a_physiotherapist_has_assessed() {
        for problems in [
            vec![Problem::PelvicPain],
            vec![Problem::PelvicPain, Problem::Urgency],
        ] {
            let p = pathway(&problems);
            assert!(!p.maximal_allowed(false), "{problems:?}");
            assert!(p.maximal_allowed(true), "{problems:?}");
        }
        for problem in Problem::ALL
            .into_iter()
            .filter(|p| *p != Problem::PelvicPain)
        {
            assert!(pathway(&[problem]).maximal_allowed(false), "{problem:?}");
        }
    }

    #[test]
    fn advice_follows_the_problem() {
        use Advice::*;
        use Problem::*;
        assert_eq!(
            pathway(&[EffortLeakage]).advice(),
            vec![SqueezeBeforeStrain]
        );
        assert_eq!(
            pathway(&[Bulge]).advice(),
            vec![SqueezeBeforeStrain, AvoidStraining]
        );
        assert_eq!(
            pathway(&[Urgency]).advice(),
            vec![LessCaffeine, KeepDrinking, NightVisits]
        );
        assert_eq!(
            pathway(&[PregnancyOrBirth]).advice(),
            vec![LightStartAfterBirth, MaternityTeamFirst]
        );
        assert_eq!(pathway(&[Bowel]).advice(), vec![BowelSeeDoctor]);
        assert_eq!(pathway(&[PelvicPain]).advice(), vec![PainExamined]);
        assert_eq!(pathway(&[]).advice(), vec![]);
    }

    #[test]
    fn pain_reads_about_pain_first_and_everyone_about_the_pelvic_floor() {
        assert_eq!(
            pathway(&[Problem::PelvicPain]).first_modules(),
            vec![
                "how-pain-works",
                "long-lasting-pain",
                "pelvic-floor",
                "finding-the-muscles"
            ]
        );
        assert_eq!(
            pathway(&[Problem::PregnancyOrBirth]).first_modules()[0],
            "pregnancy"
        );
        assert_eq!(
            pathway(&[]).first_modules(),
            vec!["pelvic-floor", "finding-the-muscles"]
        );
    }

    #[test]
    fn the_first_modules_exist() {
        let listed = include_str!("../../../content/learn/modules.txt");
        for problems in [vec![Problem::PelvicPain, Problem::PregnancyOrBirth], vec![]] {
            for module in pathway(&problems).first_modules() {
                assert!(listed.lines().any(|l| l.trim() == module), "{module}");
            }
        }
    }
}

//! A therapist and their patients: the invite code a patient enters to link,
//! what a link lets the therapist see and change, and the figures and flags
//! of the therapist's overview. Plain Rust; the server reads the facts from
//! tables its sync keeps up to date and hands them to [`overview`].

/// How long an invite code can be used (DESIGN: 14 days).
pub const INVITE_DAYS: i64 = 14;
/// The longest clinical note or reason a therapist may write.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Patients on one page of the overview.
pub const PAGE_SIZE: usize = 25;

// Caps per account (our rule: each is far above what the work needs, so a
// therapist meets none in ordinary use, and low enough that one account
// cannot grow a page, an export or the database without bound). Reaching
// one is refused with `limit_reached` (409).

/// Open invite codes of a therapist (unused, not expired): a code lives
/// [`INVITE_DAYS`], and 50 is more than three new patients a day for the
/// whole fortnight. A used or expired code stops counting.
pub const MAX_OPEN_INVITES: usize = 50;

/// Notes of one therapist on one patient: one per visit, weekly, for four
/// years; with [`MAX_NOTE_CHARS`] at most 0.8 MB per patient (2,000 notes
/// made an 8.4 MB export). The clinic's record belongs in its journal
/// system; these are working notes.
pub const MAX_NOTES_PER_PATIENT: usize = 200;

mod access;
mod cohort;
mod flags;
mod invite;
mod note;
mod overview;

pub use access::*;
pub use cohort::*;
pub use flags::*;
pub use invite::*;
pub use note::*;
pub use overview::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diary::DiaryDay;
    use crate::domain::sync::Questionnaire;
    use crate::domain::training::adherence::{DoseChange, SessionFact};
    use crate::domain::training::{Phase, Prescription, Programme};
    use proptest::prelude::*;
    use time::macros::date;
    use time::{Date, Duration};

    #[test]
    fn codes_read_aloud_survive_typing() {
        let code = InviteCode::from_random([0x12, 0x34, 0x56, 0x78, 0x9a]);
        assert_eq!(code.as_str().len(), 8);
        assert_eq!(InviteCode::parse(&code.display()), Ok(code.clone()));
        assert_eq!(
            InviteCode::parse(&format!(" {} ", code.as_str().to_lowercase())),
            Ok(code)
        );
        // O, I and L are read as 0, 1 and 1.
        assert_eq!(
            InviteCode::parse("abco-illz").map(|c| c.display()),
            Ok("ABC0-111Z".to_owned())
        );
        assert_eq!(InviteCode::parse("ABC"), Err(InviteCodeError::Length));
        assert_eq!(
            InviteCode::parse("ABCD-EFGH-J"),
            Err(InviteCodeError::Length)
        );
        assert_eq!(
            InviteCode::parse("ABCD-EFG!"),
            Err(InviteCodeError::Character)
        );
        assert_eq!(
            InviteCode::parse("ABCD-EFGU"),
            Err(InviteCodeError::Character)
        );
        assert_eq!(InviteCode::parse(""), Err(InviteCodeError::Length));
    }

    proptest! {
        #[test]
        fn every_random_code_parses_back(bytes in any::<[u8; 5]>()) {
            let code = InviteCode::from_random(bytes);
            prop_assert_eq!(InviteCode::parse(&code.display()), Ok(code));
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,20}") {
            let _ = InviteCode::parse(&raw);
        }
    }

    fn programme(since: Date) -> Option<(Programme, Prescription)> {
        let p = Programme::new(since)
            .start_intensive(since)
            .expect("learning moves on");
        Some((p, Prescription::default()))
    }

    fn trained(days: impl IntoIterator<Item = Date>) -> Vec<SessionFact> {
        days.into_iter()
            .map(|day| SessionFact {
                day,
                reps: Prescription::default().daily_reps(),
                rounds: Prescription::default().rounds_per_day(),
                asked: Some((&Prescription::default()).into()),
            })
            .collect()
    }

    #[test]
    fn a_dose_change_today_leaves_the_figures_of_yesterday_as_they_were() {
        use crate::domain::training::prescription::RepsPerRound;
        let today = date!(2026 - 11 - 29);
        let yesterday = today - Duration::days(1);
        // Six days of 10 × 3 in seven, two of them one round short.
        let mut sessions = trained((1..7).map(|n| today - Duration::days(n)));
        sessions[0].reps = 20;
        sessions[3].reps = 20;
        let mut twelve = Prescription::default().to_builder();
        twelve.reps_per_round = RepsPerRound::parse(12).unwrap();
        let twelve = twelve.build().unwrap();
        let (programme, ten) = programme(today - Duration::days(60)).unwrap();
        let set = |on, p: &Prescription| DoseChange {
            on,
            asked: p.into(),
        };
        let first = set(today - Duration::days(60), &ten);
        let facts = |prescription: Prescription, changes: Vec<DoseChange>| PatientFacts {
            programme: Some((programme, prescription)),
            dose_changes: changes,
            sessions: sessions.clone(),
            last_session: Some(yesterday),
            ..PatientFacts::default()
        };
        let before = overview(&facts(ten, vec![first]), yesterday);
        let changed = facts(twelve, vec![first, set(today, &twelve)]);
        let after = overview(&changed, yesterday);
        assert_eq!(before.dose_7, Some(76), "160 of 210 squeezes");
        assert_eq!(
            (after.dose_7, after.dose_30),
            (before.dose_7, before.dose_30)
        );
        // Today itself is asked 36 (nothing done yet): 160 of 216.
        assert_eq!(overview(&changed, today).dose_7, Some(74));
    }

    #[test]
    fn a_patient_who_trains_every_day_has_no_flags() {
        let today = date!(2026 - 11 - 29);
        let days: Vec<Date> = (0..30).map(|n| today - Duration::days(n)).collect();
        let facts = PatientFacts {
            programme: programme(today - Duration::days(60)),
            sessions: trained(days),
            last_session: Some(today),
            ..PatientFacts::default()
        };
        let o = overview(&facts, today);
        assert_eq!(o.dose_7, Some(100));
        assert_eq!(o.dose_30, Some(100));
        assert_eq!(o.days_since_session, Some(0));
        assert_eq!(o.phase, Some(Phase::Intensive));
        assert_eq!(o.week, Some(9));
        assert!(o.flags.is_empty(), "{:?}", o.flags);
    }

    #[test]
    fn stopping_and_low_dose_are_flagged_and_sorted_first() {
        let today = date!(2026 - 11 - 29);
        let stopped = PatientFacts {
            programme: programme(today - Duration::days(60)),
            sessions: trained([today - Duration::days(9)]),
            last_session: Some(today - Duration::days(9)),
            ..PatientFacts::default()
        };
        let o = overview(&stopped, today);
        assert_eq!(o.days_since_session, Some(9));
        assert_eq!(o.dose_7, Some(0));
        assert_eq!(o.flags, vec![Flag::NoTraining, Flag::LowDose]);

        let fine = overview(
            &PatientFacts {
                programme: programme(today - Duration::days(60)),
                sessions: trained((0..7).map(|n| today - Duration::days(n))),
                last_session: Some(today),
                ..PatientFacts::default()
            },
            today,
        );
        let mut rows = vec![("Ada", fine), ("Bea", o)];
        sort(&mut rows, SortBy::Need, |(n, o)| (n, o));
        assert_eq!(rows[0].0, "Bea");
        sort(&mut rows, SortBy::Name, |(n, o)| (n, o));
        assert_eq!(rows[0].0, "Ada");
    }

    #[test]
    fn a_session_that_hurt_or_a_worse_answer_asks_for_help() {
        let today = date!(2026 - 11 - 29);
        let hurt = PatientFacts {
            hurt_days: vec![today - Duration::days(3)],
            ..PatientFacts::default()
        };
        assert!(overview(&hurt, today).flags.contains(&Flag::AskedForHelp));
        let long_ago = PatientFacts {
            hurt_days: vec![today - Duration::days(30)],
            ..PatientFacts::default()
        };
        assert!(
            !overview(&long_ago, today)
                .flags
                .contains(&Flag::AskedForHelp)
        );
        let worse = PatientFacts {
            answers: vec![AnswerFact {
                day: today,
                pain: Some(5),
                pgi_i: Some(6),
            }],
            ..PatientFacts::default()
        };
        assert!(overview(&worse, today).flags.contains(&Flag::AskedForHelp));
    }

    #[test]
    fn a_new_pain_peak_is_flagged_unless_it_was_as_high_before() {
        let today = date!(2026 - 11 - 29);
        let day = |pain| DiaryDay {
            date: today - Duration::days(1),
            leakage: None,
            pads: None,
            urgency: None,
            pain: Some(pain),
        };
        let new_peak = PatientFacts {
            diary: vec![day(8)],
            earlier_peak_pain: Some(5),
            ..PatientFacts::default()
        };
        assert!(overview(&new_peak, today).flags.contains(&Flag::PainWorse));
        let known = PatientFacts {
            diary: vec![day(8)],
            earlier_peak_pain: Some(9),
            ..PatientFacts::default()
        };
        assert!(!overview(&known, today).flags.contains(&Flag::PainWorse));
    }

    #[test]
    fn the_outcome_compares_first_and_latest_answer() {
        let today = date!(2026 - 11 - 29);
        let answer = |day, pain, pgi_i| AnswerFact { day, pain, pgi_i };
        let facts = PatientFacts {
            answers: vec![
                answer(today - Duration::days(90), Some(7), None),
                answer(today, Some(3), Some(2)),
            ],
            ..PatientFacts::default()
        };
        assert_eq!(
            overview(&facts, today).outcome,
            Some(OutcomeChange {
                pain_before: Some(7),
                pain_now: Some(3),
                pgi_i: Some(2)
            })
        );
        let one = PatientFacts {
            answers: vec![answer(today, Some(3), None)],
            ..PatientFacts::default()
        };
        assert_eq!(overview(&one, today).outcome, None);
    }

    #[test]
    fn maintenance_is_not_flagged_for_a_quiet_week() {
        let today = date!(2026 - 11 - 29);
        let since = today - Duration::days(300);
        let p = Programme::new(since)
            .start_intensive(since)
            .and_then(|p| p.start_maintenance(today - Duration::days(20)))
            .expect("phases move forward");
        let facts = PatientFacts {
            programme: Some((p, Prescription::default())),
            last_session: Some(today - Duration::days(8)),
            ..PatientFacts::default()
        };
        assert!(!overview(&facts, today).flags.contains(&Flag::NoTraining));
    }

    #[test]
    fn clinic_outcomes_need_five_patients_and_compare_with_the_start() {
        let answer = |q, pain, pgi_i, goals| Answered {
            questionnaire: q,
            pain: Some(pain),
            pgi_i,
            goals: Some(goals),
        };
        let patient = |pain_now, pgi| {
            vec![
                answer(Questionnaire::Baseline, 6, None, 2.0),
                answer(Questionnaire::Month3, pain_now, Some(pgi), 5.0),
            ]
        };
        let four: Vec<_> = (0..4).map(|_| patient(4, 2)).collect();
        let rows = cohort(&four);
        assert_eq!(rows[0].at, Questionnaire::Month3);
        assert_eq!(rows[0].patients, 4);
        assert_eq!(
            (rows[0].pain_change, rows[0].improved, rows[0].goal_change),
            (None, None, None)
        );
        let mut five = four.clone();
        five.push(patient(6, 5));
        let rows = cohort(&five);
        assert_eq!(rows[0].patients, 5);
        assert_eq!(rows[0].pain_change, Some(-1.6));
        assert_eq!(rows[0].improved, Some(80));
        assert_eq!(rows[0].goal_change, Some(3.0));
        // Nobody answered at 6 or 12 months yet.
        assert_eq!(rows[1].patients, 0);
        assert_eq!(rows[2].pain_change, None);
        assert_eq!(mean_dose(&[80, 90, 100, 70]), None);
        assert_eq!(mean_dose(&[80, 90, 100, 70, 60]), Some(80.0));
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(
            Note::parse("  ok ").map(|n| n.as_str().to_owned()),
            Ok("ok".to_owned())
        );
        assert_eq!(Note::parse("   "), Err(NoteError::Empty));
        assert_eq!(
            Note::parse(&"x".repeat(MAX_NOTE_CHARS + 1)),
            Err(NoteError::TooLong)
        );
    }
}

//! The education modules' texts, as clinicians write them: a first line
//! `# Title`, then pages separated by a line `---`, each page beginning with
//! `## Heading`; at the end, optionally, a quiz or a question to reflect on:
//!
//! ```text
//! === quiz
//!
//! ? The question?
//! - a wrong answer
//! + the right answer
//! > Why it is right (shown once answered).
//!
//! === reflection
//!
//! A question to think about.
//! ```
//!
//! Plain Rust, so the content test, the pages and the sync's checks share it.

use crate::domain::sync::EducationProgress;

/// A module's text, split into its title and pages (each page's Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleText<'a> {
    pub title: &'a str,
    pub pages: Vec<&'a str>,
    pub closing: Closing<'a>,
}

/// What follows a module's last page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closing<'a> {
    Nothing,
    /// 1–[`MAX_QUESTIONS`] questions, each with one right answer.
    Quiz(Vec<Question<'a>>),
    /// A question the reader thinks about; the app records no answer.
    Reflection(&'a str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question<'a> {
    pub text: &'a str,
    pub options: Vec<&'a str>,
    /// The index of the right option.
    pub right: usize,
    pub explanation: &'a str,
}

pub const MAX_QUESTIONS: usize = 5;
pub const MAX_OPTIONS: usize = 6;

/// What must be the same in every language of a module: the number of
/// pages, and the quiz's questions, options and right answers (an answer is
/// stored as an option's index, so it means the same in every language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub pages: usize,
    pub closing: ClosingShape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosingShape {
    Nothing,
    /// Per question: (number of options, index of the right one).
    Quiz(Vec<(usize, usize)>),
    Reflection,
}

impl ModuleText<'_> {
    pub fn shape(&self) -> Shape {
        Shape {
            pages: self.pages.len(),
            closing: match &self.closing {
                Closing::Nothing => ClosingShape::Nothing,
                Closing::Quiz(questions) => ClosingShape::Quiz(
                    questions
                        .iter()
                        .map(|q| (q.options.len(), q.right))
                        .collect(),
                ),
                Closing::Reflection(_) => ClosingShape::Reflection,
            },
        }
    }
}

impl Shape {
    /// Whether a reader's progress fits this module: a page it has (0: none
    /// read yet) and, if any, one answer per question, each an option there is.
    pub fn check(&self, page: u16, quiz: Option<&[u8]>) -> Result<(), String> {
        if usize::from(page) > self.pages {
            return Err(format!(
                "page must be between 0 and {} for this module.",
                self.pages
            ));
        }
        let Some(answers) = quiz else { return Ok(()) };
        let ClosingShape::Quiz(questions) = &self.closing else {
            return Err("quiz: this module has no quiz.".into());
        };
        if answers.len() != questions.len() {
            return Err(format!(
                "quiz must hold one answer for each of the module's {} questions.",
                questions.len()
            ));
        }
        for (n, (&answer, &(options, _))) in answers.iter().zip(questions).enumerate() {
            if usize::from(answer) >= options {
                return Err(format!(
                    "quiz: the answer to question {} must be an option from 0 to {}.",
                    n + 1,
                    options - 1
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("The first line must be the title, as \"# Title\".")]
    NoTitle,
    #[error("Page {0} is empty.")]
    EmptyPage(usize),
    #[error("Page {0} does not begin with a heading (\"## Heading\").")]
    NoHeading(usize),
    #[error("After the pages, write \"=== quiz\" or \"=== reflection\".")]
    UnknownClosing,
    #[error("Quiz question {0}: {1}")]
    Question(usize, &'static str),
    #[error("A quiz needs 1 to 5 questions, each starting with \"? \".")]
    QuizSize,
    #[error("A reflection is one question on one line.")]
    Reflection,
}

pub fn parse_module(text: &str) -> Result<ModuleText<'_>, ContentError> {
    let text = text.trim_start_matches('\u{feff}');
    let (text, closing) = split_closing(text)?;
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let title = first
        .strip_prefix("# ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ContentError::NoTitle)?;
    let mut pages = Vec::new();
    for (i, page) in split_pages(rest).into_iter().enumerate() {
        let page = page.trim();
        if page.is_empty() {
            return Err(ContentError::EmptyPage(i + 1));
        }
        if page_heading(page).is_none() {
            return Err(ContentError::NoHeading(i + 1));
        }
        pages.push(page);
    }
    if pages.is_empty() {
        return Err(ContentError::EmptyPage(1));
    }
    Ok(ModuleText {
        title,
        pages,
        closing,
    })
}

/// The most a reader's feedback on a module may hold.
pub const MAX_FEEDBACK_CHARS: usize = 1000;

/// What a reader wrote after a module ("what helped, what did you miss"),
/// kept for the clinic without their name or account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFeedback(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    #[error("Write something before you send it.")]
    Empty,
    #[error("Feedback can be at most 1000 characters.")]
    TooLong,
}

impl ModuleFeedback {
    /// Trimmed, line ends made `\n`, other control characters dropped.
    pub fn parse(text: &str) -> Result<Self, FeedbackError> {
        let text: String = text
            .trim()
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        match text.chars().count() {
            0 => Err(FeedbackError::Empty),
            n if n > MAX_FEEDBACK_CHARS => Err(FeedbackError::TooLong),
            _ => Ok(ModuleFeedback(text)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the education pages left to record (in the order read), folded
/// into one progress per module and merged with what the phone `held`: only
/// the progress that changes something comes back, so reading a page again
/// records nothing.
pub fn progress_to_record(
    held: &[EducationProgress],
    pending: Vec<EducationProgress>,
) -> Vec<EducationProgress> {
    let mut folded: Vec<EducationProgress> = Vec::new();
    for progress in pending {
        match folded.iter_mut().find(|p| p.module == progress.module) {
            Some(p) => *p = p.clone().merged(progress),
            None => folded.push(progress),
        }
    }
    folded
        .into_iter()
        .filter_map(|progress| {
            let Some(before) = held.iter().find(|h| h.module == progress.module) else {
                return Some(progress);
            };
            let after = before.clone().merged(progress);
            (after != *before).then_some(after)
        })
        .collect()
}

/// The pages' text, and what follows a line `=== quiz` or `=== reflection`.
fn split_closing(text: &str) -> Result<(&str, Closing<'_>), ContentError> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(kind) = line.trim_end().strip_prefix("===") {
            let pages = &text[..offset];
            let rest = &text[offset + line.len()..];
            return match kind.trim() {
                "quiz" => Ok((pages, Closing::Quiz(parse_quiz(rest)?))),
                "reflection" => {
                    let mut lines = rest.lines().map(str::trim).filter(|l| !l.is_empty());
                    match (lines.next(), lines.next()) {
                        (Some(question), None) => Ok((pages, Closing::Reflection(question))),
                        _ => Err(ContentError::Reflection),
                    }
                }
                _ => Err(ContentError::UnknownClosing),
            };
        }
        offset += line.len();
    }
    Ok((text, Closing::Nothing))
}

fn parse_quiz(text: &str) -> Result<Vec<Question<'_>>, ContentError> {
    let mut questions: Vec<Question<'_>> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let n = questions.len();
        let current = questions.last_mut();
        if let Some(question) = line.strip_prefix("? ") {
            questions.push(Question {
                text: question.trim(),
                options: Vec::new(),
                right: usize::MAX,
                explanation: "",
            });
            continue;
        }
        let Some(q) = current else {
            return Err(ContentError::QuizSize);
        };
        if !q.explanation.is_empty() {
            return Err(ContentError::Question(
                n,
                "the explanation (\"> \") comes last.",
            ));
        }
        if let Some(wrong) = line.strip_prefix("- ") {
            q.options.push(wrong.trim());
        } else if let Some(right) = line.strip_prefix("+ ") {
            if q.right != usize::MAX {
                return Err(ContentError::Question(
                    n,
                    "only one answer may be right (\"+ \").",
                ));
            }
            q.right = q.options.len();
            q.options.push(right.trim());
        } else if let Some(why) = line.strip_prefix("> ") {
            q.explanation = why.trim();
        } else {
            return Err(ContentError::Question(
                n,
                "each line is an answer (\"- \" or \"+ \") or the explanation (\"> \").",
            ));
        }
    }
    if questions.is_empty() || questions.len() > MAX_QUESTIONS {
        return Err(ContentError::QuizSize);
    }
    for (i, q) in questions.iter().enumerate() {
        let n = i + 1;
        if q.text.is_empty() {
            return Err(ContentError::Question(n, "the question is empty."));
        }
        if q.options.len() < 2 || q.options.len() > MAX_OPTIONS {
            return Err(ContentError::Question(n, "give 2 to 6 answers."));
        }
        if q.right == usize::MAX {
            return Err(ContentError::Question(
                n,
                "mark the right answer with \"+ \".",
            ));
        }
        if q.explanation.is_empty() {
            return Err(ContentError::Question(
                n,
                "explain the right answer (\"> \").",
            ));
        }
    }
    Ok(questions)
}

fn split_pages(text: &str) -> Vec<&str> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            pages.push(&text[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    pages.push(&text[start..]);
    pages
}

/// A page's heading: its first line without the `## `.
pub fn page_heading(page: &str) -> Option<&str> {
    page.lines()
        .next()
        .and_then(|l| l.strip_prefix("## "))
        .map(str::trim)
        .filter(|h| !h.is_empty())
}

/// A page's text after its heading.
pub fn page_body(page: &str) -> &str {
    page.split_once('\n').map_or("", |(_, body)| body.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_a_title_and_pages_with_headings() {
        let text = "# Sleep\n\n## Light sleep\n\nText one.\n\n---\n\n## Deep sleep\n\n- a\n- b\n";
        let module = parse_module(text).unwrap();
        assert_eq!(module.title, "Sleep");
        assert_eq!(module.pages.len(), 2);
        assert_eq!(page_heading(module.pages[1]), Some("Deep sleep"));
        assert_eq!(page_body(module.pages[0]), "Text one.");
    }

    #[test]
    fn a_quiz_follows_the_pages() {
        let text = "# Sleep\n\n## A\n\nText.\n\n=== quiz\n\n? When?\n- Late\n+ Early\n> Most deep sleep comes early.\n\n? Who?\n+ All\n- Some\n- None\n> Everyone.\n";
        let module = parse_module(text).unwrap();
        assert_eq!(module.pages, vec!["## A\n\nText."]);
        let Closing::Quiz(quiz) = &module.closing else {
            panic!("no quiz")
        };
        assert_eq!(quiz[0].options, vec!["Late", "Early"]);
        assert_eq!((quiz[0].right, quiz[1].right), (1, 0));
        assert_eq!(quiz[1].explanation, "Everyone.");
        let shape = module.shape();
        assert_eq!(shape.closing, ClosingShape::Quiz(vec![(2, 1), (3, 0)]));
        assert!(shape.check(1, Some(&[1, 2])).is_ok());
        assert!(shape.check(2, None).unwrap_err().contains("0 and 1"));
        assert!(
            shape
                .check(1, Some(&[1]))
                .unwrap_err()
                .contains("2 questions")
        );
        assert!(
            shape
                .check(1, Some(&[2, 0]))
                .unwrap_err()
                .contains("question 1")
        );
    }

    fn progress(
        module: &str,
        page: u16,
        completed: bool,
        quiz: Option<Vec<u8>>,
    ) -> EducationProgress {
        EducationProgress {
            module: module.into(),
            page,
            completed,
            quiz,
        }
    }

    #[test]
    fn progress_only_grows_and_reading_again_records_nothing() {
        let held = [progress("sleep", 3, true, Some(vec![1, 0]))];
        // Sleep read again from page 1: nothing new.
        let pending = vec![
            progress("sleep", 1, false, None),
            progress("sleep", 2, false, None),
        ];
        assert_eq!(progress_to_record(&held, pending), vec![]);
        // New answers to the quiz count; the page and "finished" stay.
        let pending = vec![progress("sleep", 1, false, Some(vec![0, 0]))];
        assert_eq!(
            progress_to_record(&held, pending),
            vec![progress("sleep", 3, true, Some(vec![0, 0]))]
        );
        // Pages of a new module fold into one progress.
        let pending = vec![
            progress("stress", 1, false, None),
            progress("stress", 2, false, None),
            progress("stress", 2, true, None),
            progress("diet", 1, false, None),
        ];
        assert_eq!(
            progress_to_record(&held, pending),
            vec![
                progress("stress", 2, true, None),
                progress("diet", 1, false, None)
            ]
        );
    }

    #[test]
    fn feedback_is_some_text_within_bounds() {
        assert_eq!(
            ModuleFeedback::parse("  More on sleep,\r\nplease.\u{7} ")
                .unwrap()
                .as_str(),
            "More on sleep,\nplease."
        );
        assert_eq!(ModuleFeedback::parse(" \n "), Err(FeedbackError::Empty));
        assert!(ModuleFeedback::parse(&"ø".repeat(1000)).is_ok());
        assert_eq!(
            ModuleFeedback::parse(&"ø".repeat(1001)),
            Err(FeedbackError::TooLong)
        );
    }

    #[test]
    fn a_reflection_is_one_question() {
        let module =
            parse_module("# S\n## A\nx\n=== reflection\n\nWhat helps you sleep?\n").unwrap();
        assert_eq!(module.closing, Closing::Reflection("What helps you sleep?"));
        assert!(module.shape().check(1, Some(&[0])).is_err());
        assert_eq!(
            parse_module("# S\n## A\nx\n=== reflection\none\ntwo\n"),
            Err(ContentError::Reflection)
        );
    }

    #[test]
    fn broken_quizzes_say_what_is_wrong() {
        let quiz =
            |body: &str| parse_module(&format!("# S\n## A\nx\n=== quiz\n{body}")).map(|_| ());
        assert_eq!(quiz(""), Err(ContentError::QuizSize));
        assert!(
            matches!(quiz("? Q\n- a\n- b\n> x"), Err(ContentError::Question(1, m)) if m.contains("right"))
        );
        assert!(
            matches!(quiz("? Q\n+ a\n+ b\n> x"), Err(ContentError::Question(1, m)) if m.contains("only one"))
        );
        assert!(
            matches!(quiz("? Q\n+ a\n- b"), Err(ContentError::Question(1, m)) if m.contains("explain"))
        );
        assert!(
            matches!(quiz("? Q\n+ a\n> x"), Err(ContentError::Question(1, m)) if m.contains("2 to 6"))
        );
        assert!(matches!(
            quiz("? Q\n+ a\n- b\nstray"),
            Err(ContentError::Question(1, _))
        ));
        assert_eq!(
            parse_module("# S\n## A\nx\n=== poll\n"),
            Err(ContentError::UnknownClosing)
        );
    }

    #[test]
    fn broken_modules_say_what_is_wrong() {
        assert_eq!(parse_module("Sleep\n## A\nx"), Err(ContentError::NoTitle));
        assert_eq!(
            parse_module("# Sleep\n## A\nx\n---\n\n"),
            Err(ContentError::EmptyPage(2))
        );
        assert_eq!(
            parse_module("# Sleep\nno heading"),
            Err(ContentError::NoHeading(1))
        );
    }
}

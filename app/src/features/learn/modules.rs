//! The education modules' pages: rendered on the server only (public area,
//! no WASM), from the content files in `app/content/learn/` (listed by the
//! build script). Kept offline by the service worker.

use crate::domain::Language;
use crate::domain::learn::{
    Closing, ModuleText, Question, Shape, page_body, page_heading, parse_module,
};
use crate::features::account::forms::use_form_feedback;
use crate::i18n::*;
use crate::routes;
use crate::text::{text, tr};
use crate::ui::NotFound;
use crate::ui::{FormMessageText, PublicPage};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// One module's content files, nb, nn and en (`None`: the file is missing).
pub struct ModuleFiles {
    pub slug: &'static str,
    pub texts: [Option<&'static str>; 3],
}

include!(concat!(env!("OUT_DIR"), "/learn_modules.rs"));

fn language_index(lang: Language) -> usize {
    match lang {
        Language::Bokmal => 0,
        Language::Nynorsk => 1,
        Language::English => 2,
    }
}

/// A module in a language, parsed; bokmål when that language lacks it.
pub fn module(slug: &str, lang: Language) -> Option<ModuleText<'static>> {
    let files = MODULES.iter().find(|m| m.slug == slug)?;
    let text = files.texts[language_index(lang)].or(files.texts[0])?;
    parse_module(text).ok()
}

/// A module's pages and quiz, the same in every language (the content test
/// checks): what a reader's progress is checked against. `None`: no such
/// module.
pub fn shape(slug: &str) -> Option<Shape> {
    module(slug, Language::Bokmal).map(|m| m.shape())
}

/// The URL of a module's page (1-based).
pub fn page_url(slug: &str, page: usize) -> String {
    format!("{}/{slug}/{page}", routes::LEARN_MODULES)
}

/// The page after a module's last: its quiz or question to reflect on, and
/// the reader's feedback (a `POST` there sends it).
pub fn done_url(slug: &str) -> String {
    format!("{}/{slug}/done", routes::LEARN_MODULES)
}

/// The pages' small script (no WASM): it keeps what was read and answered
/// for the app to record, and checks a quiz on the phone, offline too.
const LEARN_SCRIPT: &str = "/learn.js";

/// `/learn`: the list of modules.
#[component]
pub fn ModuleListPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = Language::from(i18n.get_locale_untracked());
    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, learn_modules_heading))}</h1>
            <p class="learn-progress" hidden data-template=text(move || t_string!(i18n, learn_progress, read = "{read}", total = "{total}"))></p>
            <ul class="module-list" data-read-label=tr(i18n, |i| t_string!(i, learn_read_mark))>
                {MODULES
                    .iter()
                    .filter_map(|m| module(m.slug, lang).map(|text| (m.slug, text)))
                    .map(|(slug, text)| view! {
                        <li data-module=slug><a href=page_url(slug, 1)>{text.title}</a></li>
                    })
                    .collect_view()}
            </ul>
            <p><a href=routes::LEARN>{tr(i18n, |i| t_string!(i, learn_back_to_app))}</a></p>
            <script src=LEARN_SCRIPT defer></script>
        </PublicPage>
    }
}

/// `/learn/{module}/{page}`: one page of a module, or (`done`) what
/// follows its last page.
#[component]
pub fn ModulePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let lang = Language::from(i18n.get_locale_untracked());
    let slug = params.with_untracked(|p| p.get("module").unwrap_or_default());
    let page_param = params.with_untracked(|p| p.get("page").unwrap_or_default());
    let Some(found) = module(&slug, lang) else {
        return EitherOf3::C(view! { <NotFound /> });
    };
    if page_param == "done" {
        return EitherOf3::B(view! { <ModuleDone slug module=found /> });
    }
    let page: usize = page_param.parse().unwrap_or(0);
    let pages = found.pages.len();
    let Some(content) = page
        .checked_sub(1)
        .and_then(|i| found.pages.get(i).copied())
    else {
        return EitherOf3::C(view! { <NotFound /> });
    };
    let title = found.title;
    let heading = page_heading(content).unwrap_or_default();
    let body = render_markdown(page_body(content));
    let previous = (page > 1).then(|| page_url(&slug, page - 1));
    let (next, next_label) = match (page < pages, &found.closing) {
        (true, _) => (
            page_url(&slug, page + 1),
            tr(i18n, |i| t_string!(i, learn_next)),
        ),
        (false, Closing::Quiz(_)) => (
            done_url(&slug),
            tr(i18n, |i| t_string!(i, learn_quiz_heading)),
        ),
        (false, _) => (done_url(&slug), tr(i18n, |i| t_string!(i, learn_done))),
    };
    EitherOf3::A(view! {
        <PublicPage>
            <nav class="breadcrumb" aria-label=tr(i18n, |i| t_string!(i, learn_modules_heading))>
                <a href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_modules_heading))}</a>
            </nav>
            <article class="module-page" data-module=slug.clone() data-page=page data-pages=pages>
                <p class="step-indicator">{title} " · " {text(move || t_string!(i18n, learn_page_of, page = page, pages = pages))}</p>
                <h1>{heading}</h1>
                <div class="module-text" inner_html=body></div>
            </article>
            <p class="actions">
                {previous.map(|href| view! { <a class="button" href=href>{tr(i18n, |i| t_string!(i, learn_previous))}</a> })}
                <a class="button primary" href=next>{next_label}</a>
            </p>
            <script src=LEARN_SCRIPT defer></script>
        </PublicPage>
    })
}

/// `/learn/{module}/done`: the module's quiz (checked here after a plain
/// form's `GET`, or on the phone by the script) or its question to reflect
/// on, then the reader's feedback.
#[component]
fn ModuleDone(slug: String, module: ModuleText<'static>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let pages = module.pages.len();
    let heading = match &module.closing {
        Closing::Quiz(_) => tr(i18n, |i| t_string!(i, learn_quiz_heading)),
        Closing::Reflection(_) => tr(i18n, |i| t_string!(i, learn_reflection_heading)),
        Closing::Nothing => tr(i18n, |i| t_string!(i, learn_finished_heading)),
    };
    let closing = match module.closing {
        Closing::Quiz(questions) => {
            let answers: Vec<Option<usize>> = query.with_untracked(|q| {
                (1..=questions.len())
                    .map(|n| q.get(&format!("q{n}")).and_then(|a| a.parse().ok()))
                    .collect()
            });
            EitherOf3::A(view! { <Quiz action=done_url(&slug) questions answers /> })
        }
        Closing::Reflection(question) => EitherOf3::B(view! {
            <p class="reflection">{question}</p>
            <p class="hint">{tr(i18n, |i| t_string!(i, learn_reflection_hint))}</p>
        }),
        Closing::Nothing => EitherOf3::C(()),
    };
    let sent = query.with_untracked(|q| q.get("sent").is_some());
    let feedback = use_form_feedback();
    let error = feedback.message.clone();
    let described_by = if error.is_some() {
        "feedback-hint feedback-error"
    } else {
        "feedback-hint"
    };
    view! {
        <PublicPage>
            <nav class="breadcrumb" aria-label=tr(i18n, |i| t_string!(i, learn_modules_heading))>
                <a href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_modules_heading))}</a>
            </nav>
            <article class="module-page" data-module=slug.clone() data-page=pages data-pages=pages data-done="">
                <p class="step-indicator">{module.title}</p>
                <h1>{heading}</h1>
                {closing}
            </article>
            <section class="card" aria-labelledby="feedback-heading">
                <h2 id="feedback-heading">{tr(i18n, |i| t_string!(i, learn_feedback_heading))}</h2>
                <form class="feedback-form" method="post" action=done_url(&slug)>
                    <input type="hidden" name="lang" value=i18n.get_locale_untracked().as_str() />
                    <label for="feedback-text">{tr(i18n, |i| t_string!(i, learn_feedback_label))}</label>
                    <p id="feedback-hint" class="hint">{tr(i18n, |i| t_string!(i, learn_feedback_hint))}</p>
                    <textarea id="feedback-text" name="text" rows="4" maxlength="1000"
                        aria-describedby=described_by aria-invalid=error.is_some().then_some("true")>
                        {feedback.text}
                    </textarea>
                    {error.map(|message| view! {
                        <p id="feedback-error" class="form-error" role="alert"><FormMessageText message /></p>
                    })}
                    {sent.then(|| view! { <p class="form-ok" role="status">{tr(i18n, |i| t_string!(i, learn_feedback_thanks))}</p> })}
                    <p class="form-error feedback-offline" role="alert" hidden>{tr(i18n, |i| t_string!(i, learn_feedback_offline))}</p>
                    <button type="submit" class="button">{tr(i18n, |i| t_string!(i, learn_feedback_send))}</button>
                </form>
            </section>
            <p class="actions">
                <a class="button primary" href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_all_modules))}</a>
                <a class="button" href=routes::LEARN>{tr(i18n, |i| t_string!(i, learn_back_to_app))}</a>
            </p>
            <script src=LEARN_SCRIPT defer></script>
        </PublicPage>
    }
}

/// A quiz as a plain form. `answers`: what a `GET` of it chose (then each
/// question shows whether it was right, and why).
#[component]
fn Quiz(
    action: String,
    questions: Vec<Question<'static>>,
    answers: Vec<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = questions.len();
    let all_answered = answers.iter().all(Option::is_some);
    let right = questions
        .iter()
        .zip(&answers)
        .filter(|(q, a)| **a == Some(q.right))
        .count();
    let score = all_answered
        .then(|| t_string!(i18n, learn_quiz_score, right = right, total = total).to_string());
    let template =
        text(move || t_string!(i18n, learn_quiz_score, right = "{right}", total = "{total}"));
    view! {
        <form class="quiz" method="get" action=action>
            {questions
                .into_iter()
                .zip(answers)
                .enumerate()
                .map(|(i, (q, chosen))| {
                    let name = format!("q{}", i + 1);
                    let shown = all_answered && chosen.is_some();
                    let was_right = chosen == Some(q.right);
                    view! {
                        <fieldset class="quiz-question" data-right=q.right>
                            <legend>{format!("{}. {}", i + 1, q.text)}</legend>
                            {q.options
                                .iter()
                                .enumerate()
                                .map(|(j, option)| view! {
                                    <label class="choice">
                                        <input type="radio" name=name.clone() value=j required checked=chosen == Some(j) />
                                        {*option}
                                    </label>
                                })
                                .collect_view()}
                            <div class="quiz-answer" hidden=!shown>
                                <p class="quiz-right" hidden=!was_right>{tr(i18n, |i| t_string!(i, learn_quiz_right))}</p>
                                <p class="quiz-wrong" hidden=was_right>
                                    {tr(i18n, |i| t_string!(i, learn_quiz_wrong))} " " <strong>{q.options[q.right]}</strong>
                                </p>
                                <p>{q.explanation}</p>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <p class="quiz-score" role="status" data-template=template>{score}</p>
            <button type="submit" class="button primary">{tr(i18n, |i| t_string!(i, learn_quiz_check))}</button>
        </form>
    }
}

/// The page's Markdown as HTML. The content is ours, but raw HTML in it is
/// still shown as text, never run.
#[cfg(feature = "ssr")]
fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, html};
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Module pages are only ever rendered on the server.
#[cfg(not(feature = "ssr"))]
fn render_markdown(_: &str) -> String {
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The content test: every module in every language, the same number
    /// of pages in each, no empty page, every page with a heading, and the
    /// same quiz (questions, answers, the right one) in every language.
    #[test]
    fn every_module_is_complete_in_every_language() {
        assert!(MODULES.len() >= 14, "the issue asks for 14 modules");
        for files in MODULES {
            let mut shapes = Vec::new();
            for (i, text) in files.texts.iter().enumerate() {
                let text =
                    text.unwrap_or_else(|| panic!("{} is missing in language {i}", files.slug));
                let module =
                    parse_module(text).unwrap_or_else(|e| panic!("{} ({i}): {e}", files.slug));
                shapes.push(module.shape());
            }
            assert!(
                shapes.windows(2).all(|w| w[0] == w[1]),
                "{}: the languages differ in pages or quiz (nb, nn, en): {shapes:?}",
                files.slug
            );
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn markdown_becomes_html_and_raw_html_stays_text() {
        let html = render_markdown("A *b*.\n\n- one\n- two\n\n<script>x</script>");
        assert!(html.contains("<em>b</em>") && html.contains("<li>one</li>"));
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    }
}

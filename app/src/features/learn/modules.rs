//! The education modules' pages: rendered on the server only (public area,
//! no WASM), from the content files in `app/content/learn/` (listed by the
//! build script). Kept offline by the service worker.

use crate::domain::Language;
use crate::domain::learn::{ModuleText, page_body, page_heading, parse_module};
use crate::features::training::after_session::language_of;
use crate::i18n::*;
use crate::shell::NotFound;
use crate::shell::routes;
use crate::text::{text, tr};
use crate::ui::PublicPage;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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

/// The URL of a module's page (1-based).
pub fn page_url(slug: &str, page: usize) -> String {
    format!("{}/{slug}/{page}", routes::LEARN_MODULES)
}

/// `/learn`: the list of modules.
#[component]
pub fn ModuleListPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    view! {
        <PublicPage>
            <h1>{tr(i18n, |i| t_string!(i, learn_modules_heading))}</h1>
            <ul class="module-list">
                {MODULES
                    .iter()
                    .filter_map(|m| module(m.slug, lang).map(|text| (m.slug, text)))
                    .map(|(slug, text)| view! {
                        <li><a href=page_url(slug, 1)>{text.title}</a></li>
                    })
                    .collect_view()}
            </ul>
            <p><a href=routes::LEARN rel="external">{tr(i18n, |i| t_string!(i, learn_back_to_app))}</a></p>
        </PublicPage>
    }
}

/// `/learn/{module}/{page}`: one page of a module.
#[component]
pub fn ModulePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let lang = language_of(i18n.get_locale_untracked());
    let slug = params.with_untracked(|p| p.get("module").unwrap_or_default());
    let page: usize =
        params.with_untracked(|p| p.get("page").and_then(|n| n.parse().ok()).unwrap_or(0));
    let found = module(&slug, lang).and_then(|m| {
        let index = page.checked_sub(1)?;
        let content = *m.pages.get(index)?;
        Some((m.title, m.pages.len(), content))
    });
    let Some((title, pages, content)) = found else {
        return Either::Right(view! { <NotFound /> });
    };
    let heading = page_heading(content).unwrap_or_default();
    let body = render_markdown(page_body(content));
    let previous = (page > 1).then(|| page_url(&slug, page - 1));
    let next = (page < pages).then(|| page_url(&slug, page + 1));
    Either::Left(view! {
        <PublicPage>
            <nav class="breadcrumb" aria-label=tr(i18n, |i| t_string!(i, learn_modules_heading))>
                <a href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_modules_heading))}</a>
            </nav>
            <article class="module-page">
                <p class="step-indicator">{title} " · " {text(move || t_string!(i18n, learn_page_of, page = page, pages = pages))}</p>
                <h1>{heading}</h1>
                <div class="module-text" inner_html=body></div>
            </article>
            <p class="actions">
                {previous.map(|href| view! { <a class="button" href=href>{tr(i18n, |i| t_string!(i, learn_previous))}</a> })}
                {match next {
                    Some(href) => Either::Left(view! { <a class="button primary" href=href>{tr(i18n, |i| t_string!(i, learn_next))}</a> }),
                    None => Either::Right(view! { <a class="button primary" href=routes::LEARN_MODULES>{tr(i18n, |i| t_string!(i, learn_done))}</a> }),
                }}
            </p>
        </PublicPage>
    })
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
    /// of pages in each, no empty page, every page with a heading.
    #[test]
    fn every_module_is_complete_in_every_language() {
        assert!(MODULES.len() >= 2);
        for files in MODULES {
            let mut page_counts = Vec::new();
            for (i, text) in files.texts.iter().enumerate() {
                let text =
                    text.unwrap_or_else(|| panic!("{} is missing in language {i}", files.slug));
                let module =
                    parse_module(text).unwrap_or_else(|e| panic!("{} ({i}): {e}", files.slug));
                page_counts.push(module.pages.len());
            }
            assert!(
                page_counts.windows(2).all(|w| w[0] == w[1]),
                "{}: pages per language {page_counts:?}",
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

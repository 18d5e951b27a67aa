//! The education modules' texts, as clinicians write them: a first line
//! `# Title`, then pages separated by a line `---`, each page beginning with
//! `## Heading`. Plain Rust, so the content test and the pages share it.

/// A module's text, split into its title and pages (each page's Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleText<'a> {
    pub title: &'a str,
    pub pages: Vec<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("The first line must be the title, as \"# Title\".")]
    NoTitle,
    #[error("Page {0} is empty.")]
    EmptyPage(usize),
    #[error("Page {0} does not begin with a heading (\"## Heading\").")]
    NoHeading(usize),
}

pub fn parse_module(text: &str) -> Result<ModuleText<'_>, ContentError> {
    let text = text.trim_start_matches('\u{feff}');
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
    Ok(ModuleText { title, pages })
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

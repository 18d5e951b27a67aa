use crate::features::reminders::ReminderBanner;
use crate::i18n::*;
use crate::routes::{self, Page};
use crate::text::tr;
use crate::ui::SyncStatusLine;
use leptos::prelude::*;

/// The sections of the app, in the order of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Today,
    Train,
    Relax,
    Learn,
    Progress,
    Me,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Today,
        Section::Train,
        Section::Relax,
        Section::Learn,
        Section::Progress,
        Section::Me,
    ];

    pub fn href(self) -> &'static str {
        match self {
            Section::Today => routes::TODAY,
            Section::Train => routes::TRAIN,
            Section::Relax => routes::RELAX,
            Section::Learn => routes::LEARN,
            Section::Progress => routes::PROGRESS,
            Section::Me => routes::ME,
        }
    }

    /// The section a page is shown under in the navigation, if any.
    pub fn of(page: Page) -> Option<Section> {
        match page {
            Page::Today => Some(Section::Today),
            Page::Train => Some(Section::Train),
            Page::Relax => Some(Section::Relax),
            Page::Learn | Page::Onboarding => Some(Section::Learn),
            Page::Progress => Some(Section::Progress),
            Page::Me => Some(Section::Me),
            Page::Diary | Page::Questionnaire | Page::Bladder => None,
            Page::Assessment => Some(Section::Me),
        }
    }

    /// A simple outline icon; the label beside it carries the meaning.
    fn icon_path(self) -> &'static str {
        match self {
            Section::Today => "M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5",
            Section::Train => "M12 3a9 9 0 1 0 9 9 M12 7a5 5 0 1 0 5 5 M12 11a1 1 0 1 0 1 1",
            Section::Relax => "M3 14c3-4 6-4 9 0s6 4 9 0 M3 9c3-4 6-4 9 0s6 4 9 0",
            Section::Learn => "M4 5h7a2 2 0 0 1 2 2v13a2 2 0 0 0-2-2H4z M20 5h-7 M20 5v13h-7",
            Section::Progress => "M4 20V10 M10 20V4 M16 20v-7 M22 20H2",
            Section::Me => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 21a8 8 0 0 1 16 0",
        }
    }
}

#[component]
pub fn SectionName(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    move || match section {
        Section::Today => t_string!(i18n, nav_today),
        Section::Train => t_string!(i18n, nav_train),
        Section::Relax => t_string!(i18n, nav_relax),
        Section::Learn => t_string!(i18n, nav_learn),
        Section::Progress => t_string!(i18n, nav_progress),
        Section::Me => t_string!(i18n, nav_me),
    }
}

/// The frame around every section: a skip link, the page, and the
/// navigation (a bottom tab bar on phones, a side bar on wide screens).
/// Every link is an ordinary page load.
#[component]
pub fn AppShell(page: Page, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr(i18n, |i| t_string!(i, skip_to_content))}</a>
        <div class="app-shell">
            <nav class="app-nav" aria-label=tr(i18n, |i| t_string!(i, nav_label))>
                <a class="brand" href=routes::HOME>"Knip"</a>
                <ul>
                    {Section::ALL
                        .into_iter()
                        .map(|section| {
                            view! {
                                <li>
                                    <a href=section.href() aria-current=(Section::of(page) == Some(section)).then_some("page")>
                                        <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                            <path d=section.icon_path() />
                                        </svg>
                                        <span class="nav-label"><SectionName section /></span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" class="app-main" tabindex="-1">
                <SyncStatusLine />
                // Not over a session being played.
                {(page != Page::Train).then(|| view! { <ReminderBanner /> })}
                {children()}
            </main>
        </div>
    }
}

//! One Leptos app per area (see [`crate::routes`]). Each hydrated area is
//! compiled into a WASM bundle of its own that links only its own pages;
//! the public app is rendered on the server only and ships no WASM.

use crate::features::account::{Login, MePage, Register};
use crate::features::clinic::{
    AdminPage, ClinicDashboard, ClinicPatientPage, GroupPage, GroupsPage, OutcomesPage, ReportPage,
};
use crate::features::diary::DiaryPage;
use crate::features::learn::{HelpPage, LearnPage, ModuleListPage, ModulePage};
use crate::features::questionnaires::QuestionnairePage;
use crate::features::relax::RelaxPage;
use crate::features::sharing::SharingPage;
use crate::features::training::{OnboardingPage, ProgressPage, TodayPage, TrainPage};
use crate::i18n::*;
use crate::routes::{Area, Page};
use crate::shell::current_user::provide_current_user;
use crate::shell::navigation::AppShell;
use crate::shell::{Landing, Refused};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Landing, log in and register: plain HTML, forms that post to the server.
#[component]
pub fn PublicApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Router>
                <Routes fallback=Refused>
                    <Route path=path!("") view=Landing />
                    <Route path=path!("register") view=Register />
                    <Route path=path!("login") view=Login />
                    <Route path=path!("help") view=HelpPage />
                    <Route path=path!("learn") view=ModuleListPage />
                    <Route path=path!("learn/:module/:page") view=ModulePage />
                    <Route path=path!("sharing") view=SharingPage />
                    <Route path=path!("admin") view=AdminPage />
                    <Route path=path!("clinic") view=ClinicDashboard />
                    <Route path=path!("clinic/outcomes") view=OutcomesPage />
                    <Route path=path!("clinic/groups") view=GroupsPage />
                    <Route path=path!("clinic/groups/:id") view=GroupPage />
                    <Route path=path!("clinic/patients/:id") view=ClinicPatientPage />
                    <Route path=path!("clinic/patients/:id/report") view=ReportPage />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// The daily loop: Today, Train, Relax and Learn. One page per document
/// (see [`Page`]): the server and the bundle render the same page, with no
/// client-side router.
#[component]
pub fn DailyApp(page: Page) -> impl IntoView {
    provide_area(page);
    view! {
        <I18nContextProvider>
            <AppShell page>
                <DailyPage page />
            </AppShell>
        </I18nContextProvider>
    }
}

#[component]
fn DailyPage(page: Page) -> impl IntoView {
    match page {
        Page::Train => view! { <TrainPage /> }.into_any(),
        Page::Relax => view! { <RelaxPage /> }.into_any(),
        Page::Learn => view! { <LearnPage /> }.into_any(),
        Page::Onboarding => view! { <OnboardingPage /> }.into_any(),
        _ => view! { <TodayPage /> }.into_any(),
    }
}

/// The patient's records: Progress, Diary, Questionnaires, Me and the settings.
#[component]
pub fn RecordsApp(page: Page) -> impl IntoView {
    provide_area(page);
    view! {
        <I18nContextProvider>
            <AppShell page>
                <RecordsPage page />
            </AppShell>
        </I18nContextProvider>
    }
}

#[component]
fn RecordsPage(page: Page) -> impl IntoView {
    match page {
        Page::Diary => view! { <DiaryPage /> }.into_any(),
        Page::Questionnaire => view! { <QuestionnairePage /> }.into_any(),
        Page::Me => view! { <MePage /> }.into_any(),
        _ => view! { <ProgressPage /> }.into_any(),
    }
}

/// The start assessment and the bladder diary.
#[component]
pub fn CareApp(page: Page) -> impl IntoView {
    provide_area(page);
    view! {
        <I18nContextProvider>
            <AppShell page>
                {match page {
                    Page::Bladder => view! { <crate::features::pathway::BladderPage /> }.into_any(),
                    _ => view! { <crate::features::pathway::AssessmentPage /> }.into_any(),
                }}
            </AppShell>
        </I18nContextProvider>
    }
}

/// What every hydrated area needs: who is signed in, the phone's copy of
/// the data, and its sync. The diary's copy is read in the records area only.
fn provide_area(page: Page) {
    provide_meta_context();
    provide_context(page);
    provide_current_user();
    let local = Local {
        sync: crate::platform::sync_state::provide_sync_state(),
        settings: crate::features::settings::provide_settings().0,
        training: crate::features::training::state::provide_training(),
        proms: crate::features::questionnaires::state::provide_proms().answers,
        reminders: crate::features::reminders::provide_reminders(),
        diary: (page.area() == Area::Records)
            .then(|| crate::features::diary::state::provide_diary().entries),
        pathway: crate::features::pathway::state::provide_pathway(),
    };
    start_local_sync(local);
}

#[cfg(feature = "hydrate")]
use crate::platform::offline::Mirrors as Local;

#[cfg(not(feature = "hydrate"))]
#[allow(dead_code)]
struct Local {
    sync: crate::platform::sync_state::SyncState,
    settings: RwSignal<crate::features::settings::Settings>,
    training: crate::platform::mirrors::TrainingState,
    proms: RwSignal<Vec<crate::domain::sync::PromAnswer>>,
    reminders: RwSignal<crate::domain::reminders::Reminders>,
    diary: Option<RwSignal<Vec<crate::domain::sync::DiaryEntry>>>,
    pathway: crate::features::pathway::state::PathwayState,
}

/// In the browser, once it is known who is signed in (if anyone), load the
/// phone's copy of the data and start syncing it.
#[cfg(feature = "hydrate")]
fn start_local_sync(local: Local) {
    let user = crate::shell::current_user::use_current_user();
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(me) = user.get()
            && !started.get_value()
        {
            started.set_value(true);
            crate::platform::offline::start(local, me);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn start_local_sync(_: Local) {}

//! One Leptos app per area (see [`crate::shell::routes`]). Each hydrated area is
//! compiled into a WASM bundle of its own that links only its own pages;
//! the public app is rendered on the server only and ships no WASM.

use crate::features::account::{Login, MePage, Register};
use crate::features::clinic::{
    AdminPage, ClinicDashboard, ClinicPatientPage, GroupPage, GroupsPage, OutcomesPage, ReportPage,
    SharingPage,
};
use crate::features::diary::DiaryPage;
use crate::features::learn::{HelpPage, LearnPage, ModuleListPage, ModulePage};
use crate::features::questionnaires::QuestionnairePage;
use crate::features::relax::RelaxPage;
use crate::features::training::{OnboardingPage, ProgressPage, TodayPage, TrainPage};
use crate::i18n::*;
use crate::shell::current_user::provide_current_user;
use crate::shell::navigation::AppShell;
use crate::shell::routes::Area;
use crate::shell::{Landing, NotFound, Refused};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

/// What every page puts in its `<head>`.
#[component]
fn Head() -> impl IntoView {
    view! {
        <Stylesheet id="knip-css" href="/pkg/knip.css" />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <Meta name="theme-color" content="#2f5d50" />
        <Meta name="color-scheme" content="light dark" />
        // Discreet by default: the tab shows the app's name and nothing more.
        <Title text="Knip" />
    }
}

/// Landing, log in and register: plain HTML, forms that post to the server.
#[component]
pub fn PublicApp() -> impl IntoView {
    provide_meta_context();
    provide_context(Area::Public);
    view! {
        <I18nContextProvider>
            <Head />
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

/// The daily loop: Today, Train, Relax and Learn.
#[component]
pub fn DailyApp() -> impl IntoView {
    provide_area(Area::Daily);
    view! {
        <I18nContextProvider>
            <Head />
            <Router>
                <Routes fallback=NotFound>
                    <ParentRoute path=path!("app") view=AppShell>
                        <Route path=path!("") view=|| view! { <Redirect path=crate::shell::routes::TODAY /> } />
                        <Route path=path!("today") view=TodayPage />
                        <Route path=path!("train") view=TrainPage />
                        <Route path=path!("relax") view=RelaxPage />
                        <Route path=path!("learn") view=LearnPage />
                        <Route path=path!("learn/start") view=OnboardingPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// The patient's records: Progress, Diary, Me and the settings.
#[component]
pub fn RecordsApp() -> impl IntoView {
    provide_area(Area::Records);
    view! {
        <I18nContextProvider>
            <Head />
            <Router>
                <Routes fallback=NotFound>
                    <ParentRoute path=path!("app") view=AppShell>
                        <Route path=path!("progress") view=ProgressPage />
                        <Route path=path!("diary") view=DiaryPage />
                        <Route path=path!("questionnaire") view=QuestionnairePage />
                        <Route path=path!("me") view=MePage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// What every hydrated area needs: who is signed in, the phone's copy of
/// the data, and its sync. The diary's copy is read in the records area only.
fn provide_area(area: Area) {
    provide_meta_context();
    provide_context(area);
    provide_current_user();
    let local = Local {
        sync: crate::platform::sync_state::provide_sync_state(),
        settings: crate::features::settings::provide_settings().0,
        training: crate::features::training::state::provide_training(),
        proms: crate::features::questionnaires::state::provide_proms().answers,
        reminders: crate::features::reminders::provide_reminders(),
        diary: (area == Area::Records)
            .then(|| crate::features::diary::state::provide_diary().entries),
    };
    start_local_sync(local);
}

/// The area the current page belongs to.
pub fn use_area() -> Area {
    use_context::<Area>().unwrap_or(Area::Public)
}

#[cfg(feature = "hydrate")]
use crate::platform::offline::Mirrors as Local;

#[cfg(not(feature = "hydrate"))]
#[allow(dead_code)]
struct Local {
    sync: crate::platform::sync_state::SyncState,
    settings: RwSignal<crate::features::settings::Settings>,
    training: crate::features::training::state::TrainingState,
    proms: RwSignal<Vec<crate::domain::sync::PromAnswer>>,
    reminders: RwSignal<crate::domain::reminders::Reminders>,
    diary: Option<RwSignal<Vec<crate::domain::sync::DiaryEntry>>>,
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

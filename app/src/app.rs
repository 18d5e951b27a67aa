use crate::i18n::*;
use crate::local_state::provide_local_state;
use crate::pages::{
    AppShell, ComingSoon, Landing, LearnPage, Login, MePage, NotFound, OnboardingPage,
    ProgressPage, Register, Section, TodayPage, TrainPage,
};
use crate::session::provide_current_user;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

/// The whole app: one router, the language context and who is signed in.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_current_user();
    let local = provide_local_state();
    start_local_sync(local);

    view! {
        <I18nContextProvider>
            <Stylesheet id="knip-css" href="/pkg/knip.css" />
            <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
            <Link rel="manifest" href="/manifest.webmanifest" />
            <Link rel="apple-touch-icon" href="/icons/icon-192.png" />
            <Meta name="theme-color" content="#2f5d50" />
            <Meta name="color-scheme" content="light dark" />
            // Discreet by default: the tab shows the app's name and nothing more.
            <Title text="Knip" />
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=Landing />
                    <Route path=path!("register") view=Register />
                    <Route path=path!("login") view=Login />
                    <ParentRoute path=path!("app") view=AppShell>
                        <Route path=path!("") view=|| view! { <Redirect path="/app/today" /> } />
                        <Route path=path!("today") view=TodayPage />
                        <Route path=path!("train") view=TrainPage />
                        <Route path=path!("relax") view=|| view! { <ComingSoon section=Section::Relax /> } />
                        <Route path=path!("learn") view=LearnPage />
                        <Route path=path!("learn/start") view=OnboardingPage />
                        <Route path=path!("progress") view=ProgressPage />
                        <Route path=path!("me") view=MePage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// In the browser, once it is known who is signed in (if anyone), load the
/// phone's copy of the data and start syncing it.
#[cfg(feature = "hydrate")]
fn start_local_sync(local: crate::local_state::LocalState) {
    let user = crate::session::use_current_user();
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(me) = user.get()
            && !started.get_value()
        {
            started.set_value(true);
            crate::local::start(local, me);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn start_local_sync(_: crate::local_state::LocalState) {}

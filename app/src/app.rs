use crate::i18n::*;
use crate::pages::{AppShell, ComingSoon, Landing, Login, MePage, NotFound, Register, Section};
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
                        <Route path=path!("today") view=|| view! { <ComingSoon section=Section::Today /> } />
                        <Route path=path!("train") view=|| view! { <ComingSoon section=Section::Train /> } />
                        <Route path=path!("relax") view=|| view! { <ComingSoon section=Section::Relax /> } />
                        <Route path=path!("learn") view=|| view! { <ComingSoon section=Section::Learn /> } />
                        <Route path=path!("progress") view=|| view! { <ComingSoon section=Section::Progress /> } />
                        <Route path=path!("me") view=MePage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

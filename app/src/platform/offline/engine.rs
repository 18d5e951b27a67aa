//! The sync engine: push the outbox, then pull, on start, when the browser
//! comes online, after each change and every few minutes; after a failure,
//! wait with exponential backoff and jitter.

use super::Mirrors;
use super::store::{self, StoreError};
use crate::api::Me;
use crate::domain::sync::{MAX_BATCH_OPS, SyncRequest, retry_delay_ms};
use crate::platform::http::{self, SyncFailure};
use crate::platform::sync_state::SyncStatus;
use futures::StreamExt;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use gloo_timers::future::TimeoutFuture;
use idb::Database;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Between syncs while the app is open.
const PERIOD_MS: u32 = 3 * 60 * 1000;

thread_local! {
    static KICK: RefCell<Option<UnboundedSender<()>>> = const { RefCell::new(None) };
}

/// Asks the engine to sync now (after a change was stored).
pub fn kick() {
    KICK.with(|k| {
        if let Some(sender) = k.borrow().as_ref() {
            let _ = sender.unbounded_send(());
        }
    });
}

enum EngineError {
    SignedOut,
    Offline,
    Store(StoreError),
    Server(String),
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        EngineError::Store(e)
    }
}

/// Loads the local copy into the signals and, for a signed-in user, keeps
/// syncing for as long as the page is open.
pub fn start(state: Mirrors, user: Option<Me>) {
    let (sender, receiver) = unbounded();
    KICK.with(|k| *k.borrow_mut() = Some(sender));
    if let Some(window) = web_sys::window() {
        let online = Closure::<dyn Fn()>::new(kick);
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        let offline = Closure::<dyn Fn()>::new(move || {
            if state.sync.status.get_untracked() != SyncStatus::LocalOnly {
                state.sync.status.set(SyncStatus::Offline);
            }
        });
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        offline.forget();
    }
    leptos::task::spawn_local(run(state, user, receiver));
}

async fn run(state: Mirrors, user: Option<Me>, mut kicks: UnboundedReceiver<()>) {
    let db = match store::open().await {
        Ok(db) => db,
        Err(e) => {
            leptos::logging::warn!("this browser keeps no local data: {e}");
            return;
        }
    };
    if let Err(e) = store::recover_draft(&db).await {
        leptos::logging::warn!("could not recover an interrupted session: {e}");
    }
    if let Err(e) = super::learn_inbox::drain(&db).await {
        leptos::logging::warn!("could not record reading progress: {e}");
    }
    refresh(&db, state).await;
    let mut user = match user {
        Some(user) => user,
        None => wait_for_account(&db, state, &mut kicks).await,
    };
    let mut failures = 0u32;
    loop {
        // Pages read meanwhile (in another tab, or before signing in).
        if let Err(e) = super::learn_inbox::drain(&db).await {
            leptos::logging::warn!("could not record reading progress: {e}");
        }
        state.sync.status.set(SyncStatus::Syncing);
        let wait = match sync_until_done(&db, &user).await {
            Ok(()) => {
                failures = 0;
                state.sync.status.set(SyncStatus::Synced {
                    at_ms: js_sys::Date::now(),
                });
                PERIOD_MS
            }
            Err(EngineError::SignedOut) => {
                // The session ended (logged out elsewhere, expired): keep
                // everything in the outbox until someone signs in again.
                user = wait_for_account(&db, state, &mut kicks).await;
                continue;
            }
            Err(error) => {
                let status = match &error {
                    EngineError::Store(e) => {
                        leptos::logging::warn!("sync stopped by the local store: {e}");
                        SyncStatus::Offline
                    }
                    EngineError::Server(e) => {
                        leptos::logging::warn!("sync refused: {e}");
                        SyncStatus::ServerTrouble
                    }
                    EngineError::Offline | EngineError::SignedOut => SyncStatus::Offline,
                };
                state.sync.status.set(status);
                failures += 1;
                retry_delay_ms(failures - 1, js_sys::Math::random())
            }
        };
        refresh(&db, state).await;
        wait_for_kick(&mut kicks, wait).await;
    }
}

/// Anonymous use: everything stays in the outbox until an account exists;
/// the first sync after signing in uploads it. A page served from the
/// offline cache looks anonymous even to a signed-in person (signed-in pages
/// are never cached), so on each change and on `online` ask the server again.
async fn wait_for_account(db: &Database, state: Mirrors, kicks: &mut UnboundedReceiver<()>) -> Me {
    let offline_now = || web_sys::window().is_some_and(|w| !w.navigator().on_line());
    state.sync.status.set(if offline_now() {
        SyncStatus::Offline
    } else {
        SyncStatus::LocalOnly
    });
    loop {
        wait_for_kick(kicks, PERIOD_MS).await;
        // A change on this page may have kept the last read off it.
        refresh(db, state).await;
        match http::me().await {
            Ok(Some(me)) => return me,
            Ok(None) => state.sync.status.set(SyncStatus::LocalOnly),
            Err(_) => state.sync.status.set(SyncStatus::Offline),
        }
    }
}

async fn wait_for_kick(kicks: &mut UnboundedReceiver<()>, timeout_ms: u32) {
    let next = kicks.next();
    let timeout = TimeoutFuture::new(timeout_ms);
    futures::pin_mut!(next);
    futures::future::select(next, timeout).await;
    // Several changes in a row need one sync, not one each.
    while kicks.try_recv().is_ok() {}
}

/// Puts the device's copy on the page, unless a change made on this page
/// meanwhile may be missing from what was read (then the next round, which
/// that change's write kicks, brings it).
async fn refresh(db: &Database, state: Mirrors) {
    let read = store::StoreRead::begin();
    let settings = store::settings(db).await;
    let letters = store::dead_letters(db).await;
    let sessions = store::sessions(db).await;
    let prescription = store::prescription(db).await;
    let reminders = store::reminders(db).await;
    let proms = store::proms(db).await;
    let diary = match state.diary {
        Some(_) => Some(store::diary(db).await),
        None => None,
    };
    let pathway = store::pathway(db).await;
    let visits = store::bladder(db).await;
    if !read.current() {
        return;
    }
    // The programme, the settings and the assessment are set only when they
    // changed: a signal set to the value it holds still wakes everything
    // that reads it, and a page rebuilt under the patient's thumb loses what
    // they were choosing (the dose form did). The lists are shown, not
    // edited in place, and comparing them costs more code than it saves.
    if let Ok(settings) = settings {
        changed(state.settings, settings);
    }
    if let Ok(letters) = letters {
        state.sync.dead_letters.set(letters);
    }
    if let Ok(sessions) = sessions {
        state.training.sessions.set(sessions);
    }
    if let Ok((plan, changes)) = prescription {
        changed(state.training.plan, plan);
        changed(state.training.dose_changes, changes);
    }
    if let Ok(Some(reminders)) = reminders {
        state.reminders.set(reminders);
    }
    if let Ok(answers) = proms {
        state.proms.set(answers);
    }
    if let (Some(signal), Some(Ok(entries))) = (state.diary, diary) {
        signal.set(entries);
    }
    if let Ok((assessment, target)) = pathway {
        changed(state.pathway.assessment, assessment);
        changed(state.pathway.target, target);
    }
    if let Ok(visits) = visits {
        state.pathway.visits.set(visits);
    }
    if !state.training.loaded.get_untracked() {
        state.training.loaded.set(true);
    }
}

/// Sets `signal` to `value` unless it holds that value already.
fn changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|held| *held != value) {
        signal.set(value);
    }
}

/// Pushes the whole outbox (500 ops a request) and pulls until up to date.
async fn sync_until_done(db: &Database, user: &Me) -> Result<(), EngineError> {
    let device_id = store::device_id(db).await?;
    let mut cursor = store::cursor_for(db, user).await?;
    loop {
        let ops = store::outbox(db, MAX_BATCH_OPS as u32).await?;
        let request = SyncRequest {
            device_id: device_id.clone(),
            cursor: cursor.clone(),
            ops,
        };
        let response = match http::sync(&request).await {
            Ok(response) => response,
            Err(SyncFailure::CursorAhead) => {
                store::set_cursor(db, None).await?;
                cursor = None;
                continue;
            }
            Err(SyncFailure::SignedOut) => return Err(EngineError::SignedOut),
            Err(SyncFailure::Offline) => return Err(EngineError::Offline),
            Err(SyncFailure::Refused(message)) => return Err(EngineError::Server(message)),
        };
        store::settle(db, &request.ops, &response.results).await?;
        store::apply_changes(db, &response.changes).await?;
        store::set_cursor(db, Some(&response.cursor)).await?;
        cursor = Some(response.cursor);
        if !response.more && request.ops.len() < MAX_BATCH_OPS {
            return Ok(());
        }
    }
}

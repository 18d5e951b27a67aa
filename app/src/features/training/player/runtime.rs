//! The running session in the browser: the clock, the redraw loop, the
//! audio schedule, vibration and the wake lock.

use super::cues::AudioCues;
use super::{Controls, Ended, LEAD_IN_MS, PlayerSignals};
use crate::domain::training::SessionPlan;
use crate::domain::training::clock::PlayerClock;
use crate::domain::training::plan::Moment;
use crate::features::settings::use_settings;
use crate::platform::device::{WakeLock, page_visible, perf_now, vibrate};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// The longest wait between redraws (the ring moves smoothly enough).
const FRAME_MS: u64 = 100;
/// How often the audio schedule is paired afresh with the page's clock.
const RESYNC_MS: f64 = 15_000.0;
/// Tones closer than this are left as scheduled when resyncing.
const RESYNC_AHEAD_MS: u64 = 400;

struct Runtime {
    plan: SessionPlan,
    clock: PlayerClock,
    /// `performance.now()` when the lead-in ends and session time begins.
    begins_at: f64,
    started_ms: f64,
    cues: Option<AudioCues>,
    wake: Rc<RefCell<WakeLock>>,
    /// Bumped to stop a running redraw loop (pause, stop).
    generation: u32,
    over: bool,
    /// When the audio schedule was last paired with `performance.now()`.
    synced_at: f64,
}

type Shared = Rc<RefCell<Runtime>>;

pub(super) fn start(
    plan: SessionPlan,
    signals: PlayerSignals,
    on_end: Callback<Ended>,
    step_index: Memo<Option<usize>>,
) -> Controls {
    let settings = use_settings().get_untracked();
    let now = perf_now();
    let begins_at = now + LEAD_IN_MS as f64;
    let mut cues = if settings.sound {
        AudioCues::new()
    } else {
        None
    };
    if let Some(cues) = cues.as_mut() {
        cues.schedule(&plan, 0, begins_at, now);
    }
    let runtime: Shared = Rc::new(RefCell::new(Runtime {
        plan,
        clock: PlayerClock::start(begins_at),
        begins_at,
        started_ms: js_sys::Date::now() + LEAD_IN_MS as f64,
        cues,
        wake: Rc::new(RefCell::new(WakeLock::default())),
        generation: 0,
        over: false,
        // A new audio context pairs its clock with the page's only once it
        // runs: pair them again a second into the lead-in.
        synced_at: now - RESYNC_MS + 1_000.0,
    }));
    acquire_wake_lock(&runtime);
    spawn_loop(runtime.clone(), signals, on_end);
    // The start button sits low on the page: the countdown must not start
    // out of view (most of all with large text). Once the player is drawn.
    request_animation_frame(|| {
        if let Some(player) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".player").ok().flatten())
        {
            player.scroll_into_view();
        }
    });

    if settings.vibration {
        let runtime = runtime.clone();
        Effect::new(move |previous: Option<Option<usize>>| {
            let index = step_index.get();
            if let Some(i) = index
                && previous.is_some_and(|p| p != index)
                && signals.lead_in_left.get_untracked().is_none()
            {
                let kind = runtime.borrow().plan.steps()[i].kind;
                vibrate(kind);
            }
            index
        });
    }

    // A screen that comes back on gets the right step at once, and the
    // screen lock back (the browser drops it while hidden).
    let handle = {
        let runtime = runtime.clone();
        window_event_listener_untyped("visibilitychange", move |_| {
            let running = {
                let rt = runtime.borrow();
                !rt.over && !rt.clock.is_paused()
            };
            if running && page_visible() {
                acquire_wake_lock(&runtime);
                redraw(&runtime, signals);
            }
        })
    };

    let toggle_pause = {
        let runtime = runtime.clone();
        UnsyncCallback::new(move |()| {
            let now = perf_now();
            let paused = {
                let mut rt = runtime.borrow_mut();
                if rt.over {
                    return;
                }
                rt.generation += 1;
                if rt.clock.is_paused() {
                    rt.clock.resume(now);
                    // A pause during the lead-in restarts the lead-in.
                    if now < rt.begins_at {
                        rt.clock = PlayerClock::start(now + LEAD_IN_MS as f64);
                        rt.begins_at = now + LEAD_IN_MS as f64;
                    }
                    reschedule(&mut rt, now);
                    false
                } else {
                    rt.clock.pause(now);
                    if let Some(cues) = rt.cues.as_mut() {
                        cues.cancel();
                    }
                    rt.wake.borrow_mut().release();
                    true
                }
            };
            signals.paused.set(paused);
            if !paused {
                acquire_wake_lock(&runtime);
                spawn_loop(runtime.clone(), signals, on_end);
            }
        })
    };
    let skip = {
        let runtime = runtime.clone();
        UnsyncCallback::new(move |()| {
            let now = perf_now();
            {
                let mut rt = runtime.borrow_mut();
                if rt.over || rt.clock.is_paused() {
                    return;
                }
                let elapsed = rt.clock.elapsed_ms(now);
                let Moment::At { step, .. } = rt.plan.position(elapsed) else {
                    return;
                };
                if !step.kind.is_skippable() {
                    return;
                }
                rt.clock.skip_to(step.ends_at_ms(), now);
                reschedule(&mut rt, now);
            }
            redraw(&runtime, signals);
        })
    };
    let stop = {
        let runtime = runtime.clone();
        UnsyncCallback::new(move |()| finish(&runtime, on_end, false))
    };

    // Leaving the page mid-session stops it; what was done is kept.
    {
        // Leptos asks cleanups to be `Send`; the browser has one thread.
        let runtime = send_wrapper::SendWrapper::new((runtime.clone(), handle));
        on_cleanup(move || {
            let (runtime, handle) = runtime.take();
            handle.remove();
            finish(&runtime, on_end, false);
        });
    }

    Controls {
        toggle_pause,
        skip,
        stop,
    }
}

fn reschedule(rt: &mut Runtime, now: f64) {
    reschedule_from(rt, now, 0);
}

/// Schedules the tones from `ahead_ms` after the current moment on.
fn reschedule_from(rt: &mut Runtime, now: f64, ahead_ms: u64) {
    rt.synced_at = now;
    let elapsed = rt.clock.elapsed_ms(now);
    // `performance.now()` at session time 0 (in the future during the lead-in).
    let zero = if now < rt.begins_at {
        rt.begins_at
    } else {
        now - elapsed as f64
    };
    // Session time `ahead_ms` from now: tones before it stay as they are.
    let from = (now + ahead_ms as f64 - zero).max(0.0) as u64;
    let Runtime { cues, plan, .. } = rt;
    if let Some(cues) = cues.as_mut() {
        cues.schedule(plan, from, zero, now);
    }
}

fn acquire_wake_lock(runtime: &Shared) {
    let wake = runtime.borrow().wake.clone();
    leptos::task::spawn_local(async move {
        let mut lock = WakeLock::default();
        lock.acquire().await;
        let mut current = wake.borrow_mut();
        current.release();
        *current = lock;
    });
}

/// Puts the current moment into the signals; says whether the session is over.
fn redraw(runtime: &Shared, signals: PlayerSignals) -> Option<u64> {
    let now = perf_now();
    let rt = runtime.borrow();
    if now < rt.begins_at && !rt.clock.is_paused() {
        let left = (rt.begins_at - now).ceil() as u64;
        signals.lead_in_left.set(Some(left));
        return Some(left.min(FRAME_MS));
    }
    if signals.lead_in_left.get_untracked().is_some() && !rt.clock.is_paused() {
        signals.lead_in_left.set(None);
    }
    let elapsed = rt.clock.elapsed_ms(now);
    signals.elapsed.set(elapsed);
    match rt.plan.position(elapsed) {
        // Wake up right at the next step boundary, or after one frame.
        Moment::At { remaining_ms, .. } => Some(remaining_ms.clamp(1, FRAME_MS)),
        Moment::Finished => None,
    }
}

fn spawn_loop(runtime: Shared, signals: PlayerSignals, on_end: Callback<Ended>) {
    let generation = runtime.borrow().generation;
    leptos::task::spawn_local(async move {
        loop {
            {
                let mut rt = runtime.borrow_mut();
                if rt.over || rt.generation != generation {
                    return;
                }
                let now = perf_now();
                if now - rt.synced_at > RESYNC_MS && !rt.clock.is_paused() {
                    reschedule_from(&mut rt, now, RESYNC_AHEAD_MS);
                }
            }
            match redraw(&runtime, signals) {
                Some(wait) => TimeoutFuture::new(wait as u32).await,
                None => {
                    finish(&runtime, on_end, true);
                    return;
                }
            }
        }
    });
}

fn finish(runtime: &Shared, on_end: Callback<Ended>, completed: bool) {
    let ended = {
        let mut rt = runtime.borrow_mut();
        if rt.over {
            return;
        }
        rt.over = true;
        rt.generation += 1;
        if let Some(cues) = rt.cues.take() {
            cues.close();
        }
        rt.wake.borrow_mut().release();
        let elapsed = rt.clock.elapsed_ms(perf_now());
        let done = if completed {
            rt.plan.done_at(rt.plan.total_ms())
        } else {
            rt.plan.done_at(elapsed)
        };
        let ended_ms = js_sys::Date::now();
        Ended {
            done,
            completed,
            started_ms: rt.started_ms.min(ended_ms),
            ended_ms,
        }
    };
    on_end.try_run(ended);
}

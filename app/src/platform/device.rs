//! The phone's helpers during a session: the monotonic clock, vibration and
//! the screen wake lock.

use crate::domain::training::StepKind;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Milliseconds on the page's monotonic clock.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A short buzz for the steps that ask for something.
pub fn vibrate(kind: StepKind) {
    let pattern: &[u32] = match kind {
        StepKind::Squeeze => &[200],
        StepKind::QuickLift(_) => &[60],
        StepKind::LetGo => &[90, 60, 90],
        StepKind::RoundPause => &[300],
        StepKind::Chime => &[200, 100, 200],
        StepKind::BreatheIn => &[40],
        StepKind::BreatheOut => &[40, 60, 40],
        StepKind::Guided { .. } => &[60],
        StepKind::Hold | StepKind::Rest | StepKind::Relax => return,
    };
    if let Some(window) = web_sys::window() {
        let array = js_sys::Array::new();
        for ms in pattern {
            array.push(&JsValue::from(*ms));
        }
        let _ = window.navigator().vibrate_with_pattern(&array);
    }
}

/// Keeps the screen on while a session runs. The browser drops the lock
/// when the page is hidden; [`WakeLock::acquire`] again when it returns.
#[derive(Default)]
pub struct WakeLock {
    sentinel: Option<JsValue>,
}

impl WakeLock {
    pub async fn acquire(&mut self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let navigator: JsValue = window.navigator().into();
        let Ok(wake_lock) = Reflect::get(&navigator, &JsValue::from_str("wakeLock")) else {
            return;
        };
        if wake_lock.is_undefined() {
            return;
        }
        let Ok(request) = Reflect::get(&wake_lock, &JsValue::from_str("request")) else {
            return;
        };
        let Ok(request) = request.dyn_into::<Function>() else {
            return;
        };
        let Ok(promise) = request.call1(&wake_lock, &JsValue::from_str("screen")) else {
            return;
        };
        if let Ok(sentinel) = JsFuture::from(Promise::from(promise)).await {
            self.sentinel = Some(sentinel);
        }
    }

    pub fn release(&mut self) {
        if let Some(sentinel) = self.sentinel.take()
            && let Ok(release) = Reflect::get(&sentinel, &JsValue::from_str("release"))
            && let Ok(release) = release.dyn_into::<Function>()
        {
            let _ = release.call0(&sentinel);
        }
    }
}

/// The page is visible (not a background tab, not a locked screen).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

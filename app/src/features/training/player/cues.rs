//! Short tones for each step, scheduled on the audio clock for the whole
//! session at once: the audio thread plays them on time even when the page
//! is in the background and its timers are throttled.

use crate::domain::training::{SessionPlan, StepKind};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AudioContext, GainNode, OscillatorNode, OscillatorType};

/// A tone: pitch, length and loudness.
struct Tone {
    hz: f32,
    ms: f64,
    gain: f32,
}

/// Which steps sound, and how. Holds and rests follow on their own: the
/// tone before them says what to do.
fn tone_for(kind: StepKind) -> Option<Tone> {
    match kind {
        StepKind::Squeeze => Some(Tone {
            hz: 660.0,
            ms: 180.0,
            gain: 0.25,
        }),
        StepKind::QuickLift(_) => Some(Tone {
            hz: 880.0,
            ms: 70.0,
            gain: 0.2,
        }),
        StepKind::LetGo => Some(Tone {
            hz: 440.0,
            ms: 260.0,
            gain: 0.25,
        }),
        StepKind::RoundPause => Some(Tone {
            hz: 523.0,
            ms: 500.0,
            gain: 0.2,
        }),
        // The end of a relaxation session: soft, low and long.
        StepKind::Chime => Some(Tone {
            hz: 392.0,
            ms: 1500.0,
            gain: 0.15,
        }),
        // The pacer: a low rising tone in, a lower one out, both quiet.
        StepKind::BreatheIn => Some(Tone {
            hz: 330.0,
            ms: 400.0,
            gain: 0.1,
        }),
        StepKind::BreatheOut => Some(Tone {
            hz: 262.0,
            ms: 500.0,
            gain: 0.1,
        }),
        StepKind::Guided { .. } => Some(Tone {
            hz: 294.0,
            ms: 300.0,
            gain: 0.08,
        }),
        StepKind::Hold | StepKind::Rest | StepKind::Relax => None,
    }
}

pub struct AudioCues {
    ctx: AudioContext,
    /// Tones not yet known to be over, by the session time of their step.
    scheduled: Vec<(u64, OscillatorNode, GainNode)>,
}

impl AudioCues {
    /// Made in a click handler: browsers only let a page make sound after
    /// the person has touched it.
    pub fn new() -> Option<Self> {
        let ctx = AudioContext::new().ok()?;
        let _ = ctx.resume();
        Some(AudioCues {
            ctx,
            scheduled: Vec::new(),
        })
    }

    /// The audio clock's time for a `performance.now()` instant.
    /// `getOutputTimestamp()` pairs the two clocks as the sound leaves the
    /// speaker; without it, pair them as of now.
    fn audio_time_at(&self, perf_ms: f64, now_perf_ms: f64) -> f64 {
        let field = |stamp: &JsValue, name: &str| {
            Reflect::get(stamp, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let stamp = Reflect::get(&self.ctx, &JsValue::from_str("getOutputTimestamp"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&self.ctx).ok());
        if let Some(stamp) = stamp
            && let (Some(context), Some(perf)) = (
                field(&stamp, "contextTime"),
                field(&stamp, "performanceTime"),
            )
            && perf > 0.0
        {
            return context + (perf_ms - perf) / 1000.0;
        }
        self.ctx.current_time() + (perf_ms - now_perf_ms) / 1000.0
    }

    /// (Re)schedules a tone for every step from `from_ms` on, given that
    /// session time 0 is at `zero_perf_ms` on the `performance.now()` clock.
    /// Tones before `from_ms` are left alone, so one that is playing is not
    /// cut short. Called again now and then: the audio clock and the page's
    /// clock run at slightly different rates, and a fresh pairing of the two
    /// keeps that from adding up over a long session.
    pub fn schedule(
        &mut self,
        plan: &SessionPlan,
        from_ms: u64,
        zero_perf_ms: f64,
        now_perf_ms: f64,
    ) {
        self.cancel_from(from_ms);
        for step in plan.steps().iter().filter(|s| s.starts_at_ms >= from_ms) {
            let Some(tone) = tone_for(step.kind) else {
                continue;
            };
            let at = self.audio_time_at(zero_perf_ms + step.starts_at_ms as f64, now_perf_ms);
            if let Some((osc, gain)) = self.tone(&tone, at) {
                self.scheduled.push((step.starts_at_ms, osc, gain));
            }
        }
    }

    fn cancel_from(&mut self, from_ms: u64) {
        let (keep, cancelled): (Vec<_>, Vec<_>) = self
            .scheduled
            .drain(..)
            .partition(|(starts_at, ..)| *starts_at < from_ms);
        self.scheduled = keep;
        for (_, osc, gain) in cancelled {
            let _ = osc.stop_with_when(0.0);
            let _ = gain.disconnect();
        }
    }

    fn tone(&self, tone: &Tone, at: f64) -> Option<(OscillatorNode, GainNode)> {
        let osc = self.ctx.create_oscillator().ok()?;
        osc.set_type(OscillatorType::Sine);
        osc.frequency().set_value(tone.hz);
        let gain = self.ctx.create_gain().ok()?;
        let level = gain.gain();
        let end = at + tone.ms / 1000.0;
        // A soft attack and release: no clicks.
        level.set_value_at_time(0.0, at).ok()?;
        level
            .linear_ramp_to_value_at_time(tone.gain, at + 0.01)
            .ok()?;
        level.linear_ramp_to_value_at_time(0.0, end).ok()?;
        osc.connect_with_audio_node(&gain).ok()?;
        gain.connect_with_audio_node(&self.ctx.destination()).ok()?;
        osc.start_with_when(at).ok()?;
        osc.stop_with_when(end + 0.02).ok()?;
        Some((osc, gain))
    }

    /// Silences every tone not yet played (pause, skip, stop).
    pub fn cancel(&mut self) {
        self.cancel_from(0);
    }

    pub fn close(mut self) {
        self.cancel();
        let _ = self.ctx.close();
    }
}

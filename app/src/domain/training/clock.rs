//! The player's clock: elapsed session time from a monotonic time source
//! (`performance.now()` in the browser), never from counting timer ticks.
//! A throttled tab or a locked screen therefore lands on the right step the
//! moment it is redrawn.

/// Milliseconds from a monotonic source; only differences matter.
pub type Instant = f64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlayerClock {
    started: Instant,
    paused_since: Option<Instant>,
    paused_total: f64,
    /// Time jumped over by skipping rests.
    skipped: f64,
}

impl PlayerClock {
    pub fn start(now: Instant) -> Self {
        PlayerClock {
            started: now,
            paused_since: None,
            paused_total: 0.0,
            skipped: 0.0,
        }
    }

    /// Session time at `now`, excluding pauses, including skips.
    pub fn elapsed_ms(&self, now: Instant) -> u64 {
        let until = self.paused_since.unwrap_or(now);
        let ms = until - self.started - self.paused_total + self.skipped;
        if ms.is_finite() && ms > 0.0 {
            ms as u64
        } else {
            0
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    pub fn pause(&mut self, now: Instant) {
        if self.paused_since.is_none() {
            self.paused_since = Some(now);
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if let Some(since) = self.paused_since.take() {
            self.paused_total += (now - since).max(0.0);
        }
    }

    /// Moves session time forward to `target_ms` (never backwards).
    pub fn skip_to(&mut self, target_ms: u64, now: Instant) {
        let current = self.elapsed_ms(now);
        if target_ms > current {
            self.skipped += (target_ms - current) as f64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pauses_stop_the_clock_and_skips_move_it_on() {
        let mut clock = PlayerClock::start(1_000.0);
        assert_eq!(clock.elapsed_ms(4_000.0), 3_000);
        clock.pause(4_000.0);
        assert_eq!(clock.elapsed_ms(60_000.0), 3_000);
        clock.resume(60_000.0);
        assert_eq!(clock.elapsed_ms(61_000.0), 4_000);
        clock.skip_to(10_000, 61_000.0);
        assert_eq!(clock.elapsed_ms(61_500.0), 10_500);
        clock.skip_to(5_000, 61_500.0);
        assert_eq!(clock.elapsed_ms(61_500.0), 10_500);
    }

    #[test]
    fn a_long_gap_is_caught_up_at_once() {
        let clock = PlayerClock::start(0.0);
        // A background tab woken after 30 s is simply 30 s in.
        assert_eq!(clock.elapsed_ms(30_000.0), 30_000);
    }

    proptest! {
        #[test]
        fn elapsed_never_runs_backwards(steps in prop::collection::vec((0u8..3, 0.0f64..5_000.0), 1..40)) {
            let mut now = 0.0;
            let mut clock = PlayerClock::start(now);
            let mut last = 0;
            for (action, dt) in steps {
                now += dt;
                match action {
                    0 => clock.pause(now),
                    1 => clock.resume(now),
                    _ => {}
                }
                let e = clock.elapsed_ms(now);
                prop_assert!(e >= last);
                last = e;
            }
        }
    }
}

//! When to try again after a failed sync: exponential backoff with jitter,
//! so phones coming back online together do not all call at once.

/// First retry after about a second, doubling up to five minutes.
pub const BASE_MS: u32 = 1_000;
pub const CAP_MS: u32 = 5 * 60 * 1_000;

/// `attempt` counts failures so far (0 = first retry); `jitter` is a random
/// number in `[0, 1)` and spreads the delay over 50–150 % of the nominal one.
pub fn retry_delay_ms(attempt: u32, jitter: f64) -> u32 {
    let nominal = BASE_MS
        .saturating_mul(1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX))
        .min(CAP_MS);
    let factor = 0.5 + jitter.clamp(0.0, 1.0);
    (f64::from(nominal) * factor) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_delay_doubles_then_stops_growing() {
        assert_eq!(retry_delay_ms(0, 0.5), 1_000);
        assert_eq!(retry_delay_ms(1, 0.5), 2_000);
        assert_eq!(retry_delay_ms(3, 0.5), 8_000);
        assert_eq!(retry_delay_ms(30, 0.5), CAP_MS);
    }

    proptest! {
        #[test]
        fn jitter_stays_within_half_and_one_and_a_half(attempt in 0u32..64, jitter in 0.0f64..1.0) {
            let nominal = BASE_MS.saturating_mul(1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX)).min(CAP_MS);
            let delay = retry_delay_ms(attempt, jitter);
            prop_assert!(delay >= nominal / 2 && delay <= nominal + nominal / 2);
        }
    }
}

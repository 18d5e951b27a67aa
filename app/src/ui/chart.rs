//! One chart for every figure over time, on the phone and in the clinic:
//! bars on a labelled scale, each with its value written above it and its
//! period under it, and a dashed line where there is a target. One measure
//! per chart, its title saying what it is and which way is better.
//!
//! Drawn in SVG (the pages' CSP allows no inline style) with a viewBox that
//! keeps its shape, so the text in it is not stretched. Screen readers skip
//! it: the table beside every chart says the same.

use leptos::prelude::*;

/// One bar: the period under it, its value (none: a gap with "–"), and the
/// value as the reader writes it ("1,5", "85 %").
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 170.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 24.0;

/// Where a value sits on the scale (the plot's top is `max`).
fn y_of(value: f64, max: f64) -> f64 {
    let share = (value / max).clamp(0.0, 1.0);
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - share)
}

/// Every `step`-th label is written when there are many bars, so they never
/// run into each other.
fn label_step(bars: usize) -> usize {
    bars.div_ceil(8).max(1)
}

#[component]
pub fn Chart(
    /// What the bars measure, with its unit and which way is better.
    title: String,
    bars: Vec<Bar>,
    /// The top of the scale.
    max: f64,
    /// The values written on the scale, with their labels.
    ticks: Vec<(f64, String)>,
    /// A dashed line across: the dose asked, for one.
    #[prop(optional)]
    target: Option<f64>,
) -> impl IntoView {
    let max = if max > 0.0 { max } else { 1.0 };
    let slot = (WIDTH - LEFT - RIGHT) / bars.len().max(4) as f64;
    let step = label_step(bars.len());
    let base = y_of(0.0, max);
    view! {
        <figure class="chart-figure" aria-hidden="true">
            <figcaption class="chart-title">{title}</figcaption>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") focusable="false">
                {ticks.into_iter().map(|(value, label)| {
                    let y = format!("{:.1}", y_of(value, max));
                    view! {
                        <line class="chart-grid" x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=y.clone() y2=y.clone() />
                        <text class="chart-tick" x=(LEFT - 4.0).to_string() y=y dy="3.5" text-anchor="end">{label}</text>
                    }
                }).collect_view()}
                {target.map(|value| {
                    let y = format!("{:.1}", y_of(value, max));
                    view! { <line class="chart-target" x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=y.clone() y2=y /> }
                })}
                {bars.into_iter().enumerate().map(|(i, bar)| {
                    let x = LEFT + slot * i as f64;
                    let middle = format!("{:.1}", x + slot / 2.0);
                    let top = bar.value.map_or(base, |v| y_of(v, max));
                    let rect = bar.value.map(|_| view! {
                        <rect class="chart-bar" x=format!("{:.1}", x + slot * 0.15) y=format!("{top:.1}")
                            width=format!("{:.1}", slot * 0.7) height=format!("{:.1}", (base - top).max(0.5)) />
                    });
                    view! {
                        {rect}
                        <text class="chart-value" x=middle.clone() y=format!("{:.1}", top - 3.0) text-anchor="middle">{bar.text}</text>
                        {(i % step == 0).then(|| view! {
                            <text class="chart-tick" x=middle y=format!("{:.1}", HEIGHT - 8.0) text-anchor="middle">{bar.label}</text>
                        })}
                    }
                }).collect_view()}
                <line class="chart-axis" x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=format!("{base:.1}") y2=format!("{base:.1}") />
            </svg>
        </figure>
    }
}

/// A scale from 0 to a round number at or above `top`, in three steps
/// written as the reader writes numbers.
pub fn scale(top: f64, write: impl Fn(f64) -> String) -> (f64, Vec<(f64, String)>) {
    let max = if top <= 1.0 {
        1.0
    } else if top <= 2.0 {
        2.0
    } else if top <= 10.0 {
        top.ceil()
    } else {
        (top / 5.0).ceil() * 5.0
    };
    let ticks = [0.0, max / 2.0, max]
        .into_iter()
        .map(|v| (v, write(v)))
        .collect();
    (max, ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_rounds_up_and_halves() {
        let plain = |v: f64| format!("{v}");
        assert_eq!(scale(0.4, plain).0, 1.0);
        assert_eq!(scale(1.6, plain).0, 2.0);
        assert_eq!(scale(3.2, plain).0, 4.0);
        let (max, ticks) = scale(12.5, plain);
        assert_eq!(max, 15.0);
        assert_eq!(
            ticks.iter().map(|t| t.0).collect::<Vec<_>>(),
            vec![0.0, 7.5, 15.0]
        );
    }

    #[test]
    fn values_sit_on_the_scale_and_labels_thin_out() {
        assert_eq!(y_of(0.0, 10.0), HEIGHT - BOTTOM);
        assert_eq!(y_of(10.0, 10.0), TOP);
        assert_eq!(y_of(20.0, 10.0), TOP, "above the top is drawn at the top");
        assert_eq!(label_step(8), 1);
        assert_eq!(label_step(12), 2);
    }
}

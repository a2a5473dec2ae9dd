//! From measurements to the paper's figures (no burn: the page, the CLI and the tests share it):
//! mean memorisation of clean and flipped examples per width, each example's trajectory across
//! widths, and label-trained against distilled networks per trajectory.

use super::results::{Examples, Measured};
use serde::{Deserialize, Serialize};

/// Least change from one end of the curve to the other (or to and from a cap's peak) that counts
/// as a change of memorisation.
pub const CHANGE: f32 = 0.15;

/// Most an increasing curve may fall back from an earlier peak (a decreasing one rise from an
/// earlier trough): more is a change of direction.
pub const TOLERANCE: f32 = 0.1;

/// Least peak memorisation for an example to count as memorised at some width.
pub const MEMORISED: f32 = 0.25;

/// The shape of an example's memorisation across widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Trajectory {
    /// Ends at least [`CHANGE`] above where it started, never falling more than [`TOLERANCE`]
    /// from an earlier peak.
    Increasing,
    /// Rises at least [`CHANGE`] to a peak, then falls at least [`CHANGE`] from it.
    Cap,
    /// Ends at least [`CHANGE`] below where it started, never rising more than [`TOLERANCE`]
    /// from an earlier trough.
    Decreasing,
    /// Neither.
    Flat,
}

impl Trajectory {
    /// The four, in the order the page shows them.
    pub const ALL: [Trajectory; 4] =
        [Trajectory::Increasing, Trajectory::Cap, Trajectory::Decreasing, Trajectory::Flat];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Trajectory::Increasing => "increasing",
            Trajectory::Cap => "cap-shaped",
            Trajectory::Decreasing => "decreasing",
            Trajectory::Flat => "flat",
        }
    }

    /// The rule, in words (the page shows it).
    pub const RULE: &'static str = "Over the widths, smallest to largest. Increasing: the score at the largest \
        width is ≥ 0.15 above the smallest's, and never falls more than 0.1 below an earlier peak. Decreasing: the \
        mirror image (≥ 0.15 below, never more than 0.1 above an earlier trough). Cap-shaped: it rises ≥ 0.15 to a \
        peak and falls ≥ 0.15 after it. Flat: none of these.";

    /// The class of one curve (scores in width order). Fewer than two points: flat.
    pub fn of(curve: &[f32]) -> Trajectory {
        let (Some(&first), Some(&last)) = (curve.first(), curve.last()) else { return Trajectory::Flat };
        // The largest fall below an earlier peak, and rise above an earlier trough.
        let (mut peak, mut trough, mut fell, mut rose) = (first, first, 0.0f32, 0.0f32);
        for &score in curve {
            (peak, trough) = (peak.max(score), trough.min(score));
            (fell, rose) = (fell.max(peak - score), rose.max(score - trough));
        }
        let top = curve.iter().copied().fold(f32::MIN, f32::max);
        if last - first >= CHANGE && fell <= TOLERANCE {
            Trajectory::Increasing
        } else if first - last >= CHANGE && rose <= TOLERANCE {
            Trajectory::Decreasing
        } else if top - first >= CHANGE && top - last >= CHANGE {
            Trajectory::Cap
        } else {
            Trajectory::Flat
        }
    }
}

/// Standard error of one memorisation score from `seen` of `models` networks with in- and
/// out-accuracies `a` and `b`: √(a(1−a)/seen + b(1−b)/(K−seen)).
pub fn standard_error(a: f32, b: f32, seen: usize, models: usize) -> f32 {
    let unseen = models.saturating_sub(seen).max(1) as f32;
    (a * (1.0 - a) / seen.max(1) as f32 + b * (1.0 - b) / unseen).sqrt()
}

/// Worst-case standard error of a score at K networks split evenly (a = b = ½): √(1/K).
pub fn worst_standard_error(models: usize) -> f64 {
    (1.0 / models.max(1) as f64).sqrt()
}

/// Mean of `values` over the examples `keep` selects (0 when it selects none).
pub fn mean_where(values: &[f32], keep: impl Fn(usize) -> bool) -> f64 {
    let (sum, n) = values
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .fold((0.0, 0usize), |(s, n), (_, &v)| (s + f64::from(v), n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// The label-trained (or the distilled) measurements, one per width, widths ascending.
pub fn by_width(measured: &[Measured], distilled: bool) -> Vec<&Measured> {
    let mut out: Vec<&Measured> = measured.iter().filter(|m| m.kind.distilled == distilled).collect();
    out.sort_by_key(|m| m.kind.width);
    out.dedup_by_key(|m| m.kind.width);
    out
}

/// Every example's memorisation curve over the label-trained widths, and its trajectory.
pub struct Trajectories {
    /// The widths of the curves.
    pub widths: Vec<usize>,
    /// Per example: its scores, one per width.
    pub curves: Vec<Vec<f32>>,
    /// Per example: its class (flat when it cannot be estimated).
    pub classes: Vec<Trajectory>,
}

impl Trajectories {
    /// The trajectories of the label-trained networks' scores.
    pub fn of(examples: &Examples, measured: &[Measured]) -> Self {
        let labels = by_width(measured, false);
        let scores: Vec<Vec<f32>> = labels.iter().map(|m| m.memorisation()).collect();
        let curves: Vec<Vec<f32>> =
            (0..examples.len()).map(|i| scores.iter().map(|s| s[i]).collect()).collect();
        let classes = curves
            .iter()
            .enumerate()
            .map(|(i, c)| if examples.estimable(i) { Trajectory::of(c) } else { Trajectory::Flat })
            .collect();
        Self { widths: labels.iter().map(|m| m.kind.width).collect(), curves, classes }
    }

    /// Examples memorised at some width (peak ≥ [`MEMORISED`]) that can be estimated.
    pub fn memorised(&self, examples: &Examples) -> Vec<usize> {
        (0..self.curves.len())
            .filter(|&i| examples.estimable(i) && self.curves[i].iter().any(|&s| s >= MEMORISED))
            .collect()
    }

    /// How many of `among` fall in each class, in [`Trajectory::ALL`]'s order.
    pub fn counts(&self, among: &[usize]) -> [usize; 4] {
        let mut counts = [0; 4];
        for &i in among {
            counts[Trajectory::ALL.iter().position(|&t| t == self.classes[i]).unwrap_or(3)] += 1;
        }
        counts
    }
}

/// One width's summary: mean scores of clean and flipped examples, and the test accuracy.
#[derive(Clone, Debug, PartialEq)]
pub struct WidthSummary {
    /// Hidden width.
    pub width: usize,
    /// Mean memorisation of the clean examples.
    pub clean: f64,
    /// Mean memorisation of the examples with flipped labels.
    pub flipped: f64,
    /// Test accuracy (clean held-out examples).
    pub test_accuracy: f64,
}

/// Summaries of the label-trained (or distilled) widths, ascending.
pub fn summaries(examples: &Examples, measured: &[Measured], distilled: bool) -> Vec<WidthSummary> {
    by_width(measured, distilled)
        .into_iter()
        .map(|m| {
            let mem = m.memorisation();
            WidthSummary {
                width: m.kind.width,
                clean: mean_where(&mem, |i| examples.estimable(i) && !examples.flipped(i)),
                flipped: mean_where(&mem, |i| examples.estimable(i) && examples.flipped(i)),
                test_accuracy: m.test_accuracy,
            }
        })
        .collect()
}

/// Label-trained against distilled networks of one width, on the examples of one trajectory.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Hidden width (of both).
    pub width: usize,
    /// The trajectory class the examples are in.
    pub trajectory: Trajectory,
    /// Examples in the class.
    pub examples: usize,
    /// Their mean memorisation by the label-trained networks.
    pub labels: f64,
    /// By the distilled students.
    pub distilled: f64,
}

/// For every width with both a label-trained and a distilled batch, and every class: the two
/// mean scores.
pub fn comparisons(
    examples: &Examples,
    measured: &[Measured],
    trajectories: &Trajectories,
) -> Vec<Comparison> {
    let labels = by_width(measured, false);
    let students = by_width(measured, true);
    let mut out = Vec::new();
    for s in &students {
        let Some(l) = labels.iter().find(|l| l.kind.width == s.kind.width) else { continue };
        let (lm, sm) = (l.memorisation(), s.memorisation());
        for t in Trajectory::ALL {
            let keep = |i: usize| examples.estimable(i) && trajectories.classes[i] == t;
            let n = (0..examples.len()).filter(|&i| keep(i)).count();
            out.push(Comparison {
                width: s.kind.width,
                trajectory: t,
                examples: n,
                labels: mean_where(&lm, keep),
                distilled: mean_where(&sm, keep),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_sorts_curves_by_rise_and_fall() {
        assert_eq!(Trajectory::of(&[0.0, 0.1, 0.5, 0.9]), Trajectory::Increasing);
        assert_eq!(Trajectory::of(&[0.0, 0.6, 0.2]), Trajectory::Cap);
        assert_eq!(Trajectory::of(&[0.5, 0.3, 0.1]), Trajectory::Decreasing);
        assert_eq!(Trajectory::of(&[0.1, 0.2, 0.2]), Trajectory::Flat);
        assert_eq!(Trajectory::of(&[]), Trajectory::Flat);
        // Up by 0.16 overall with a dip of 0.09 on the way: increasing; a dip of 0.11: a change of
        // direction, and neither end is 0.15 from the peak: flat.
        assert_eq!(Trajectory::of(&[0.3, 0.5, 0.41, 0.46]), Trajectory::Increasing);
        assert_eq!(Trajectory::of(&[0.3, 0.5, 0.39, 0.46]), Trajectory::Flat);
        // Down by 0.4 after a rise of 0.12 from the start: decreasing would need a rise ≤ 0.1; a cap
        // needs 0.15 up: flat. With a rise of 0.16, cap-shaped.
        assert_eq!(Trajectory::of(&[0.5, 0.62, 0.1]), Trajectory::Flat);
        assert_eq!(Trajectory::of(&[0.5, 0.66, 0.1]), Trajectory::Cap);
        assert_eq!(Trajectory::of(&[0.6, 0.55, 0.4]), Trajectory::Decreasing);
    }

    #[test]
    fn standard_errors_and_means() {
        assert!((standard_error(0.5, 0.5, 32, 64) - 0.125).abs() < 1e-6);
        assert_eq!(standard_error(1.0, 0.0, 10, 64), 0.0);
        assert!((worst_standard_error(64) - 0.125).abs() < 1e-12);
        assert_eq!(mean_where(&[1.0, 2.0, 3.0], |i| i != 1), 2.0);
        assert_eq!(mean_where(&[1.0], |_| false), 0.0);
    }

    fn measured(width: usize, distilled: bool, in_accuracy: Vec<f32>, out_accuracy: Vec<f32>) -> Measured {
        use crate::demos::memorisation::Kind;
        Measured {
            kind: Kind { width, distilled },
            in_accuracy,
            out_accuracy,
            train_accuracy: 1.0,
            test_accuracy: 0.9,
            seconds: 0.0,
        }
    }

    #[test]
    fn summaries_trajectories_and_comparisons_from_measurements() {
        // Three examples: 0 clean, 1 flipped, 2 seen by every network (not estimable).
        let examples = Examples {
            pixels: vec![0; 3 * 64],
            given: vec![1, 2, 3],
            truth: vec![1, 5, 3],
            in_count: vec![2, 2, 4],
            models: 4,
        };
        let m = vec![
            measured(8, false, vec![1.0, 0.5, 1.0], vec![1.0, 0.0, 0.0]),
            measured(4, false, vec![1.0, 0.0, 1.0], vec![0.5, 0.0, 0.0]),
            measured(16, false, vec![1.0, 1.0, 1.0], vec![1.0, 0.0, 0.0]),
            measured(16, true, vec![1.0, 0.5, 1.0], vec![1.0, 0.0, 0.0]),
        ];
        let s = summaries(&examples, &m, false);
        assert_eq!(s.iter().map(|w| w.width).collect::<Vec<_>>(), [4, 8, 16]);
        assert_eq!((s[0].clean, s[0].flipped, s[2].flipped), (0.5, 0.0, 1.0));
        let t = Trajectories::of(&examples, &m);
        assert_eq!(t.curves[1], vec![0.0, 0.5, 1.0]);
        assert_eq!(t.classes, vec![Trajectory::Decreasing, Trajectory::Increasing, Trajectory::Flat]);
        assert_eq!(t.memorised(&examples), vec![0, 1]);
        assert_eq!(t.counts(&[0, 1]), [1, 0, 1, 0]);
        let c = comparisons(&examples, &m, &t);
        assert_eq!(c.len(), 4);
        let inc = c.iter().find(|c| c.trajectory == Trajectory::Increasing).unwrap();
        assert_eq!((inc.width, inc.examples, inc.labels, inc.distilled), (16, 1, 1.0, 0.5));
    }
}

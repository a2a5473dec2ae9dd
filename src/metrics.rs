//! Metrics of Jiang, Nagarajan, Baek & Kolter, "Assessing Generalization of SGD via
//! Disagreement" (ICLR 2022), computed on the host from predicted classes.
//!
//! - test error `TestErr(h) = E[1[h(X) ≠ Y]]` and disagreement `Dis(h, h′) = E[1[h(X) ≠ h′(X)]]`
//!   (their Eq. 1);
//! - the ensemble `h̃_k(x)`: the fraction of models that vote `k` (Eq. 2, one-hot votes, not
//!   averaged softmax);
//! - class-aggregated calibration (Def. 4.3) and its calibration error CACE (Def. 4.4), for
//!   which Theorem 4.2 gives `|E[Dis] − E[TestErr]| ≤ CACE`.

use serde::{Deserialize, Serialize};

/// Mean of `values` (0 when empty).
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 }
}

/// Mean and sample standard deviation (n − 1) of `values`; the sd is 0 for fewer than two (the
/// summaries of seeds every demo prints as `mean ± sd`).
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let m = mean(values);
    if values.len() < 2 {
        return (m, 0.0);
    }
    let var = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
    (m, var.sqrt())
}

/// Fraction of `classes` (as read back from an argmax on the device) equal to `labels`.
pub fn accuracy(classes: &[i64], labels: &[u8]) -> f64 {
    let predicted: Vec<u8> = classes.iter().map(|&c| c as u8).collect();
    1.0 - error_rate(&predicted, labels)
}

/// Fraction of examples whose prediction differs from the label.
pub fn error_rate(predictions: &[u8], labels: &[u8]) -> f64 {
    assert_eq!(predictions.len(), labels.len());
    mismatch(predictions, labels)
}

/// Fraction of examples on which two models predict different classes. Needs no labels.
pub fn disagreement_rate(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    mismatch(a, b)
}

fn mismatch(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x != y).count() as f64 / a.len() as f64
}

/// Class-aggregated calibration of an ensemble of `models` classifiers.
///
/// With `K` models, `h̃_k(x)` takes the values `q = j/K`; bin `j` counts the (example, class)
/// pairs with `h̃_k(x) = q` (its `mass`) and those of them where `k` is the true class (its `hits`).
/// The class-aggregated calibration curve is `hits/mass` against `q` (Def. 4.3). Counts, not
/// ratios, are kept so that calibrations of several ensembles pool by adding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Models in the ensemble (`K`).
    pub models: usize,
    /// Examples counted.
    pub examples: u64,
    /// Bin `j` is confidence `j / models`, `j = 0..=models`.
    pub bins: Vec<CalibrationBin>,
}

/// One confidence level of [`Calibration`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// The ensemble's confidence `q = j/K`.
    pub confidence: f64,
    /// Number of (example, class) pairs with `h̃_k(x) = q`.
    pub mass: u64,
    /// Of those, how many have `k` = the true label.
    pub hits: u64,
}

impl CalibrationBin {
    /// `p(Y = k | h̃_k(X) = q)` aggregated over classes, or `None` for an empty bin.
    pub fn accuracy(&self) -> Option<f64> {
        (self.mass > 0).then(|| self.hits as f64 / self.mass as f64)
    }
}

impl Calibration {
    /// Calibration of the ensemble whose members predicted `predictions[m][i]` for example `i`.
    pub fn of_ensemble(predictions: &[Vec<u8>], labels: &[u8], classes: usize) -> Self {
        let models = predictions.len();
        assert!(models > 0 && predictions.iter().all(|p| p.len() == labels.len()));
        let mut bins: Vec<CalibrationBin> = (0..=models)
            .map(|j| CalibrationBin { confidence: j as f64 / models as f64, mass: 0, hits: 0 })
            .collect();
        let mut votes = vec![0usize; classes];
        for (i, &label) in labels.iter().enumerate() {
            votes.iter_mut().for_each(|v| *v = 0);
            for p in predictions {
                votes[p[i] as usize] += 1;
            }
            for (k, &v) in votes.iter().enumerate() {
                bins[v].mass += 1;
                if k == label as usize {
                    bins[v].hits += 1;
                }
            }
        }
        Self { models, examples: labels.len() as u64, bins }
    }

    /// Adds another ensemble's counts (same number of models) to this one.
    pub fn pool(&mut self, other: &Calibration) {
        assert_eq!(self.models, other.models, "pooling ensembles of different sizes");
        self.examples += other.examples;
        for (a, b) in self.bins.iter_mut().zip(&other.bins) {
            a.mass += b.mass;
            a.hits += b.hits;
        }
    }

    /// CACE (Def. 4.4): `Σ_q |p(Y = k | h̃_k = q) − q| · Σ_k p(h̃_k(X) = q)`.
    pub fn cace(&self) -> f64 {
        let n = self.examples.max(1) as f64;
        self.bins
            .iter()
            .filter_map(|b| b.accuracy().map(|acc| (acc - b.confidence).abs() * b.mass as f64 / n))
            .sum()
    }

    /// `E_h[TestErr(h)]` for `h` drawn uniformly from the ensemble: `1 − E_x[h̃_y(x)]`.
    pub fn expected_error(&self) -> f64 {
        let n = self.examples.max(1) as f64;
        1.0 - self.bins.iter().map(|b| b.confidence * b.hits as f64).sum::<f64>() / n
    }

    /// `E_{h,h′}[Dis(h, h′)]` for `h`, `h′` drawn independently (with replacement) from the
    /// ensemble: `1 − E_x[Σ_k h̃_k(x)²]`. This is the disagreement Theorem 4.2 bounds.
    pub fn expected_disagreement(&self) -> f64 {
        let n = self.examples.max(1) as f64;
        1.0 - self.bins.iter().map(|b| b.confidence.powi(2) * b.mass as f64).sum::<f64>() / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn mean_and_sample_sd_by_hand() {
        let (m, sd) = mean_sd(&[1.0, 3.0]);
        assert!((m - 2.0).abs() < 1e-12 && (sd - 2f64.sqrt()).abs() < 1e-12);
        assert_eq!(mean_sd(&[5.0]), (5.0, 0.0));
    }

    #[test]
    fn error_and_disagreement_by_hand() {
        assert_eq!(error_rate(&[1, 2, 3, 4], &[1, 2, 0, 0]), 0.5);
        assert_eq!(disagreement_rate(&[1, 2, 3, 4], &[1, 0, 3, 4]), 0.25);
        assert_eq!(disagreement_rate(&[], &[]), 0.0);
    }

    #[test]
    fn calibration_by_hand() {
        // Two models, two examples, three classes. Labels 0, 1.
        // Example 0: votes (0, 0) -> h̃ = (1, 0, 0): class 0 at q=1 (hit), classes 1, 2 at q=0.
        // Example 1: votes (1, 2) -> h̃ = (0, .5, .5): class 0 at q=0, class 1 at q=.5 (hit),
        // class 2 at q=.5.
        let cal = Calibration::of_ensemble(&[vec![0, 1], vec![0, 2]], &[0, 1], 3);
        let masses: Vec<u64> = cal.bins.iter().map(|b| b.mass).collect();
        let hits: Vec<u64> = cal.bins.iter().map(|b| b.hits).collect();
        assert_eq!(masses, vec![3, 2, 1]);
        assert_eq!(hits, vec![0, 1, 1]);
        // CACE = (3/2)·|0 − 0| + (2/2)·|1/2 − 1/2| + (1/2)·|1 − 1| = 0.
        assert!(cal.cace().abs() < 1e-12);
        // Model errors: model 0 right on both (0), model 1 wrong on example 1 (0.5): mean 0.25.
        assert!((cal.expected_error() - 0.25).abs() < 1e-12);
        // iid pairs: example 0 never disagrees; example 1 disagrees with prob 1 − (¼ + ¼) = ½.
        assert!((cal.expected_disagreement() - 0.25).abs() < 1e-12);
    }

    #[test]
    fn overconfident_ensemble_has_positive_cace() {
        // Both models always say 0, but only half the labels are 0: q=1 bin accuracy 0.5.
        let cal = Calibration::of_ensemble(&[vec![0, 0], vec![0, 0]], &[0, 1], 2);
        // Bins: q=0: class 1 twice, hits 1 (example 1) -> |0.5 − 0|·2/2; q=1: class 0 twice, hits 1.
        assert!((cal.cace() - 1.0).abs() < 1e-12, "{}", cal.cace());
        assert!((cal.expected_error() - 0.5).abs() < 1e-12);
        assert!(cal.expected_disagreement().abs() < 1e-12);
    }

    #[test]
    fn theorem_4_2_bound_holds_on_random_ensembles() {
        let mut rng = Rng::new(42);
        for trial in 0..200 {
            let models = 2 + rng.below(5);
            let n = 1 + rng.below(60);
            let classes = 2 + rng.below(8);
            let labels: Vec<u8> = (0..n).map(|_| rng.below(classes) as u8).collect();
            let preds: Vec<Vec<u8>> = (0..models)
                .map(|_| {
                    labels
                        .iter()
                        .map(|&y| if rng.below(3) == 0 { rng.below(classes) as u8 } else { y })
                        .collect()
                })
                .collect();
            let cal = Calibration::of_ensemble(&preds, &labels, classes);
            // The ensemble error equals the mean of the members' errors.
            let mean_err: f64 = preds.iter().map(|p| error_rate(p, &labels)).sum::<f64>() / models as f64;
            assert!((cal.expected_error() - mean_err).abs() < 1e-9);
            let gap = (cal.expected_disagreement() - cal.expected_error()).abs();
            assert!(gap <= cal.cace() + 1e-9, "trial {trial}: gap {gap} > CACE {}", cal.cace());
        }
    }

    #[test]
    fn pooling_adds_counts() {
        let a = Calibration::of_ensemble(&[vec![0, 1], vec![0, 2]], &[0, 1], 3);
        let mut pooled = a.clone();
        pooled.pool(&a);
        assert_eq!(pooled.examples, 4);
        assert_eq!(pooled.bins[0].mass, 6);
        assert!((pooled.cace() - a.cace()).abs() < 1e-12);
    }
}

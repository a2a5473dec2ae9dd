//! Reading the measured models: mean and spread over seeds at each sparsity, and where each kind
//! of question falls below half (the paper's comparison, as the page and the science test state
//! it). No burn: the page, the tests and the command line share it.

use super::results::{Measured, Point};
use crate::metrics::mean_sd;

/// Accuracy that counts as "lost half": the curves are compared where they cross it.
pub const HALF: f64 = 0.5;

/// Mean and standard deviation over the seeds at one sparsity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    /// Share of the blocks' weights removed.
    pub sparsity: f64,
    /// Seeds measured at it.
    pub seeds: usize,
    /// Closed-book accuracy: mean, standard deviation (n − 1; 0 for one seed).
    pub facts: (f64, f64),
    /// Open-book accuracy: mean, standard deviation.
    pub in_context: (f64, f64),
}

/// The measurements to read together, all of one training step: each full model's at the latest
/// step every seed measured so far has reached (a model measured while it trains reports at
/// checkpoints, then once trained), and the dense models' (measured once trained). Also that
/// step, if the full models are not all trained yet.
pub fn at_one_step<'a>(
    reports: impl IntoIterator<Item = &'a Measured>,
) -> (Vec<&'a Measured>, Option<usize>) {
    let reports: Vec<&Measured> = reports.into_iter().collect();
    let mut seeds: Vec<usize> = reports.iter().filter(|m| !m.dense).map(|m| m.seed).collect();
    seeds.sort_unstable();
    seeds.dedup();
    // A trained model counts as measured at every step.
    let stage = |m: &Measured| m.checkpoint.unwrap_or(usize::MAX);
    let common = seeds
        .iter()
        .map(|&seed| {
            reports.iter().filter(|m| !m.dense && m.seed == seed).map(|m| stage(m)).max().unwrap_or(0)
        })
        .min();
    let mut out: Vec<&Measured> = seeds
        .iter()
        .filter_map(|&seed| {
            let of_seed = reports.iter().filter(|m| !m.dense && m.seed == seed);
            // The report at the common step, else (a trained model) its final one.
            of_seed
                .clone()
                .find(|m| Some(stage(m)) == common)
                .or_else(|| of_seed.clone().find(|m| m.is_final()))
        })
        .copied()
        .collect();
    out.extend(reports.iter().filter(|m| m.dense && m.is_final()));
    (out, common.filter(|&s| s != usize::MAX))
}

/// The full (pruned) models' bands at every sparsity measured in all of them, by sparsity.
pub fn bands<'a>(models: impl IntoIterator<Item = &'a Measured>) -> Vec<Band> {
    let full: Vec<&Measured> = models.into_iter().filter(|m| !m.dense).collect();
    let Some(first) = full.first() else { return vec![] };
    first
        .points
        .iter()
        .filter_map(|p| {
            let at: Vec<&Point> = full
                .iter()
                .filter_map(|m| m.points.iter().find(|q| (q.sparsity - p.sparsity).abs() < 1e-9))
                .collect();
            (at.len() == full.len()).then(|| Band {
                sparsity: p.sparsity,
                seeds: at.len(),
                facts: mean_sd(&at.iter().map(|q| q.facts).collect::<Vec<_>>()),
                in_context: mean_sd(&at.iter().map(|q| q.in_context).collect::<Vec<_>>()),
            })
        })
        .collect()
}

/// The first sparsity where `curve` (sparsity, accuracy; by sparsity) falls below [`HALF`],
/// interpolated linearly between the measured points around it; `None` if it never does (or
/// starts below it).
pub fn below_half(curve: &[(f64, f64)]) -> Option<f64> {
    let first = curve.first()?;
    if first.1 < HALF {
        return None;
    }
    curve.windows(2).find(|w| w[1].1 < HALF).map(|w| {
        let ((s0, a0), (s1, a1)) = (w[0], w[1]);
        s0 + (a0 - HALF) / (a0 - a1) * (s1 - s0)
    })
}

/// Where facts and in-context answers fall below half, on the mean curves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Crossings {
    /// Sparsity where mean fact recall falls below half.
    pub facts: Option<f64>,
    /// Sparsity where mean in-context accuracy falls below half.
    pub in_context: Option<f64>,
}

impl Crossings {
    /// Of the mean curves of `bands`.
    pub fn of(bands: &[Band]) -> Self {
        let facts: Vec<(f64, f64)> = bands.iter().map(|b| (b.sparsity, b.facts.0)).collect();
        let context: Vec<(f64, f64)> = bands.iter().map(|b| (b.sparsity, b.in_context.0)).collect();
        Self { facts: below_half(&facts), in_context: below_half(&context) }
    }

    /// Of one model's curve.
    pub fn of_model(model: &Measured) -> Self {
        let facts: Vec<(f64, f64)> = model.points.iter().map(|p| (p.sparsity, p.facts)).collect();
        let context: Vec<(f64, f64)> = model.points.iter().map(|p| (p.sparsity, p.in_context)).collect();
        Self { facts: below_half(&facts), in_context: below_half(&context) }
    }

    /// How much later in-context accuracy falls below half than fact recall (in sparsity), when
    /// both do; an in-context curve that never falls counts as falling at `end`.
    pub fn gap(&self, end: f64) -> Option<f64> {
        Some(self.in_context.unwrap_or(end) - self.facts?)
    }
}

/// The share of the full model's block weights a dense model of `width` lacks: `1 − (w/d)²`.
pub fn removed_share(width: usize, full: usize) -> f64 {
    1.0 - (width as f64 / full as f64).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(seed: usize, facts: &[f64], context: &[f64]) -> Measured {
        Measured {
            task: seed,
            seed,
            width: 32,
            dense: false,
            block_weights: 0,
            final_loss: 0.0,
            seconds: 0.0,
            checkpoint: None,
            points: facts
                .iter()
                .zip(context)
                .enumerate()
                .map(|(i, (&f, &c))| Point { sparsity: i as f64 / 10.0, facts: f, in_context: c })
                .collect(),
        }
    }

    #[test]
    fn crossings_interpolate_and_bands_average_the_seeds() {
        assert_eq!(below_half(&[(0.0, 1.0), (0.1, 0.9), (0.2, 0.3)]), Some(0.1 + 0.4 / 0.6 * 0.1));
        assert_eq!(below_half(&[(0.0, 1.0), (0.1, 0.9)]), None);
        assert_eq!(below_half(&[(0.0, 0.2), (0.1, 0.1)]), None);
        assert_eq!(below_half(&[]), None);
        let models =
            [model(0, &[1.0, 0.8, 0.4], &[1.0, 1.0, 0.9]), model(1, &[1.0, 0.6, 0.2], &[1.0, 0.9, 0.7])];
        let b = bands(&models);
        assert_eq!(b.len(), 3);
        assert!((b[1].facts.0 - 0.7).abs() < 1e-12);
        assert!((b[1].facts.1 - (0.02f64).sqrt()).abs() < 1e-12, "{:?}", b[1]);
        let c = Crossings::of(&b);
        assert!((c.facts.unwrap() - (0.1 + 0.2 / 0.4 * 0.1)).abs() < 1e-12, "{c:?}");
        assert_eq!(c.in_context, None);
        assert!((c.gap(0.9).unwrap() - (0.9 - 0.15)).abs() < 1e-12);
        assert_eq!(Crossings::of_model(&models[1]).facts.map(|f| (f * 1e6).round()), Some(125_000.0));
        assert!((removed_share(16, 32) - 0.75).abs() < 1e-12);
    }

    #[test]
    fn measurements_are_read_at_the_latest_step_every_seed_reached() {
        let at =
            |seed: usize, checkpoint: Option<usize>| Measured { checkpoint, ..model(seed, &[1.0], &[1.0]) };
        let dense = Measured { dense: true, width: 16, ..model(0, &[0.5], &[0.5]) };
        let steps = |(ms, step): (Vec<&Measured>, Option<usize>)| {
            (ms.iter().map(|m| (m.seed, m.dense, m.checkpoint)).collect::<Vec<_>>(), step)
        };
        // Seed 0 trained, seed 1 at step 500, seed 2 only at 200: all three at 200.
        let reports = [at(0, Some(200)), at(0, Some(500)), at(1, Some(200)), at(2, Some(200)), at(0, None)];
        let reports = [&reports[..], &[at(1, Some(500)), dense.clone()]].concat();
        assert_eq!(
            steps(at_one_step(&reports)),
            (
                vec![(0, false, Some(200)), (1, false, Some(200)), (2, false, Some(200)), (0, true, None)],
                Some(200)
            )
        );
        // Seeds 0 and 1 trained, seed 2 at 500: the trained ones are read at 500 too.
        let reports = [at(0, Some(500)), at(0, None), at(1, Some(500)), at(1, None), at(2, Some(500))];
        assert_eq!(steps(at_one_step(&reports)).1, Some(500));
        assert!(at_one_step(&reports).0.iter().all(|m| m.checkpoint == Some(500)));
        // Every seed trained: the final reports, and no step.
        let reports = [at(0, Some(500)), at(0, None), at(1, None)];
        assert_eq!(steps(at_one_step(&reports)), (vec![(0, false, None), (1, false, None)], None));
        assert_eq!(steps(at_one_step(&[])), (vec![], None));
    }
}

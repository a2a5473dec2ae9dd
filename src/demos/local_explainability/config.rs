//! Configuration of the local-explainability zoo. Defaults are the setting of the NumPy reference
//! `bench/reference/local_explainability_numpy.py` (its log beside it) at widths 16 and 64: the
//! diabetes data split 50/50, MLPs 10-w-w-1 trained by Adam (lr 1e-3, batch 32) with the
//! ExpO-style fidelity penalty at λ ∈ {0, 10, 100}, each measured after 200 and 3,000 steps.

use crate::settings::sorted_unique;
use serde::{Deserialize, Serialize};

/// The neighbourhood (σ) at which the claims read MNF and NF: without it they are undecidable.
pub const CLAIM_SIGMA: f64 = 0.5;
/// The wider neighbourhood of the explanation-generalisation claim.
pub const WIDE_SIGMA: f64 = 1.0;
/// Standard deviation of the regulariser's neighbourhoods (ExpO's N(x, 0.5²)).
pub const REG_SIGMA: f64 = 0.5;
/// Training points of each batch that the regulariser explains.
pub const REG_POINTS: usize = 16;
/// Neighbours drawn around each of them.
pub const REG_NEIGHBOURS: usize = 20;
/// Points an explanation is fitted on (NF and MNF).
pub const FIT_POINTS: usize = 32;
/// Neighbours x′ of each test point whose explanations MNF evaluates at the point.
pub const MIRRORS: usize = 8;
/// Points of the page's 1-D slice through a test patient, from −2 to +2 standard deviations
/// (`train/probes.rs`).
pub const SLICE_POINTS: usize = 41;

/// The zoo: every (width, λ, seed) network trains once and is measured at each of `steps`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LocalExplainabilityConfig {
    /// Hidden widths of the two-hidden-layer ReLU MLPs 10-w-w-1. Default `[16, 64]`.
    pub widths: Vec<usize>,
    /// Weights λ of the fidelity penalty (0: none). Default `[0, 10, 100]`.
    pub lambdas: Vec<f64>,
    /// Steps after which every network is measured; training runs to the largest. Default
    /// `[200, 3000]` (the short model is the long one seen early: same seeds, same batches).
    pub steps: Vec<usize>,
    /// Networks per (width, λ), one per seed. Default 3.
    pub seeds: usize,
    /// Index of the first of those seeds (seeds are `first_seed..first_seed + seeds`). Default 0.
    pub first_seed: usize,
    /// Neighbourhood widths σ at which NF, MNF and the explanations' generalisation are measured.
    /// Default `[0.1, 0.25, 0.5, 1]`; the claims read 0.5 and 1 (without them, they are undecidable).
    pub sigmas: Vec<f64>,
    /// Test patients at which fidelity is measured. Default 100.
    pub eval_points: usize,
    /// The test patient the page's slice passes through (an index into the test set). Default 0.
    pub slice_point: usize,
    /// Adam learning rate. Default 1e-3.
    pub learning_rate: f64,
    /// Minibatch size. Default 32.
    pub batch_size: usize,
    /// Seed of the train/test split, the batch orders and every neighbourhood draw. Default 0.
    pub data_seed: u64,
    /// Seed of the weight initialisations. Default 0.
    pub init_seed: u64,
}

impl Default for LocalExplainabilityConfig {
    fn default() -> Self {
        Self {
            widths: vec![16, 64],
            lambdas: vec![0.0, 10.0, 100.0],
            steps: vec![200, 3000],
            seeds: 3,
            first_seed: 0,
            sigmas: vec![0.1, 0.25, 0.5, 1.0],
            eval_points: 100,
            slice_point: 0,
            learning_rate: 1e-3,
            batch_size: 32,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

/// One trained batch: the networks of every λ at one width and seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Hidden width.
    pub width: usize,
    /// Seed index (`first_seed..first_seed + seeds`).
    pub seed: usize,
}

impl LocalExplainabilityConfig {
    /// The trained batches, seed by seed (each seed's widths together), so that a split by seeds
    /// gives every worker the same mix of widths.
    pub fn jobs(&self) -> Vec<Job> {
        let widths = sorted_unique(&self.widths);
        (self.first_seed..self.first_seed + self.seeds)
            .flat_map(|seed| widths.iter().map(move |&width| Job { width, seed }))
            .collect()
    }

    /// The measurement steps, sorted and without repeats.
    pub fn checkpoints(&self) -> Vec<usize> {
        sorted_unique(&self.steps)
    }

    /// Steps each network trains.
    pub fn last_step(&self) -> usize {
        self.checkpoints().last().copied().unwrap_or(0)
    }

    /// The λ values, sorted and without repeats.
    pub fn sorted_lambdas(&self) -> Vec<f64> {
        let mut l = self.lambdas.clone();
        l.sort_by(f64::total_cmp);
        l.dedup();
        l
    }

    /// The σ values, sorted and without repeats.
    pub fn sorted_sigmas(&self) -> Vec<f64> {
        let mut s = self.sigmas.clone();
        s.sort_by(f64::total_cmp);
        s.dedup();
        s
    }

    /// Whether `sigma` is among the measured neighbourhoods.
    pub fn measures(&self, sigma: f64) -> bool {
        self.sigmas.iter().any(|s| (s - sigma).abs() < 1e-9)
    }

    /// Optimiser steps of the whole zoo (one per batch and step: the λ networks step together).
    pub fn total_steps(&self) -> u64 {
        (self.jobs().len() * self.last_step()) as u64
    }

    /// Models the zoo measures: networks × measurement steps.
    pub fn zoo_size(&self) -> usize {
        self.jobs().len() * self.sorted_lambdas().len() * self.checkpoints().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_are_valid_and_sized_as_the_reference() {
        let c = LocalExplainabilityConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        assert_eq!(c.jobs().len(), 6);
        assert_eq!(c.jobs()[1], Job { width: 64, seed: 0 });
        assert_eq!(c.total_steps(), 6 * 3000);
        assert_eq!(c.zoo_size(), 36);
    }

    #[test]
    fn json_round_trip_and_unknown_fields() {
        let c = LocalExplainabilityConfig { seeds: 2, lambdas: vec![0.0, 3.5], ..Default::default() };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<LocalExplainabilityConfig>(&text).unwrap(), c);
        assert!(serde_json::from_str::<LocalExplainabilityConfig>(r#"{"seed": 2}"#).is_err());
    }
}

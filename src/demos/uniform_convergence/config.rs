//! Configuration of the uniform-convergence sweep: the authors' hypersphere task (their notebook,
//! Part 2) scaled down to d = 100 and width 1,000, calibrated with a NumPy re-implementation
//! (`bench/reference/uniform_convergence_numpy.py`).

use crate::data::spheres::Spheres;
use crate::data::steps_per_epoch;
use serde::{Deserialize, Serialize};

/// Fresh points the test error is measured on (half of each class).
pub const TEST_SIZE: usize = 4096;

/// The sweep: one network per training-set size m, each from the same initialisation, trained by
/// plain SGD until `stop_fraction` of its training points have margin ≥ `margin` (or
/// `max_epochs`), then measured on fresh points and on S′.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UniformConvergenceConfig {
    /// Dimension d of the input space. Default 100 (the paper: 1,000; at d = 30 the effect
    /// vanishes).
    pub dim: usize,
    /// Radius of class 0's sphere. Default 1.
    pub inner_radius: f64,
    /// Radius of class 1's sphere. Default 1.2.
    pub outer_radius: f64,
    /// Hidden ReLU units of the one-hidden-layer network. Default 1,000 (the paper: 100,000).
    pub width: usize,
    /// Training-set sizes m; each trains its own network. Default `[256, 512, 1024, 2048]`.
    pub train_sizes: Vec<usize>,
    /// SGD learning rate (no momentum, no decay). Default 0.5.
    pub learning_rate: f64,
    /// Minibatch size. Default 64.
    pub batch_size: usize,
    /// Target margin: logit of the true class minus the other. Default 8.
    pub margin: f64,
    /// Training stops once this share of training points has at least the target margin.
    /// Default 0.99.
    pub stop_fraction: f64,
    /// Epochs after which training stops anyway. Default 1,000 (the default sweep needs at most
    /// about 700).
    pub max_epochs: usize,
    /// Seed of the training and test points and of the batch orders. Default 0.
    pub data_seed: u64,
    /// Seed of the weights (the same initialisation for every m). Default 0.
    pub init_seed: u64,
}

impl Default for UniformConvergenceConfig {
    fn default() -> Self {
        Self {
            dim: 100,
            inner_radius: 1.0,
            outer_radius: 1.2,
            width: 1000,
            train_sizes: vec![256, 512, 1024, 2048],
            learning_rate: 0.5,
            batch_size: 64,
            margin: 8.0,
            stop_fraction: 0.99,
            max_epochs: 1000,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

impl UniformConvergenceConfig {
    /// The spheres the points lie on.
    pub fn spheres(&self) -> Spheres {
        Spheres { dim: self.dim, radii: [self.inner_radius as f32, self.outer_radius as f32] }
    }

    /// The training-set sizes, smallest first (points appear early), without repeats.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = self.train_sizes.clone();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    /// Optimiser steps in one epoch over `m` points (the last batch may be smaller).
    pub fn steps_per_epoch(&self, m: usize) -> usize {
        steps_per_epoch(m, self.batch_size)
    }

    /// Steps of the sweep if no network reaches the margin before `max_epochs`: an upper bound,
    /// since each m stops as soon as its margins are reached.
    pub fn total_steps(&self) -> u64 {
        self.sizes().iter().map(|&m| (self.steps_per_epoch(m) * self.max_epochs) as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_are_valid_and_sized_as_the_reference() {
        let c = UniformConvergenceConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        assert_eq!(c.sizes(), vec![256, 512, 1024, 2048]);
        // 4 + 8 + 16 + 32 steps per epoch, at most 1,000 epochs.
        assert_eq!(c.total_steps(), 60 * 1000);
    }

    #[test]
    fn every_problem_is_reported() {
        let c = UniformConvergenceConfig {
            dim: 1,
            train_sizes: vec![],
            learning_rate: 0.0,
            stop_fraction: 1.5,
            ..Default::default()
        };
        let keys: Vec<String> = c.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["dim", "train_sizes", "learning_rate", "stop_fraction"]);
        let touching = UniformConvergenceConfig { outer_radius: 1.0, ..Default::default() };
        assert_eq!(touching.validate()[0].key, "outer_radius");
    }

    #[test]
    fn json_round_trip_and_unknown_fields() {
        let c = UniformConvergenceConfig { width: 64, ..Default::default() };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<UniformConvergenceConfig>(&text).unwrap(), c);
        assert!(serde_json::from_str::<UniformConvergenceConfig>(r#"{"widht": 2}"#).is_err());
    }
}

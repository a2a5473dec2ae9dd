//! Configuration of the SAM demo. Defaults are the measured small-scale setting of the SAM issue:
//! [8-d easy block | 64-d digit], easy strength 0.2, MLP 72-64-16-2, SGD lr 0.05, batch 32,
//! 60 epochs, SAM ρ ramped from 0 to 0.2 over the first 10 epochs.

use crate::data::easy_hard::TRAIN;
use crate::data::steps_per_epoch;
use serde::{Deserialize, Serialize};

/// SGD and SAM networks trained side by side, `seeds` of each, from the same initialisations
/// and batch orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SamConfig {
    /// SAM's radius ρ after the ramp. Default 0.2.
    pub rho: f64,
    /// Epochs over which ρ rises linearly from 0. Default 10.
    pub ramp_epochs: usize,
    /// Learning rate of both (plain SGD, no momentum). Default 0.05.
    pub learning_rate: f64,
    /// Easy-feature strength `a` (±a on one coordinate). Default 0.2.
    pub strength: f64,
    /// Fraction of training examples without the easy feature. Default 0.
    pub absent: f64,
    /// Epochs. Default 60.
    pub epochs: usize,
    /// Networks per method, each from its own seed. Default 5.
    pub seeds: usize,
    /// Batch size. Default 32.
    pub batch_size: usize,
    /// Probes are refitted every this many epochs (and after the last). Default 5.
    pub probe_every: usize,
    /// Inverse L2 strength of the probes' logistic regression. Default 1.
    pub probe_c: f64,
    /// Seed of the split, the easy feature's absence and the batch orders. Default 0.
    pub data_seed: u64,
    /// Seed of the initialisations. Default 0.
    pub init_seed: u64,
}

impl Default for SamConfig {
    fn default() -> Self {
        Self {
            rho: 0.2,
            ramp_epochs: 10,
            learning_rate: 0.05,
            strength: 0.2,
            absent: 0.0,
            epochs: 60,
            seeds: 5,
            batch_size: 32,
            probe_every: 5,
            probe_c: 1.0,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

impl SamConfig {
    /// Optimiser steps per epoch (each method takes one per batch).
    pub fn steps_per_epoch(&self) -> usize {
        steps_per_epoch(TRAIN, self.batch_size)
    }

    /// Steps of the whole run, both methods counted.
    pub fn total_steps(&self) -> u64 {
        2 * (self.steps_per_epoch() * self.epochs) as u64
    }

    /// ρ during epoch `epoch` (1-based): rising linearly to `rho` over `ramp_epochs`.
    pub fn rho_at(&self, epoch: usize) -> f64 {
        if self.ramp_epochs == 0 {
            self.rho
        } else {
            self.rho * ((epoch.saturating_sub(1)) as f64 / self.ramp_epochs as f64).min(1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn rho_ramps_linearly_then_holds() {
        let c = SamConfig::default();
        assert_eq!(c.rho_at(1), 0.0);
        assert!((c.rho_at(6) - 0.1).abs() < 1e-12);
        assert_eq!(c.rho_at(11), 0.2);
        assert_eq!(c.rho_at(60), 0.2);
        assert_eq!(SamConfig { ramp_epochs: 0, ..c.clone() }.rho_at(1), 0.2);
        assert_eq!(c.total_steps(), 2 * 29 * 60);
        assert!(c.validate().is_empty());
        assert_eq!(SamConfig { rho: f64::NAN, seeds: 0, ..c }.validate().len(), 2);
    }
}

//! Configuration of the distillation demo. Defaults, at small scale: linear regression by gradient
//! descent (n = 200, d = 20, eigenvalues 1 … 1e-3, η = 1, T = 100); an MLP 64-256-256-10 on 1,000
//! digits with 20 % of the labels flipped, Adam 1e-3, batch 128, 100 epochs, and a student of the
//! same shape on the teacher's probabilities, 5 seeds.

use super::linear::LinearSetup;
use serde::{Deserialize, Serialize};

/// Digits in the classifier's training set at most (the rest of the 1,797 are its test set).
pub const MAX_TRAIN: usize = 1500;

/// The optimiser of teachers and students.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerChoice {
    /// Adam (β 0.9, 0.999; ε 1e-8), no weight decay.
    #[default]
    Adam,
    /// SGD with heavy-ball momentum 0.9 (PyTorch's: no dampening, not Nesterov), no weight decay:
    /// where the effect can vanish (the limits the page links to).
    SgdMomentum,
}

impl OptimizerChoice {
    /// The choices as settings options: (URL value, label for people).
    pub const OPTIONS: &'static [(&'static str, &'static str)] =
        &[("adam", "Adam"), ("sgd_momentum", "SGD with momentum 0.9")];

    /// Momentum of [`OptimizerChoice::SgdMomentum`].
    pub const MOMENTUM: f64 = 0.9;
}

/// Both views of the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DistillationConfig {
    /// Gradient-descent steps T of the linear teacher and student. Default 100 (at 1,000 the
    /// student catches up in all but the smallest directions).
    pub linear_steps: usize,
    /// Dimension d of the linear problem. Default 20.
    pub linear_dim: usize,
    /// Examples n of the linear problem. Default 200.
    pub linear_points: usize,
    /// Smallest eigenvalue of XᵀX/n (the largest is 1). Default 1e-3.
    pub smallest_eigenvalue: f64,
    /// Digits the classifier trains on (the others test it). Default 1,000.
    pub train_size: usize,
    /// Share of the training labels flipped to another class (seeded, per seed). Default 0.2.
    pub flip_fraction: f64,
    /// Hidden widths of the MLP. Default `[256, 256]`.
    pub widths: Vec<usize>,
    /// Optimiser of teachers and students. Default Adam.
    pub optimizer: OptimizerChoice,
    /// Learning rate of that optimiser (no weight decay). Default 1e-3 (Adam's; the limits ran SGD
    /// with momentum at 0.01, 0.05 and 0.1).
    pub learning_rate: f64,
    /// Examples per step. Default 128.
    pub batch_size: usize,
    /// Epochs of the teacher. Default 100 (at 300 it memorises the flipped labels).
    pub epochs: usize,
    /// Epochs of the student. Default 100.
    pub student_epochs: usize,
    /// Epochs the student first learns the given labels, before it switches to the teacher's
    /// probabilities for the rest (the paper's switch midway). Default 0: distilled throughout;
    /// `student_epochs`: never distilled, a second network trained on the labels.
    pub switch_epoch: usize,
    /// Temperature of the teacher's probabilities and the student's logits. Default 1.
    pub temperature: f64,
    /// Seeds: teacher–student pairs, trained as one batch. Default 5.
    pub seeds: usize,
    /// Seed of the split, the flipped labels and the batch orders. Default 0.
    pub data_seed: u64,
    /// Seed of the weights. Default 0.
    pub init_seed: u64,
}

impl Default for DistillationConfig {
    fn default() -> Self {
        Self {
            linear_steps: 100,
            linear_dim: 20,
            linear_points: 200,
            smallest_eigenvalue: 1e-3,
            train_size: 1000,
            flip_fraction: 0.2,
            widths: vec![256, 256],
            optimizer: OptimizerChoice::Adam,
            learning_rate: 1e-3,
            batch_size: 128,
            epochs: 100,
            student_epochs: 100,
            switch_epoch: 0,
            temperature: 1.0,
            seeds: 5,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

impl DistillationConfig {
    /// The linear problem with `steps` gradient-descent steps.
    pub fn linear(&self, steps: usize) -> LinearSetup {
        LinearSetup {
            n: self.linear_points,
            d: self.linear_dim,
            spectrum: (1.0, self.smallest_eigenvalue),
            noise: 0.1,
            step: 1.0,
            steps,
            seed: self.data_seed,
        }
    }

    /// Layer widths of the MLP, inputs first: `[64, widths…, 10]`.
    pub fn layers(&self) -> Vec<usize> {
        std::iter::once(64).chain(self.widths.iter().copied()).chain(std::iter::once(10)).collect()
    }

    /// Steps of one epoch.
    pub fn steps_per_epoch(&self) -> usize {
        crate::data::steps_per_epoch(self.train_size, self.batch_size)
    }

    /// Optimiser steps of the run (teachers, then students; each step trains every seed).
    pub fn total_steps(&self) -> u64 {
        ((self.epochs + self.student_epochs) * self.steps_per_epoch()) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_are_valid_and_sized_as_documented() {
        let c = DistillationConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        assert_eq!(c.layers(), vec![64, 256, 256, 10]);
        assert_eq!(c.total_steps(), 200 * 8);
        assert_eq!(c.linear(100).eigenvalues().len(), 20);
    }
}

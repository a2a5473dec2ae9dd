//! What a disagreement run reports: the measurements of one configuration at one epoch.

use crate::metrics::{Calibration, mean};
use serde::{Deserialize, Serialize};

/// The measurements of one configuration at one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Index of the configuration in [`DisagreementConfig::jobs`].
    pub job: usize,
    /// Hidden width.
    pub width: usize,
    /// Training-set size.
    pub train_size: usize,
    /// Epochs trained.
    pub epoch: usize,
    /// Test error of each model (labels used only here).
    pub test_errors: Vec<f64>,
    /// Training error of each model on its own training set.
    pub train_errors: Vec<f64>,
    /// Every pair of models.
    pub pairs: Vec<Pair>,
    /// Class-aggregated calibration of the ensemble of the models, on the test set.
    pub calibration: Calibration,
}

/// Two models of one configuration, compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// First model's index.
    pub a: usize,
    /// Second model's index.
    pub b: usize,
    /// Fraction of test inputs on which they predict different classes (no labels needed).
    pub disagreement: f64,
    /// Mean of the two models' test errors.
    pub test_error: f64,
}

impl Checkpoint {
    /// Mean test error of the models.
    pub fn mean_test_error(&self) -> f64 {
        mean(&self.test_errors)
    }

    /// Mean disagreement over the pairs.
    pub fn mean_disagreement(&self) -> f64 {
        mean(&self.pairs.iter().map(|p| p.disagreement).collect::<Vec<_>>())
    }
}

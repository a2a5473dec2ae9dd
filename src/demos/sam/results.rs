//! What a SAM run reports: each method's networks measured every few epochs.

use crate::metrics::mean;
use serde::{Deserialize, Serialize};

/// Which optimiser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Plain SGD.
    Sgd,
    /// Sharpness-aware minimisation around the same SGD.
    Sam,
}

/// One method's networks measured after an epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Which optimiser.
    pub method: Method,
    /// Epochs trained.
    pub epoch: usize,
    /// ρ in the last epoch (0 for SGD).
    pub rho: f64,
    /// Training accuracy per seed.
    pub train_accuracy: Vec<f64>,
    /// Probe-test accuracy of a linear probe for the hard label (the digit), per seed.
    pub hard_probe: Vec<f64>,
    /// Probe-test accuracy of a linear probe for the easy label, per seed.
    pub easy_probe: Vec<f64>,
}

impl Checkpoint {
    /// Mean training accuracy.
    pub fn mean_train(&self) -> f64 {
        mean(&self.train_accuracy)
    }

    /// Mean hard-probe accuracy.
    pub fn mean_hard(&self) -> f64 {
        mean(&self.hard_probe)
    }

    /// Mean easy-probe accuracy.
    pub fn mean_easy(&self) -> f64 {
        mean(&self.easy_probe)
    }
}

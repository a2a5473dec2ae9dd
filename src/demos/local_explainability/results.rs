//! What a local-explainability run reports: one network of the zoo measured at one step.

use serde::{Deserialize, Serialize};

/// One network of the zoo, measured after `steps` steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Index of the trained batch in [`super::LocalExplainabilityConfig::jobs`].
    pub job: usize,
    /// Hidden width.
    pub width: usize,
    /// Weight of the fidelity penalty.
    pub lambda: f64,
    /// Seed index.
    pub seed: usize,
    /// Steps trained.
    pub steps: usize,
    /// Mean squared error on the training half (standardised target).
    pub train_mse: f64,
    /// Mean squared error on the test half.
    pub test_mse: f64,
    /// Per σ (sorted): neighbourhood fidelity, mean over the measured test patients.
    pub nf: Vec<Fidelity>,
    /// Per σ: how the explanations fitted on the finite training set generalise.
    pub explanations: Vec<Generalisation>,
    /// The page's slice through one test patient.
    pub slice: Slice,
}

impl Measurement {
    /// The generalisation gap: test MSE − training MSE.
    pub fn gap(&self) -> f64 {
        self.test_mse - self.train_mse
    }

    /// The fidelity measured at `sigma`, if it was.
    pub fn at(&self, sigma: f64) -> Option<&Fidelity> {
        self.nf.iter().find(|f| (f.sigma - sigma).abs() < 1e-9)
    }

    /// The explanation generalisation measured at `sigma`, if it was.
    pub fn explained_at(&self, sigma: f64) -> Option<&Generalisation> {
        self.explanations.iter().find(|g| (g.sigma - sigma).abs() < 1e-9)
    }
}

/// How well local affine explanations match the network in neighbourhoods of width σ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fidelity {
    /// The neighbourhood's standard deviation.
    pub sigma: f64,
    /// Neighbourhood fidelity: mean squared difference between the explanation fitted at x and
    /// the network, over fresh points of x's neighbourhood.
    pub nf: f64,
    /// Mirrored neighbourhood fidelity: mean squared difference at x between the network and the
    /// explanations fitted around x's neighbours.
    pub mnf: f64,
}

/// Explanations fitted by kernel-weighted least squares on the training set, at width σ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generalisation {
    /// The kernel's standard deviation.
    pub sigma: f64,
    /// Weighted squared error on the training points it was fitted on.
    pub in_sample: f64,
    /// The same weighted error on held-out (test) points.
    pub held_out: f64,
    /// Effective number of training points, (Σw)² / Σw², mean over the test patients.
    pub effective_size: f64,
}

impl Generalisation {
    /// Held-out error − in-sample error.
    pub fn gap(&self) -> f64 {
        self.held_out - self.in_sample
    }
}

/// The network along each feature's axis through one test patient, and its explanations there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    /// Index of the test patient.
    pub point: usize,
    /// Offsets along the axis, in standard deviations: −2 … 2.
    pub offsets: Vec<f64>,
    /// `[feature][offset]`: the network's prediction (standardised target).
    pub values: Vec<Vec<f32>>,
    /// Per σ (sorted): the affine explanation fitted at the patient, intercept first then one
    /// slope per feature (the line along feature j is `intercept + slope_j · offset`).
    pub explanations: Vec<Vec<f64>>,
}

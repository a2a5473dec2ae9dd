//! What a ResMem run reports: the playground's surfaces, each digits configuration measured at
//! the configured (k, σ), and everything re-measured at the (k, σ) the page asks about.

use crate::data::plane::EXTENT;
use crate::metrics::mean;
use serde::{Deserialize, Serialize};

/// Cells per side of a drawn surface.
pub const GRID: usize = 48;

/// Half-width of the drawn square: the points' square plus a margin.
pub const VIEW: f32 = 1.2 * EXTENT;

/// Both surfaces of the playground at one (k, σ), with the points and the accuracies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Neighbours used.
    pub k: usize,
    /// Neighbour-weight temperature used.
    pub sigma: f64,
    /// Cells per side.
    pub grid: usize,
    /// The surface covers [−view, view]².
    pub view: f32,
    /// The base model's probability of class 1 at each cell centre, rows from the top
    /// (y = +view), each row from the left: `[grid · grid]`.
    pub base: Vec<f32>,
    /// ResMem's class-1 score (base probability plus the kNN residual estimate) per cell.
    pub resmem: Vec<f32>,
    /// Training points: x, y and (possibly flipped) label.
    pub points: Vec<(f32, f32, u8)>,
    /// Accuracy of the base model on its training points.
    pub base_train: f64,
    /// Accuracy of the base model on fresh points from the same picture (same label noise).
    pub base_test: f64,
    /// Accuracy of ResMem on the training points.
    pub resmem_train: f64,
    /// Accuracy of ResMem on the fresh points.
    pub resmem_test: f64,
}

/// One configuration measured at one (k, σ): base and ResMem accuracies of each seed's network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Index of the configuration in [`ResMemConfig::jobs`].
    pub job: usize,
    /// Hidden width.
    pub width: usize,
    /// Epochs of base training.
    pub epochs: usize,
    /// Neighbours used.
    pub k: usize,
    /// Neighbour-weight temperature used.
    pub sigma: f64,
    /// Base training accuracy per seed.
    pub base_train: Vec<f64>,
    /// Base test accuracy per seed.
    pub base_test: Vec<f64>,
    /// ResMem test accuracy per seed.
    pub resmem_test: Vec<f64>,
}

impl Measurement {
    /// Mean test-accuracy gain of ResMem over the base, in accuracy (not points).
    pub fn mean_gain(&self) -> f64 {
        mean(&self.resmem_test) - mean(&self.base_test)
    }

    /// Mean base training accuracy.
    pub fn mean_base_train(&self) -> f64 {
        mean(&self.base_train)
    }

    /// Mean base test accuracy.
    pub fn mean_base_test(&self) -> f64 {
        mean(&self.base_test)
    }

    /// Mean ResMem test accuracy.
    pub fn mean_resmem_test(&self) -> f64 {
        mean(&self.resmem_test)
    }

    /// Sample standard deviation of the per-seed gains (0 for one seed).
    pub fn gain_sd(&self) -> f64 {
        let gains: Vec<f64> = self.resmem_test.iter().zip(&self.base_test).map(|(r, b)| r - b).collect();
        if gains.len() < 2 {
            return 0.0;
        }
        let m = mean(&gains);
        (gains.iter().map(|g| (g - m).powi(2)).sum::<f64>() / (gains.len() - 1) as f64).sqrt()
    }
}

/// What the run has measured so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The playground's surfaces at the configured (k, σ).
    pub surface: Option<Surface>,
    /// One per trained digits configuration.
    pub measurements: Vec<Measurement>,
}

/// Everything re-measured at a new (k, σ): the answer to a [`ResMemQuery`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The playground, once trained.
    pub surface: Option<Surface>,
    /// Every configuration trained so far.
    pub measurements: Vec<Measurement>,
    /// Wall-clock seconds of the playground's re-measurement (kNN of its grid, training and test
    /// points, and the reads).
    pub playground_seconds: f64,
    /// Wall-clock seconds of the digits' re-measurement (kNN of the test digits against the
    /// training digits, for every network, and the reads).
    pub digits_seconds: f64,
}

/// One result of a ResMem run: `{"kind": "surface" | "measurement" | "answer", …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// The playground's surfaces at the configured (k, σ).
    Surface(Surface),
    /// One digits configuration measured at the configured (k, σ).
    Measurement(Measurement),
    /// Everything trained so far, re-measured at the (k, σ) the page asked about.
    Answer(Answer),
}

/// A question to a ResMem run: every trained model re-corrected with `k` neighbours at
/// temperature `sigma`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResMemQuery {
    /// Neighbours.
    pub k: usize,
    /// Neighbour-weight temperature.
    pub sigma: f64,
}

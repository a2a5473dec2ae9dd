//! What a SAM run costs ([`crate::estimate::cost`]): two batches of `seeds` MLPs (72-64-16-2), one
//! trained by SGD and one by SAM (a second forward and backward pass at the perturbed weights,
//! which it keeps), side by side on the 898 training examples; every `probe_every` epochs each
//! network's predictions and features on the training and probe sets.

use super::config::SamConfig;
use crate::data::easy_hard::{DIM, PROBE_TEST, PROBE_TRAIN, TRAIN};
use crate::estimate::cost::{Cost, Mlps, data_floats};

/// Layer widths of every network (`train/run.rs`).
const WIDTHS: [usize; 4] = [DIM, 64, 16, 2];

impl SamConfig {
    /// The cost of the run.
    pub fn cost(&self) -> Cost {
        let (m, b) = (self.seeds as f64, self.batch_size as f64);
        let mlp = Mlps { models: m, widths: &WIDTHS };
        let rows = (TRAIN + PROBE_TRAIN + PROBE_TEST) as f64;
        let data = data_floats(TRAIN as f64, DIM as f64, 2.0) + rows * DIM as f64;
        // Both batches alive; SAM's step holds the perturbed weights besides.
        let train = data + mlp.parameters() + mlp.step_floats(b, 1.0);
        let eval = data + 2.0 * mlp.parameters() + mlp.forward_floats(TRAIN as f64);
        let probes = (self.epochs / self.probe_every.max(1)) as f64 + 1.0;
        let steps = (self.steps_per_epoch() * self.epochs) as f64;
        // Per epoch: SGD's steps, and SAM's at twice the work.
        let flops = 3.0 * steps * mlp.step_flops(b) + 2.0 * probes * mlp.forward_flops(rows);
        Cost::from_floats(2.0 * mlp.parameters(), train, eval, mlp.largest(TRAIN as f64), flops)
    }
}

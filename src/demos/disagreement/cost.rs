//! What a disagreement sweep costs ([`crate::estimate::cost`]): configurations train one after
//! another, each a batch of `models` one-hidden-layer MLPs on its own slice of the digits (all
//! 1,797 of them on the device), measured at every checkpoint by forward passes over the 597
//! test digits and over each network's training set.

use super::config::{DisagreementConfig, TEST_SIZE};
use crate::data::digits::{CLASSES, COUNT};
use crate::estimate::cost::{Cost, Mlps, data_floats};

impl DisagreementConfig {
    /// The cost of the sweep: the widest configuration's step and measurement are the peaks.
    pub fn cost(&self) -> Cost {
        let (dim, n, k, b) =
            (self.resolution.dim(), COUNT as f64, self.models as f64, self.batch_size as f64);
        let data = data_floats(n, dim as f64, CLASSES as f64);
        let epochs = self.checkpoints().last().copied().unwrap_or(0) as f64;
        let measurements = self.checkpoints().len() as f64;
        let mut c = [0.0f64; 5]; // parameters, train, eval, largest, flops
        for job in self.jobs() {
            let mlp = Mlps { models: k, widths: &[dim, job.width, CLASSES] };
            let steps = self.steps_per_epoch(job.train_size) as f64 * epochs;
            c[0] = c[0].max(mlp.parameters());
            c[1] = c[1].max(data + mlp.step_floats(b, 0.0));
            let rows = (TEST_SIZE.max(job.train_size)) as f64;
            c[2] = c[2].max(data + mlp.parameters() + mlp.forward_floats(rows));
            c[3] = c[3].max(mlp.largest(rows));
            let measured = (TEST_SIZE + job.train_size) as f64;
            c[4] += steps * mlp.step_flops(b) + measurements * mlp.forward_flops(measured);
        }
        Cost::from_floats(c[0], c[1], c[2], c[3], c[4])
    }
}

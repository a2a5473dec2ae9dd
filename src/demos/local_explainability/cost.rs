//! What a local-explainability zoo costs ([`crate::estimate::cost`]): batches of |λ| MLPs
//! 10-w-w-1 trained one after another by Adam on the batch and the regulariser's neighbourhoods
//! (with their residual projections), each measured at every measurement step by forward passes
//! over the probes (`train/probes.rs`), in chunks.

use super::config::{
    FIT_POINTS, LocalExplainabilityConfig, MIRRORS, REG_NEIGHBOURS, REG_POINTS, SLICE_POINTS,
};
use super::diabetes::{FEATURES, TEST, TRAIN};
use crate::estimate::cost::{Cost, Mlps};

/// Rows one forward pass of a measurement evaluates at most (`train/run.rs`).
const EVAL_CHUNK: f64 = 16_384.0;

impl LocalExplainabilityConfig {
    /// Rows a measurement evaluates per network.
    pub fn probe_rows(&self) -> usize {
        let patients = self.eval_points.min(TEST) + 1;
        TRAIN
            + TEST
            + FEATURES * SLICE_POINTS
            + self.sorted_sigmas().len() * patients * FIT_POINTS * (2 + MIRRORS)
    }

    /// The cost of the zoo: the widest batch's step and measurement are the peaks.
    pub fn cost(&self) -> Cost {
        let m = self.sorted_lambdas().len() as f64;
        let rows = (self.batch_size + REG_POINTS * REG_NEIGHBOURS) as f64;
        let projections = m * (REG_POINTS * REG_NEIGHBOURS * REG_NEIGHBOURS) as f64;
        let probes = self.probe_rows() as f64;
        let measurements = self.checkpoints().len() as f64;
        let mut c = [0.0f64; 5]; // parameters, train, eval, largest, flops
        for job in self.jobs() {
            let widths = [FEATURES, job.width, job.width, 1];
            let mlp = Mlps { models: m, widths: &widths };
            c[0] = c[0].max(mlp.parameters());
            let inputs = m * rows * FEATURES as f64 + projections;
            // Adam keeps two moments per parameter.
            c[1] = c[1].max(inputs + mlp.step_floats(rows, 2.0));
            let chunk = probes.min(EVAL_CHUNK);
            c[2] = c[2]
                .max(probes * FEATURES as f64 + mlp.parameters() + mlp.forward_floats(chunk) + m * probes);
            c[3] = c[3].max(mlp.largest(chunk).max(probes * FEATURES as f64));
            let regulariser = 2.0 * projections * REG_NEIGHBOURS as f64;
            c[4] += self.last_step() as f64 * (mlp.step_flops(rows) + 3.0 * regulariser)
                + measurements * mlp.forward_flops(probes);
        }
        Cost::from_floats(c[0], c[1], c[2], c[3], c[4])
    }
}

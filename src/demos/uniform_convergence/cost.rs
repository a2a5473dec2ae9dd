//! What a uniform-convergence sweep costs ([`crate::estimate::cost`]): for every m one network
//! (d-width-2) trains by SGD on the first m points (and their projections, kept for the
//! measurement), starting from one shared initial network; every trained network is kept to
//! draw slices. Measuring runs in chunks of 1,024 rows over the 4,096 test points; a slice is a
//! forward pass over the 64×64 grid and the m points. Step counts are upper bounds: each m stops
//! once its training error reaches the stopping fraction.

use super::config::{TEST_SIZE, UniformConvergenceConfig};
use super::results::GRID;
use crate::estimate::cost::{Cost, Mlps, data_floats};

/// Rows per measuring pass (`train/run.rs`).
const CHUNK: f64 = 1024.0;

impl UniformConvergenceConfig {
    /// The cost of the sweep, at most (every m to `max_epochs`).
    pub fn cost(&self) -> Cost {
        let (d, b) = (self.dim as f64, self.batch_size as f64);
        let mlp = Mlps { models: 1.0, widths: &[self.dim, self.width, 2] };
        let sizes = self.sizes();
        let largest_m = sizes.last().copied().unwrap_or(0) as f64;
        // The pool on the host, the test set on the device, the initial network.
        let fixed = largest_m * (d + 1.0) + data_floats(TEST_SIZE as f64, d, 2.0) / 2.0 + mlp.parameters();
        let mut c = [0.0f64; 5]; // parameters, train, eval, largest, flops
        for (i, &m) in sizes.iter().enumerate() {
            let m = m as f64;
            let kept = i as f64 * mlp.parameters();
            // The m points and their projections, on the device and the host.
            let sets = 2.0 * data_floats(m, d, 2.0);
            let slice = (GRID * GRID) as f64 + m;
            c[0] = c[0].max(mlp.parameters());
            c[1] = c[1].max(fixed + kept + sets + mlp.step_floats(b, 0.0));
            c[2] = c[2].max(fixed + kept + sets + mlp.forward_floats(CHUNK.max(slice)) + slice * d);
            c[3] = c[3].max(mlp.largest(CHUNK.max(slice))).max(largest_m * d);
            let steps = (self.steps_per_epoch(m as usize) * self.max_epochs) as f64;
            c[4] += steps * mlp.step_flops(b)
                + mlp.forward_flops(TEST_SIZE as f64 + 2.0 * m + slice * (i + 1) as f64);
        }
        Cost::from_floats(c[0], c[1], c[2], c[3], c[4])
    }
}

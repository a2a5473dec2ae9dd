//! What a ResMem run costs ([`crate::estimate::cost`]): the playground (one 2-D MLP, its memory and
//! its 48×48 grid), then the digits sweep. Every trained configuration is kept to answer the
//! (k, σ) sliders: per network, the probabilities and the embedding of all 1,797 digits (the
//! penultimate layer's `[N, width]`, or the shared inputs); answering measures, network by
//! network, distances from the 597 test digits to the 1,200 training digits.

use super::config::{Embedding, PLANE_BATCH, ResMemConfig, TEST_SIZE, TRAIN_SIZE};
use super::results::GRID;
use crate::data::digits::{CLASSES, COUNT};
use crate::data::steps_per_epoch;
use crate::estimate::cost::{Cost, Mlps, data_floats};

impl ResMemConfig {
    /// The cost of the run: what the trained configurations keep grows with every one.
    pub fn cost(&self) -> Cost {
        let (n, m, b) = (COUNT as f64, self.seeds as f64, self.batch_size as f64);
        let dim = self.resolution.dim();
        let data = data_floats(n, dim as f64, CLASSES as f64);
        let points = self.points as f64;
        let plane = Mlps { models: 1.0, widths: &[2, self.plane_width, 2] };
        let grid = (GRID * GRID) as f64;
        let embedding = |width: usize| match self.embedding {
            Embedding::Penultimate => width as f64,
            Embedding::Input => 0.0,
        };
        // Playground: its set, model, and the memory with the grid's pass kept.
        let playground = data_floats(2.0 * points, 2.0, 2.0)
            + plane.parameters()
            + (2.0 * points + grid) * (embedding(self.plane_width) + 2.0)
            + plane.forward_floats(grid);
        // One network's distances and weights at a time.
        let answer = (TEST_SIZE * TRAIN_SIZE) as f64 * 2.0;
        let mut c = [
            plane.parameters(),
            data_floats(points, 2.0, 2.0) + plane.step_floats(PLANE_BATCH as f64, 0.0),
            playground,
            plane.largest(grid),
            self.plane_steps() as f64 * plane.step_flops(PLANE_BATCH as f64),
        ];
        let mut kept = playground;
        for (width, epochs) in self.jobs() {
            let mlp = Mlps { models: m, widths: &[dim, width, CLASSES] };
            let steps = (steps_per_epoch(TRAIN_SIZE, self.batch_size) * epochs) as f64;
            c[0] = c[0].max(mlp.parameters());
            c[1] = c[1].max(kept + data + mlp.step_floats(b, 0.0));
            kept += m * n * (embedding(width) + CLASSES as f64);
            c[2] = c[2].max(kept + data + mlp.forward_floats(n) + answer);
            c[3] = c[3].max(mlp.largest(n)).max(m * n * width as f64);
            c[4] += steps * mlp.step_flops(b) + mlp.forward_flops(n);
        }
        Cost::from_floats(c[0], c[1], c[2], c[3], c[4])
    }
}

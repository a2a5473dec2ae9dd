//! What a memorisation sweep costs ([`crate::estimate::cost`]): each width trains a batch of K
//! networks with Adam (two moments per weight) on their halves of the digits; every network is
//! then measured on every digit of the run's subset in chunks of 512. The students train on a K-fold copy of the
//! digits with the teacher's soft targets (`[K·n, 64 + 10]` on the device) while the width-
//! `teacher_width` networks stay alive.

use super::config::MemorisationConfig;
use crate::data::digits::CLASSES;
use crate::estimate::cost::{Cost, Mlps, data_floats};

/// Rows per measuring pass (`train/run.rs`).
const CHUNK: f64 = 512.0;
/// Pixels per digit.
const DIM: usize = 64;

impl MemorisationConfig {
    /// The cost of the sweep: the widest batch, or a student batch beside its teacher, peaks.
    pub fn cost(&self) -> Cost {
        let (n, k, b) = (self.half() as f64 * 2.0, self.models as f64, self.batch_size as f64);
        let data = data_floats(n, DIM as f64, CLASSES as f64);
        let teacher = Mlps { models: k, widths: &[DIM, self.teacher_width(), CLASSES] };
        // The students' set lives on the device only: half of `data_floats`.
        let soft = data_floats(k * n, DIM as f64, CLASSES as f64) / 2.0 + teacher.parameters();
        let steps = self.steps_per_task() as f64;
        let chunk = CHUNK.min(n);
        let mut c = [0.0f64; 5]; // parameters, train, eval, largest, flops
        for task in self.tasks() {
            let mlp = Mlps { models: k, widths: &[DIM, task.width, CLASSES] };
            let set = if task.distilled { data + soft } else { data };
            c[0] = c[0].max(mlp.parameters());
            c[1] = c[1].max(set + mlp.step_floats(b, 2.0));
            c[2] = c[2].max(set + mlp.parameters() + mlp.forward_floats(chunk) + k * n * CLASSES as f64);
            c[3] = c[3].max(mlp.largest(chunk));
            c[4] += steps * mlp.step_flops(b) + mlp.forward_flops(n);
        }
        if !self.students().is_empty() {
            c[3] = c[3].max(k * n * DIM as f64);
        }
        Cost::from_floats(c[0], c[1], c[2], c[3], c[4])
    }
}

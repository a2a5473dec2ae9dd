//! What a distillation run costs ([`crate::estimate::cost`]): the seeds' teachers train as one batch
//! of MLPs by Adam on the replicated training set, then their students on the teachers'
//! probabilities; the linear view is host arithmetic (n·d floats a few times).

use super::config::DistillationConfig;
use crate::estimate::cost::{Cost, Mlps, data_floats};

impl DistillationConfig {
    /// The cost of the run.
    pub fn cost(&self) -> Cost {
        let layers = self.layers();
        let mlp = Mlps { models: self.seeds as f64, widths: &layers };
        let (n, b, m) = (self.train_size as f64, self.batch_size as f64, self.seeds as f64);
        let test = 1797.0 - n;
        // The replicated training set with one-hot and soft targets, the test set, the teachers
        // kept while the students train, and the linear problem on the host.
        let data = data_floats(m * n, 64.0, 10.0) + m * n * 10.0 + data_floats(test, 64.0, 10.0);
        let linear = 4.0 * (self.linear_points * self.linear_dim) as f64;
        let fixed = data + mlp.parameters() + linear;
        let train = fixed + mlp.step_floats(b, 2.0);
        let eval = fixed + mlp.parameters() + mlp.forward_floats(n.max(test));
        let largest = mlp.largest(n.max(test)).max(m * n * 64.0);
        let steps = self.total_steps() as f64;
        // The linear view: T steps of teacher and student, each two n×d products.
        let linear_flops = 8.0 * (self.linear_steps * self.linear_points * self.linear_dim) as f64;
        let flops = steps * mlp.step_flops(b) + 4.0 * mlp.forward_flops(n + test) + linear_flops;
        Cost::from_floats(2.0 * mlp.parameters(), train, eval, largest, flops)
    }
}

//! What a down-scaling run costs, from its configuration alone (no tensors): parameters, the peak
//! memory of a training step (activations kept for the backward pass over both kinds of
//! question, weights with gradients and Adam's two moments) and of a measurement (a chunk of
//! questions through a pruned copy), with every trained model kept to answer. `tests/cost.rs`
//! compares it with what runs really allocate.

use super::config::{DownScalingConfig, EVAL_CHUNK};
use crate::estimate::cost::{Cost, Gpt};

impl DownScalingConfig {
    /// The cost of this configuration (f32 everywhere), as the path-star GPT's but with about 32
    /// floats of width d per token and block in a training step (the token shift's copies and
    /// two forward passes, one per kind of question: with 24, `tests/cost.rs` measured 0.64 of
    /// the peak at width 64), 3 attention maps per head; 8 and 2 in a forward pass.
    pub fn cost(&self) -> Cost {
        let (v, t, a) = (self.vocab() as f64, self.block_size() as f64, self.values as f64);
        let (l, d, h) = (self.layers as f64, self.d_model as f64, self.heads as f64);
        let (bc, bo) = (self.closed_batch as f64, self.open_batch as f64);
        let tasks = self.tasks().len() as f64;
        let embedding = v * d;
        let parameters = self.parameters(self.d_model) as f64;
        // Weights, gradients and two moments of the model in training; every trained model and
        // the host copy of its block matrices kept for the answers; the pruned copy measured.
        let kept = tasks * (parameters + embedding + self.block_weights(self.d_model) as f64)
            + 2.0 * (parameters + embedding);
        let tokens = 2.0 * bc + t * bo;
        let maps = bc * h * 4.0 + bo * h * t * t;
        let train =
            4.0 * parameters + embedding + l * (32.0 * tokens * d + 3.0 * maps) + 3.0 * (bc + bo) * a + kept;
        let chunk = EVAL_CHUNK as f64;
        let eval = l * (8.0 * chunk * t * d + 2.0 * chunk * h * t * t) + chunk * a + kept;
        let largest = embedding.max(bo.max(chunk) * h * t * t).max(bo.max(chunk) * t * 4.0 * d);
        // A question of n tokens, forward: only its last position is read (its values' head is small).
        let gpt = Gpt { layers: l, d_model: d, heads: h, seq_len: t, vocab: a };
        let question = |n: f64| gpt.blocks_forward_flops(n, 1.0);
        let step = bc * question(2.0) + bo * question(t);
        let measurement = self.facts as f64 * question(2.0) + self.eval_questions as f64 * question(t);
        let sparsities = self.sparsity_fractions().len() as f64;
        let flops =
            tasks * self.steps as f64 * 3.0 * step + (self.seeds as f64 * sparsities + tasks) * measurement;
        Cost::from_floats(parameters * tasks, train, eval, largest, flops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::cost::over_budget;

    #[test]
    fn the_default_is_small_and_a_huge_one_names_a_size() {
        let c = DownScalingConfig::default().cost();
        assert!(c.peak() < 200_000_000, "{c:?}");
        let huge = DownScalingConfig {
            layers: 8,
            d_model: 256,
            closed_batch: 4096,
            open_batch: 4096,
            ..Default::default()
        };
        let problem = over_budget(&huge, DownScalingConfig::cost).expect("over budget");
        assert!(problem.message.contains("GiB"), "{problem:?}");
    }
}

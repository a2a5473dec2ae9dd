//! What a pause-tokens run costs, from its configuration alone (no tensors): parameters, the peak
//! memory of a training step (activations kept for the backward pass, weights with their
//! gradients and AdamW's two moments) and of an evaluation, and the floating-point work.
//! `tests/cost.rs` compares it with what runs really allocate.

use super::config::PauseTokensConfig;
use crate::data::pointer::Arm;
use crate::estimate::cost::Cost;

impl PauseTokensConfig {
    /// The cost of this configuration (f32 everywhere), at the longest input of its arms. Floats
    /// per block of a training step: about 24 of width d per token and 3 attention maps of T×T
    /// per head; the logits three times; four copies of the weights per arm.
    pub fn cost(&self) -> Cost {
        // In f64: any values, even out of their bounds, give a finite (saturated) answer.
        let task = self.task();
        let longest = self.arms.iter().map(|&a| task.seq_len(a)).max().unwrap_or(1);
        let (t, p, v) = (longest as f64, task.block_size() as f64, task.vocab() as f64);
        let (l, d, h, b, e) = (
            self.layers as f64,
            self.d_model as f64,
            self.heads as f64,
            self.batch_size as f64,
            self.eval_questions as f64,
        );
        let arms = self.arms.len().max(1) as f64;
        let parameters = v * d + p * d + l * (12.0 * d * d + 13.0 * d) + 2.0 * d;
        let kept = 4.0 * parameters * arms;
        let train = l * (24.0 * b * t * d + 3.0 * b * h * t * t) + 3.0 * b * t * v + kept;
        let eval = 8.0 * e * t * d + 2.0 * e * h * t * t + e * t * v + kept;
        let largest = (b.max(e) * h * t * t).max(b.max(e) * t * v).max(4.0 * d * d).max(v * d);
        let evaluations = self.evaluation_steps().len() as f64;
        let flops: f64 = self
            .arms
            .iter()
            .map(|&arm| {
                // A chain of thought is judged by writing it: one pass per hop.
                let passes = if arm == Arm::Cot { self.hops as f64 } else { 1.0 };
                self.steps as f64 * self.step_flops(arm) + evaluations * e * passes * self.forward_flops(arm)
            })
            .sum();
        Cost::from_floats(parameters * arms, train, eval, largest, flops)
    }

    /// Floating-point operations of one training step of `arm`: forward and backward (three
    /// forwards' worth) over the batch.
    pub fn step_flops(&self, arm: Arm) -> f64 {
        3.0 * self.batch_size as f64 * self.forward_flops(arm)
    }

    /// Floating-point operations of a forward pass over one sequence of `arm` to its read
    /// positions' logits (`Gpt::forward_from`): per layer and position 2·12d² for the matrices
    /// and 2·2·T·d for attention, except in the last layer, where every position computes keys
    /// and values (2·2d²) and only the read positions the rest; the head 2·d·V at those.
    fn forward_flops(&self, arm: Arm) -> f64 {
        let task = self.task();
        let (t, v, d, r) = (
            task.seq_len(arm) as f64,
            task.vocab() as f64,
            self.d_model as f64,
            task.targets_len(arm) as f64,
        );
        let lower = self.layers.saturating_sub(1) as f64 * t * (24.0 * d * d + 4.0 * t * d);
        let last = t * 4.0 * d * d + r * (20.0 * d * d + 4.0 * t * d);
        lower + last + r * 2.0 * d * v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::cost::over_budget;

    #[test]
    fn the_default_fits_and_a_huge_model_is_refused_by_size() {
        let default = PauseTokensConfig::default();
        let c = default.cost();
        assert!(c.parameters / 3 > 90_000 && c.parameters / 3 < 110_000, "{c:?}");
        assert!(over_budget(&default, PauseTokensConfig::cost).is_none());
        let huge =
            PauseTokensConfig { layers: 8, d_model: 256, heads: 16, batch_size: 1024, pauses: 64, ..default };
        let problem = over_budget(&huge, PauseTokensConfig::cost).expect("over budget");
        assert!(problem.message.contains("GiB"), "{problem:?}");
    }
}

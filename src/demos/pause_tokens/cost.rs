//! What a pause-tokens run costs, from its configuration alone (no tensors): parameters, the peak
//! memory of a training step (activations kept for the backward pass, weights with their
//! gradients and AdamW's two moments) and of an evaluation, and the floating-point work.
//! `tests/cost.rs` compares it with what runs really allocate.

use super::config::PauseTokensConfig;
use crate::data::pointer::Arm;
use crate::estimate::cost::{Cost, Gpt};

impl PauseTokensConfig {
    /// The cost of this configuration (f32 everywhere), at the longest input of its arms: a
    /// training step's activations and an evaluation's forward pass as [`Gpt`]'s, with four copies
    /// of every arm's weights.
    pub fn cost(&self) -> Cost {
        // In f64: any values, even out of their bounds, give a finite (saturated) answer.
        let task = self.task();
        let longest = self.arms.iter().map(|&a| task.seq_len(a)).max().unwrap_or(1);
        let (t, p, v) = (longest as f64, task.block_size() as f64, task.vocab() as f64);
        let (l, d, b, e) =
            (self.layers as f64, self.d_model as f64, self.batch_size as f64, self.eval_questions as f64);
        let arms = self.arms.len().max(1) as f64;
        let parameters = v * d + p * d + l * (12.0 * d * d + 13.0 * d) + 2.0 * d;
        let kept = 4.0 * parameters * arms;
        let gpt = self.gpt_cost(t);
        let (train, eval) = (gpt.train_floats(b) + kept, gpt.forward_floats(e) + kept);
        let largest = gpt.largest(b.max(e));
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

    /// The GPT's shape over sequences of `seq_len` tokens, for the terms every GPT's estimate shares.
    fn gpt_cost(&self, seq_len: f64) -> Gpt {
        Gpt {
            layers: self.layers as f64,
            d_model: self.d_model as f64,
            heads: self.heads as f64,
            seq_len,
            vocab: self.task().vocab() as f64,
        }
    }

    /// Floating-point operations of a forward pass over one sequence of `arm` to its read
    /// positions' logits ([`Gpt::blocks_forward_flops`] and the head's 2·d·V at each).
    fn forward_flops(&self, arm: Arm) -> f64 {
        let task = self.task();
        let (gpt, read) = (self.gpt_cost(task.seq_len(arm) as f64), task.targets_len(arm) as f64);
        gpt.blocks_forward_flops(gpt.seq_len, read) + read * 2.0 * gpt.d_model * gpt.vocab
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

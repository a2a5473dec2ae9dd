//! What a path-star run costs, from its configuration alone (no tensors): parameters, and the
//! peak memory of a training step (the activations kept for the backward pass, the weights with
//! their gradients and AdamW's two moments) and of an evaluation (every held-out graph at once).
//! `tests/cost.rs` compares it with what runs really allocate. A configuration whose peak exceeds
//! the budget is refused before it starts (`table.rs`, [`crate::estimate::cost::over_budget`]).

use super::config::PathStarConfig;
use crate::estimate::cost::{Cost, Gpt};

impl PathStarConfig {
    /// The cost of this configuration (f32 everywhere): a training step's activations and an
    /// evaluation's forward pass over every held-out graph as [`Gpt`]'s, with four copies of every
    /// mode's weights (weights, gradients, AdamW's two moments).
    pub fn cost(&self) -> Cost {
        // In f64: any values, even out of their bounds, give a finite (saturated) answer.
        let shape = self.shape();
        let (t, v) = (shape.seq_len() as f64, shape.vocab() as f64);
        let (l, d, b, e) =
            (self.layers as f64, self.d_model as f64, self.batch_size as f64, self.eval_graphs as f64);
        let models = self.modes.len().max(1) as f64;
        let parameters = v * d + t * d + l * (12.0 * d * d + 13.0 * d) + 2.0 * d + d * v + v;
        // Every mode's model and AdamW state stay alive while the modes take turns.
        let kept = 4.0 * parameters * models;
        let gpt = self.gpt_cost();
        let (train, eval) = (gpt.train_floats(b) + kept, gpt.forward_floats(e) + kept);
        let largest = gpt.largest(b.max(e));
        let evaluations = self.evaluation_steps().len() as f64;
        // An evaluation: one teacher-forced pass over each held-out graph, then greedy decoding
        // runs again only the graphs that have left their target, at most l − 1 more passes.
        let passes = evaluations * e * shape.path_len as f64;
        let flops = models * (self.steps as f64 * self.step_flops() + passes * self.forward_flops());
        Cost::from_floats(parameters * models, train, eval, largest, flops)
    }

    /// Floating-point operations of one training step of one mode: forward and backward (three
    /// forwards' worth) over the batch.
    pub fn step_flops(&self) -> f64 {
        3.0 * self.batch_size as f64 * self.forward_flops()
    }

    /// The GPT's shape, for the terms every GPT's estimate shares.
    fn gpt_cost(&self) -> Gpt {
        let shape = self.shape();
        Gpt {
            layers: self.layers as f64,
            d_model: self.d_model as f64,
            heads: self.heads as f64,
            seq_len: shape.seq_len() as f64,
            vocab: shape.vocab() as f64,
        }
    }

    /// Floating-point operations of a forward pass over one sequence, to the answer positions'
    /// logits ([`Gpt::blocks_forward_flops`] and the head's 2·d·V at each).
    fn forward_flops(&self) -> f64 {
        let (gpt, answers) = (self.gpt_cost(), self.shape().path_len as f64);
        gpt.blocks_forward_flops(gpt.seq_len, answers) + answers * 2.0 * gpt.d_model * gpt.vocab
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::cost::{MEMORY_BUDGET, over_budget};

    #[test]
    fn the_issue_s_configuration_is_over_budget_and_names_a_size() {
        let default = PathStarConfig::default();
        let c = default.cost();
        assert!(c.parameters / 2 > 100_000 && c.parameters / 2 < 120_000, "{c:?}");
        assert!(over_budget(&default, PathStarConfig::cost).is_none());
        let huge = PathStarConfig { layers: 12, d_model: 512, heads: 16, batch_size: 1024, ..default };
        let problem = over_budget(&huge, PathStarConfig::cost).expect("over budget");
        assert!(["batch_size", "layers", "d_model"].contains(&problem.key.as_str()), "{problem:?}");
        assert!(problem.message.contains("GiB"), "{problem:?}");
        assert!(huge.cost().peak() > 5 * MEMORY_BUDGET, "{:?}", huge.cost());
    }
}

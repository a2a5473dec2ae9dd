//! What a path-star run costs, from its configuration alone (no tensors): parameters, and the
//! peak memory of a training step (the activations kept for the backward pass, the weights with
//! their gradients and AdamW's two moments) and of an evaluation (every held-out graph at once).
//! `tests/cost.rs` compares it with what runs really allocate. A configuration whose peak exceeds
//! the budget is refused before it starts (`table.rs`, [`crate::estimate::cost::over_budget`]).

use super::config::PathStarConfig;
use crate::estimate::cost::Cost;

impl PathStarConfig {
    /// The cost of this configuration (f32 everywhere). Floats per block of a training step:
    /// about 24 of width d per token (layer norms, q/k/v, projections, the 4d MLP and their
    /// gradients) and 3 attention maps of T×T per head; plus the logits three times (softmax and
    /// its gradient) and four copies of the weights. An evaluation runs forward over every held-out
    /// graph: about 8 of width d per token and 2 attention maps.
    pub fn cost(&self) -> Cost {
        // In f64: any values, even out of their bounds, give a finite (saturated) answer.
        let shape = self.shape();
        let (t, v) = (shape.seq_len() as f64, shape.vocab() as f64);
        let (l, d, h, b, e) = (
            self.layers as f64,
            self.d_model as f64,
            self.heads as f64,
            self.batch_size as f64,
            self.eval_graphs as f64,
        );
        let models = self.modes.len().max(1) as f64;
        let parameters = v * d + t * d + l * (12.0 * d * d + 13.0 * d) + 2.0 * d + d * v + v;
        // Every mode's model and AdamW state stay alive while the modes take turns.
        let kept = 4.0 * parameters * models;
        let train = l * (24.0 * b * t * d + 3.0 * b * h * t * t) + 3.0 * b * t * v + kept;
        let eval = 8.0 * e * t * d + 2.0 * e * h * t * t + e * t * v + kept;
        let largest = (b.max(e) * h * t * t).max(b.max(e) * t * v).max(4.0 * d * d).max(v * d);
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

    /// Floating-point operations of a forward pass over one sequence, to the answer positions'
    /// logits (`Gpt::forward_from`): per layer and position 2·12d² for the matrices and 2·2·T·d
    /// for attention, except in the last layer, where every position computes keys and values
    /// (2·2d²) and only the l answer positions the rest (2·10d² and attention); the head 2·d·V
    /// at the answer positions.
    fn forward_flops(&self) -> f64 {
        let shape = self.shape();
        let (t, v, d, r) =
            (shape.seq_len() as f64, shape.vocab() as f64, self.d_model as f64, shape.path_len as f64);
        let lower = self.layers.saturating_sub(1) as f64 * t * (24.0 * d * d + 4.0 * t * d);
        let last = t * 4.0 * d * d + r * (20.0 * d * d + 4.0 * t * d);
        lower + last + r * 2.0 * d * v
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

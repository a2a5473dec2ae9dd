//! What a path-star run costs, from its configuration alone (no tensors): parameters, and the
//! peak memory of a training step (the activations kept for the backward pass, the weights with
//! their gradients and AdamW's two moments) and of an evaluation (every held-out graph at once).
//! `tests/cost.rs` compares it with what runs really allocate. A configuration whose peak exceeds
//! [`MEMORY_BUDGET`] is refused before it starts (`table.rs`), naming the setting to lower.

use super::config::PathStarConfig;

/// The most memory a run may need: a browser tab's WebAssembly heap ends at 4 GiB, and the
/// module, the data and the allocator's slack need the rest.
pub const MEMORY_BUDGET: u64 = 3 << 30;

/// A run's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    /// Trained parameters of one model.
    pub parameters: u64,
    /// Peak bytes of one training step.
    pub train_bytes: u64,
    /// Peak bytes of one evaluation.
    pub eval_bytes: u64,
}

/// A count for people: "107,458", "37.9 million".
pub fn count(n: u64) -> String {
    if n >= 1_000_000 {
        return format!("{:.1} million", n as f64 / 1e6);
    }
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Cost {
    /// The larger of the two peaks.
    pub fn peak(&self) -> u64 {
        self.train_bytes.max(self.eval_bytes)
    }
}

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
        let parameters = v * d + t * d + l * (12.0 * d * d + 13.0 * d) + 2.0 * d + d * v + v;
        let train = l * (24.0 * b * t * d + 3.0 * b * h * t * t) + 3.0 * b * t * v + 4.0 * parameters;
        let eval = 8.0 * e * t * d + 2.0 * e * h * t * t + e * t * v + parameters;
        Cost {
            parameters: parameters as u64,
            train_bytes: (4.0 * train) as u64,
            eval_bytes: (4.0 * eval) as u64,
        }
    }

    /// When the peak exceeds the budget: the setting whose halving lowers it most, and the
    /// message that names the peak, the budget and what to lower.
    pub fn over_budget(&self) -> Option<(&'static str, String)> {
        let peak = self.cost().peak();
        if peak <= MEMORY_BUDGET {
            return None;
        }
        let halved = |key: &'static str| {
            let mut c = self.clone();
            match key {
                "batch_size" => c.batch_size = (c.batch_size / 2).max(1),
                "layers" => c.layers = (c.layers / 2).max(1),
                "d_model" => c.d_model = (c.d_model / 2).max(1),
                _ => c.eval_graphs = (c.eval_graphs / 2).max(1),
            };
            (key, c.cost().peak())
        };
        let (key, _) = ["batch_size", "layers", "d_model", "eval_graphs"]
            .map(halved)
            .into_iter()
            .min_by_key(|&(_, p)| p)
            .unwrap_or(("batch_size", peak));
        let gb = |bytes: u64| bytes as f64 / (1u64 << 30) as f64;
        Some((
            key,
            format!(
                "a run this size needs about {:.1} GiB at its peak ({} parameters), more than the {:.0} GiB a browser tab can give it: lower it",
                gb(peak),
                count(self.cost().parameters),
                gb(MEMORY_BUDGET)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_s_configuration_is_over_budget_and_names_a_size() {
        let default = PathStarConfig::default();
        let c = default.cost();
        assert!(c.parameters > 100_000 && c.parameters < 120_000, "{c:?}");
        assert!(default.over_budget().is_none());
        let huge = PathStarConfig { layers: 12, d_model: 512, heads: 16, batch_size: 1024, ..default };
        let (key, message) = huge.over_budget().expect("over budget");
        assert!(["batch_size", "layers", "d_model"].contains(&key), "{key}");
        assert!(message.contains("GiB"), "{message}");
        assert_eq!(
            (count(107_458), count(999), count(37_900_854)),
            ("107,458".into(), "999".into(), "37.9 million".into())
        );
        assert!(huge.cost().peak() > 5 * MEMORY_BUDGET, "{:?}", huge.cost());
    }
}

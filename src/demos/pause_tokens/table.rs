//! The pause-tokens demo's settings table: URL keys, labels, help and bounds of every setting
//! (the only place its bounds are written), and the rules that join settings.

use super::config::PauseTokensConfig;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for PauseTokensConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "arms",
            label: "Arms",
            help: "Each arm trains its own GPT from the same initialisation on the same questions.",
            kind: Kind::ChoiceList {
                options: &[("none", "no extra tokens"), ("pause", "pauses"), ("cot", "chain of thought")],
            },
        },
        Setting::int("pointers", "Pointers n", "Pointers in the array (a random permutation).", 2, 32),
        Setting::int("hops", "Hops k", "Pointers followed from the start to the answer.", 1, 8),
        Setting::int("pauses", "Pauses M", "Pause tokens appended in the pause arm.", 1, 64),
        Setting::int("layers", "Layers", "Transformer blocks.", 1, 8),
        Setting::int(
            "d_model",
            "Model width",
            "Width of the residual stream (a multiple of the heads).",
            8,
            256,
        ),
        Setting::int("heads", "Heads", "Attention heads.", 1, 16),
        Setting::batch_size((1, 1024), "Questions per step (fresh ones every step)."),
        Setting::learning_rate(
            (1e-6, 1.0),
            "AdamW peak, after the linear warm-up; cosine decay to the minimum.",
        ),
        Setting::MIN_LEARNING_RATE,
        Setting::WARMUP_STEPS,
        Setting::int("steps", "Steps per arm", "Optimiser steps for each arm.", 1, 100_000),
        Setting::gradient_clip("Largest global gradient norm; larger gradients are scaled down to it."),
        Setting::int(
            "eval_every",
            "Evaluate every",
            "Steps between evaluations on the held-out questions.",
            1,
            100_000,
        ),
        Setting::int(
            "eval_questions",
            "Held-out questions",
            "Questions of the evaluation set (own seed).",
            1,
            10_000,
        ),
        Setting::data_seed("Seeds the training questions (the same for every arm)."),
        Setting::eval_seed("Seeds the held-out questions."),
        Setting::init_seed("Seeds the weights (the same for every arm)."),
    ];

    /// The rules that join settings; single values are checked against the rows above.
    fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        p.extend(Problem::heads_divide("heads", self.d_model, self.heads));
        p.extend(Problem::rates_ordered(self.min_learning_rate, self.learning_rate));
        // The memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
        p.extend(crate::estimate::cost::over_budget(self, Self::cost));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::pointer::Arm;
    use crate::settings::{from_pairs, parse_query, to_pairs, to_query};

    #[test]
    fn arms_and_sizes_round_trip_through_the_url() {
        let config = PauseTokensConfig {
            arms: vec![Arm::Cot, Arm::None],
            hops: 3,
            data_seed: 7,
            ..Default::default()
        };
        let query = to_query(&to_pairs(&config));
        assert!(query.contains("arms=cot,none"), "{query}");
        let (back, problems) = from_pairs::<PauseTokensConfig>(&parse_query(&query));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, config);
        let (_, problems) = from_pairs::<PauseTokensConfig>(&parse_query("arms=none,think&hops=0"));
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["arms", "hops"], "{problems:?}");
        assert!(problems[0].message.contains("'think' is not one of none, pause, cot"), "{problems:?}");
    }
}

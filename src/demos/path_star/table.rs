//! The path-star demo's settings table: URL keys, labels, help and bounds of every setting (the
//! only place its bounds are written; `Settings::validate` enforces them), and the rules that join
//! settings.

use super::config::PathStarConfig;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for PathStarConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "modes",
            label: "Training modes",
            help: "Each mode trains its own GPT from the same initialisation on the same graphs.",
            kind: Kind::ChoiceList {
                options: &[
                    ("forward", "teacher forcing"),
                    ("reverse", "reverse (goal to source)"),
                    ("teacherless", "teacherless ($ inputs)"),
                ],
            },
        },
        Setting::int(
            "degree",
            "Degree d",
            "Arms leaving the source; a guess is right 1/d of the time.",
            2,
            10,
        ),
        Setting::int("path_len", "Path length l", "Nodes from source to goal, both included.", 2, 12),
        Setting::int(
            "labels",
            "Node labels N",
            "Labels are drawn from 0..N; each graph uses 1 + d(l − 1) of them.",
            4,
            500,
        ),
        Setting::int("layers", "Layers", "Transformer blocks.", 1, 12),
        Setting::int(
            "d_model",
            "Model width",
            "Width of the residual stream (a multiple of the heads).",
            8,
            512,
        ),
        Setting::int("heads", "Heads", "Attention heads.", 1, 16),
        Setting::batch_size((1, 1024), "Graphs per step."),
        Setting::int(
            "train_graphs",
            "Training set size",
            "0: fresh graphs for every batch. Otherwise batches are drawn from this many fixed graphs.",
            0,
            1_000_000,
        ),
        Setting::learning_rate(
            (1e-6, 1.0),
            "AdamW peak, after the linear warm-up; cosine decay to the minimum.",
        ),
        Setting::MIN_LEARNING_RATE,
        Setting::gradient_clip(
            "Largest global gradient norm (the reference clips at 1); larger gradients are scaled down to it.",
        ),
        Setting::WARMUP_STEPS,
        Setting::int("steps", "Steps per mode", "Optimiser steps for each mode.", 1, 100_000),
        Setting::int(
            "eval_every",
            "Evaluate every",
            "Steps between evaluations on the held-out graphs.",
            1,
            100_000,
        ),
        Setting::int(
            "first_eval",
            "First evaluation",
            "Also evaluate after this many steps and each doubling of it before the first regular evaluation (0: \
                none), so that a measurement is on screen within seconds.",
            0,
            100_000,
        ),
        Setting::int(
            "eval_graphs",
            "Held-out graphs",
            "Graphs of the evaluation set (from their own seed).",
            1,
            10_000,
        ),
        Setting::data_seed("Seeds the training graphs (the same for every mode)."),
        Setting::eval_seed("Seeds the held-out graphs."),
        Setting::init_seed("Seeds the weights (the same for every mode)."),
    ];

    /// The rules that join settings; single values are checked against the rows above.
    fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        p.extend(Problem::heads_divide("heads", self.d_model, self.heads));
        let nodes = self.shape().nodes();
        if self.labels < nodes {
            p.push(Problem::new(
                "labels",
                format!("a graph needs {nodes} distinct labels, only {} given", self.labels),
            ));
        }
        p.extend(Problem::rates_ordered(self.min_learning_rate, self.learning_rate));
        // The memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
        p.extend(crate::estimate::cost::over_budget(self, Self::cost));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::path_star::Mode;
    use crate::settings::{from_pairs, parse_query, to_pairs, to_query};

    #[test]
    fn modes_and_rates_round_trip_through_the_url() {
        let config = PathStarConfig {
            modes: vec![Mode::Reverse, Mode::Teacherless],
            labels: 20,
            learning_rate: 0.0005,
            data_seed: 7,
            ..Default::default()
        };
        let query = to_query(&to_pairs(&config));
        assert!(query.contains("modes=reverse,teacherless"), "{query}");
        let (back, problems) = from_pairs::<PathStarConfig>(&parse_query(&query));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, config);
    }

    #[test]
    fn bad_modes_and_inconsistent_sizes_are_named() {
        let (config, problems) =
            from_pairs::<PathStarConfig>(&parse_query("modes=forward,sideways&heads=3&labels=4"));
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["modes", "heads", "labels"], "{problems:?}");
        assert!(problems[0].message.contains("'sideways' is not one of forward, reverse, teacherless"));
        assert_eq!(config, PathStarConfig::default());
        let (config, _) = from_pairs::<PathStarConfig>(&parse_query("modes=reverse,reverse"));
        assert_eq!(config.modes, vec![Mode::Reverse]);
    }
}

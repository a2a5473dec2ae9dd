//! The down-scaling demo's settings table: URL keys, labels, help and bounds of every setting
//! (the only place its bounds are written; `Settings::validate` enforces them), and the rules
//! that join settings.

use super::config::{DownScalingConfig, Switch};
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for DownScalingConfig {
    const TABLE: &'static [Setting] = &[
        Setting::int(
            "facts",
            "Facts stored",
            "Key → value pairs the model must memorise (asked closed-book: `key SEP`).",
            16,
            16_384,
        ),
        Setting::int("values", "Values", "Answer tokens; a guess is right 1/values of the time.", 2, 256),
        Setting::int(
            "pairs",
            "Pairs in context",
            "Key–value pairs an open-book question gives before asking for one of them.",
            1,
            8,
        ),
        Setting::int("layers", "Layers", "Transformer blocks.", 1, 8),
        Setting::int("d_model", "Model width", "Width of the full model (a multiple of the heads).", 4, 256),
        Setting::int("heads", "Heads", "Attention heads.", 1, 16),
        Setting {
            key: "token_shift",
            label: "Token shift",
            help: "Adds the previous token's embedding to each input, so one attention layer can look a key up.",
            kind: Kind::Choice { options: Switch::SHIFT_OPTIONS },
        },
        Setting {
            key: "frozen_embeddings",
            label: "Token embeddings",
            help: "Frozen random embeddings leave the facts nowhere to live but the blocks' weights, which pruning \
                removes.",
            kind: Kind::Choice { options: Switch::FROZEN_OPTIONS },
        },
        Setting::int("steps", "Steps per model", "Optimiser steps of each model.", 1, 100_000),
        Setting::int("closed_batch", "Closed-book questions per step", "Facts asked in each step.", 1, 4096),
        Setting::int(
            "open_batch",
            "Open-book questions per step",
            "Fresh in-context questions in each step.",
            1,
            4096,
        ),
        Setting::learning_rate((1e-6, 1.0), "Peak of Adam's one-cycle schedule (no weight decay)."),
        Setting::int(
            "seeds",
            "Seeds",
            "Full models trained, each on its own facts from its own weights, then pruned (0: only the dense models).",
            0,
            8,
        ),
        Setting::int(
            "first_seed",
            "First seed",
            "Seed index of the first full model: add seeds to an earlier run's without retraining them.",
            0,
            1000,
        ),
        Setting {
            key: "sparsities",
            label: "Sparsities (%)",
            help: "Shares of the blocks' weights removed (smallest magnitudes first, across all blocks) when \
                measuring.",
            kind: Kind::IntList { min: 0, max: 99, max_len: 20 },
        },
        Setting {
            key: "dense_widths",
            label: "Dense widths",
            help: "Smaller models trained from scratch on seed 0's facts: the other way to down-scale (0: none).",
            kind: Kind::IntList { min: 0, max: 256, max_len: 6 },
        },
        Setting::int(
            "eval_questions",
            "Open-book questions measured",
            "Held-out in-context questions (every fact is measured).",
            16,
            16_384,
        ),
        Setting::data_seed("Seeds the fact tables and the questions."),
        Setting::init_seed("Seeds the weights and the frozen embeddings."),
    ];

    /// Widths must be multiples of the heads, dense widths smaller than the full model; and the
    /// memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        problems.extend(Problem::heads_divide("d_model", self.d_model, self.heads));
        if let Some(w) =
            self.dense().into_iter().find(|&w| !w.is_multiple_of(self.heads) || w >= self.d_model)
        {
            problems.push(Problem::new(
                "dense_widths",
                format!(
                    "{w} must be smaller than the model width ({}) and a multiple of the {} heads",
                    self.d_model, self.heads
                ),
            ));
        }
        if self.tasks().is_empty() {
            problems
                .push(Problem::new("seeds", "nothing to train: give at least one seed or one dense width"));
        }
        if problems.is_empty() {
            problems.extend(crate::estimate::cost::over_budget(self, Self::cost));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_checked_against_the_heads_and_the_full_model() {
        let c = DownScalingConfig { d_model: 30, ..Default::default() };
        assert_eq!(c.validate()[0].key, "d_model");
        let c = DownScalingConfig { dense_widths: vec![16, 32], ..Default::default() };
        let problems = c.validate();
        assert_eq!(problems[0].key, "dense_widths");
        assert!(problems[0].message.contains("32 must be smaller"), "{problems:?}");
        let none = DownScalingConfig { seeds: 0, dense_widths: vec![0], ..Default::default() };
        assert_eq!(none.validate()[0].key, "seeds");
        let huge = DownScalingConfig {
            layers: 8,
            d_model: 256,
            open_batch: 4096,
            closed_batch: 4096,
            ..Default::default()
        };
        assert!(huge.validate().iter().any(|p| p.message.contains("GiB")), "{:?}", huge.validate());
    }
}

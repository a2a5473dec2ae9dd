//! Configuration of the pause-tokens demo: k-hop pointer chasing (8 pointers, 4 hops) learned by
//! a 2-layer GPT three ways (no extra tokens, 8 pauses, a chain of thought), each from the same
//! initial weights on the same questions. AdamW with a linear warm-up and cosine decay, gradient
//! clipping at 1, fresh questions every batch, 1,000 held-out questions from a separate seed.

use crate::data::pointer::{Arm, Task};
#[cfg(feature = "train")]
use crate::models::gpt::GptConfig;
use serde::{Deserialize, Serialize};

/// The experiment: each arm trains its own GPT from the same initialisation on the same questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PauseTokensConfig {
    /// Pointers in the array, n. Default 8.
    pub pointers: usize,
    /// Hops to the answer, k. Default 4: two layers chase at most two or three hops without help
    /// (bench/pause-study: 2 hops learned by 2,000 steps, 3 by 4,000, 4 never).
    pub hops: usize,
    /// Pause tokens in the pause arm, M. Default 8 (one per pointer, as the study).
    pub pauses: usize,
    /// Arms to train, in order. Default all three.
    pub arms: Vec<Arm>,
    /// Transformer blocks. Default 2: the depth whose limit the demo is about.
    pub layers: usize,
    /// Residual width. Default 64.
    pub d_model: usize,
    /// Attention heads. Default 4.
    pub heads: usize,
    /// Questions per step. Default 64 (the study's 128 halved, and its learning rate doubled: the
    /// verdict within the minute on two cores).
    pub batch_size: usize,
    /// Peak AdamW learning rate. Default 2e-3.
    pub learning_rate: f64,
    /// Learning rate at the end of the cosine decay. Default 2e-4.
    pub min_learning_rate: f64,
    /// Linear warm-up steps. Default 50.
    pub warmup_steps: usize,
    /// Optimiser steps per arm. Default 400: the chain of thought is exact from step 100 in every
    /// seed, and by step 400 both other arms answer the start on every question
    /// (`tests/logs/pause-tokens.json`); the study ran 4,000 steps of batch 128 to the same scores.
    pub steps: usize,
    /// Global gradient-norm clip. Default 1.0.
    pub clip: f32,
    /// Evaluate every this many steps (and at the end). Default 50.
    pub eval_every: usize,
    /// Held-out questions. Default 1,000 (an accuracy near 0.37 to ± 0.015, one standard error).
    pub eval_questions: usize,
    /// Seed of the training questions. Default 0.
    pub data_seed: u64,
    /// Seed of the held-out questions. Default 1.
    pub eval_seed: u64,
    /// Seed of the initialisation. Default 0.
    pub init_seed: u64,
}

impl Default for PauseTokensConfig {
    fn default() -> Self {
        Self {
            pointers: 8,
            hops: 4,
            pauses: 8,
            arms: Arm::ALL.to_vec(),
            layers: 2,
            d_model: 64,
            heads: 4,
            batch_size: 64,
            learning_rate: 2e-3,
            min_learning_rate: 2e-4,
            warmup_steps: 50,
            steps: 400,
            clip: 1.0,
            eval_every: 50,
            eval_questions: 1000,
            data_seed: 0,
            eval_seed: 1,
            init_seed: 0,
        }
    }
}

impl PauseTokensConfig {
    /// The task.
    pub fn task(&self) -> Task {
        Task { pointers: self.pointers, hops: self.hops, pauses: self.pauses }
    }

    /// The model (one shape for every arm: learned positions for the longest input).
    #[cfg(feature = "train")]
    pub fn gpt(&self) -> GptConfig {
        let task = self.task();
        GptConfig {
            vocab: task.vocab(),
            block_size: task.block_size(),
            layers: self.layers,
            d_model: self.d_model,
            heads: self.heads,
        }
    }

    /// The steps of each arm after which its model is evaluated: every `eval_every` and the last.
    pub fn evaluation_steps(&self) -> Vec<usize> {
        crate::demos::demo::evaluation_steps(self.steps, self.eval_every, 0)
    }

    /// Optimiser steps of the whole run.
    pub fn total_steps(&self) -> u64 {
        (self.steps * self.arms.len()) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn evaluations_come_every_interval_and_at_the_end() {
        let c = PauseTokensConfig::default();
        assert_eq!(c.evaluation_steps(), [50, 100, 150, 200, 250, 300, 350, 400]);
        assert_eq!(PauseTokensConfig { steps: 70, ..c }.evaluation_steps(), [50, 70]);
    }

    #[test]
    fn defaults_are_valid_and_bad_sizes_are_named() {
        let c = PauseTokensConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        let bad = PauseTokensConfig { heads: 3, arms: vec![], ..c };
        let keys: Vec<String> = bad.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["arms", "heads"]);
    }
}

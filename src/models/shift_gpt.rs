//! A small GPT that answers at its last position (the down-scaling demo's model): the blocks of
//! [`crate::models::gpt`] (pre-LayerNorm, causal attention, GELU MLP 4×), learned positions, and
//! two choices that make the paper's effect appear at this size:
//! - a **token shift**: each position's input is its token's embedding plus the previous token's,
//!   so a value's position also carries its key, and one attention layer can look a key up;
//! - **frozen random token embeddings** (N(0, 1), never trained), so that facts must live in the
//!   blocks' weights, which are what down-scaling removes (with trained embeddings, facts can
//!   move into the embeddings, which pruning does not touch).
//!
//! The head maps the last position to the `answers` value tokens only.

use crate::models::gpt::{Block, blocks_from, linear, normal, param2};
use crate::rng::Rng;
use burn::module::{Module, Param};
use burn::nn::{LayerNorm, LayerNormConfig, Linear};
use burn::tensor::{Device, Int, Tensor};
use serde::{Deserialize, Serialize};

/// Shape and options of a [`ShiftGpt`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftGptConfig {
    /// Vocabulary size.
    pub vocab: usize,
    /// Longest sequence (learned positions).
    pub block_size: usize,
    /// Transformer blocks.
    pub layers: usize,
    /// Width of the residual stream.
    pub d_model: usize,
    /// Attention heads (`d_model` must be a multiple).
    pub heads: usize,
    /// Classes of the head: the answer tokens `0..answers`.
    pub answers: usize,
    /// Add the previous token's embedding to each position's input.
    pub token_shift: bool,
    /// Keep the token embeddings at their random initialisation.
    pub frozen_tokens: bool,
}

/// The model.
#[derive(Module, Debug)]
pub struct ShiftGpt {
    /// Token embedding `[vocab, d]` (not trained when `frozen_tokens`).
    pub token: Param<Tensor<2>>,
    /// Position embedding `[block_size, d]`.
    pub position: Param<Tensor<2>>,
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Final norm.
    pub ln_f: LayerNorm,
    /// Answer head `[d, answers]`.
    pub head: Linear,
    /// See [`ShiftGptConfig::token_shift`].
    pub token_shift: bool,
    /// See [`ShiftGptConfig::frozen_tokens`].
    pub frozen_tokens: bool,
}

impl ShiftGptConfig {
    /// Weights of the blocks' matrices (attention q, k, v and output; MLP up and down): what
    /// magnitude pruning removes, and what a narrower dense model has fewer of. `12·d²` per block.
    pub fn block_weights(&self) -> usize {
        12 * self.d_model * self.d_model * self.layers
    }

    /// Trained parameters (frozen embeddings not counted).
    pub fn parameters(&self) -> usize {
        let d = self.d_model;
        let block = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
        let tokens = if self.frozen_tokens { 0 } else { self.vocab * d };
        tokens + self.block_size * d + self.layers * block + 2 * d + d * self.answers + self.answers
    }

    /// Model `index` initialised from `seed` (nanoGPT's initialisation for the blocks and
    /// positions; each index its own weights and embeddings).
    pub fn init(&self, seed: u64, index: u64, device: &Device) -> ShiftGpt {
        assert!(
            self.heads > 0 && self.d_model.is_multiple_of(self.heads),
            "d_model must be a multiple of heads"
        );
        let mut rng = Rng::for_component(seed, "shift-gpt-init", index);
        let d = self.d_model;
        let blocks =
            (0..self.layers).map(|_| Block::init(&mut rng, d, self.heads, self.layers, device)).collect();
        ShiftGpt {
            token: param2(normal(&mut rng, 1.0, self.vocab * d), [self.vocab, d], device),
            position: param2(normal(&mut rng, 0.02, self.block_size * d), [self.block_size, d], device),
            blocks,
            ln_f: LayerNormConfig::new(d).init(device),
            head: linear(&mut rng, d, self.answers, 0.02, device),
            token_shift: self.token_shift,
            frozen_tokens: self.frozen_tokens,
        }
    }
}

impl ShiftGpt {
    /// `tokens [B, T]` → logits of the answers at the last position `[B, answers]`.
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<2> {
        let [b, t] = tokens.dims();
        let token = if self.frozen_tokens { self.token.val().detach() } else { self.token.val() }; // [V, d]
        let [_, d] = token.dims();
        let embedded = token.select(0, tokens.reshape([b * t])).reshape([b, t, d]); // [B, T, d]
        let mut x = embedded.clone();
        if self.token_shift && t > 1 {
            // Position i also gets token i − 1's embedding (position 0 nothing).
            let previous = embedded.narrow(1, 0, t - 1); // [B, T − 1, d]
            let shifted = Tensor::cat(vec![Tensor::zeros([b, 1, d], &x.device()), previous], 1);
            x = x + shifted;
        }
        let x = x + self.position.val().narrow(0, 0, t).unsqueeze_dim::<3>(0); // [B, T, d]
        // Only the last position is read: the last block computes it alone.
        let x = blocks_from(&self.blocks, x, t - 1);
        let rows = x.dims()[1];
        let last = x.narrow(1, rows - 1, 1).reshape([b, d]); // [B, d]
        self.head.forward(self.ln_f.forward(last)) // [B, answers]
    }

    /// The blocks' weight matrices (q/k/v, attention output, MLP up, MLP down of every block), in
    /// that order: what pruning reads and replaces.
    pub fn block_matrices(&self) -> Vec<Tensor<2>> {
        self.blocks
            .iter()
            .flat_map(|b| [&b.attn.qkv, &b.attn.proj, &b.fc, &b.fc_proj].map(|l| l.weight.val()))
            .collect()
    }

    /// The model with its block matrices replaced by `matrices` (in [`Self::block_matrices`]'
    /// order and shapes).
    pub fn with_block_matrices(mut self, matrices: Vec<Tensor<2>>) -> Self {
        let mut matrices = matrices.into_iter();
        for block in &mut self.blocks {
            for linear in [&mut block.attn.qkv, &mut block.attn.proj, &mut block.fc, &mut block.fc_proj] {
                let m = matrices.next().expect("one matrix per block linear");
                linear.weight = Param::from_tensor(m);
            }
        }
        self
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};
    use burn::tensor::TensorData;

    fn config() -> ShiftGptConfig {
        ShiftGptConfig {
            vocab: 40,
            block_size: 10,
            layers: 2,
            d_model: 32,
            heads: 4,
            answers: 16,
            token_shift: true,
            frozen_tokens: true,
        }
    }

    #[test]
    fn shapes_parameters_and_block_matrices() {
        let device = Device::flex();
        let model = config().init(0, 0, &device);
        let tokens = Tensor::<2, Int>::from_ints([[1, 2, 3], [4, 5, 6]], &device);
        assert_eq!(model.forward(tokens).dims(), [2, 16]);
        let all = model.num_params();
        assert_eq!(all - 40 * 32, config().parameters(), "frozen embeddings are not counted");
        let matrices: usize = model.block_matrices().iter().map(|m| m.dims().iter().product::<usize>()).sum();
        assert_eq!(matrices, config().block_weights());
        let zeros: Vec<Tensor<2>> = model.block_matrices().into_iter().map(|m| m.zeros_like()).collect();
        let zeroed = model.with_block_matrices(zeros);
        assert!(
            zeroed
                .block_matrices()
                .iter()
                .all(|m| block_on(read_floats(m.clone().abs().sum())).unwrap()[0] == 0.0)
        );
    }

    #[test]
    fn the_answer_depends_on_the_previous_token_only_with_the_shift() {
        // With one block the last position sees earlier tokens through attention anyway; the
        // shift makes the previous token's embedding part of the last position's own input.
        // Checked through a model whose attention output is zero: then only the shift carries it.
        let device = Device::flex();
        for shift in [true, false] {
            let mut model = ShiftGptConfig { layers: 1, token_shift: shift, ..config() }.init(3, 0, &device);
            let proj = &mut model.blocks[0].attn.proj;
            proj.weight = Param::from_tensor(proj.weight.val().zeros_like());
            let run = |row: [i64; 3]| {
                let t = Tensor::<2, Int>::from_data(TensorData::new(row.to_vec(), [1, 3]), &device);
                block_on(read_floats(model.forward(t))).unwrap()
            };
            let (a, b) = (run([1, 2, 3]), run([1, 7, 3]));
            let diff = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
            assert_eq!(diff > 1e-6, shift, "shift {shift}: {diff}");
        }
    }
}

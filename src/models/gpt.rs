//! A small GPT (nanoGPT's `model.py`, as in Bachmann & Nagarajan's `models/gpt.py`): token and
//! learned position embeddings, pre-LayerNorm blocks of causal multi-head self-attention and a
//! GELU MLP (4×), a final LayerNorm, and an output head tied to the token embedding. No dropout.
//! Initialised as nanoGPT does (normal, std 0.02; residual projections 0.02/√(2·layers); zero
//! biases), from a seed on the host, so every backend starts from the same weights.

use crate::rng::Rng;
use burn::module::{Module, Param};
use burn::nn::{LayerNorm, LayerNormConfig, Linear};
use burn::tensor::activation::{gelu, softmax};
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// Shape of the GPT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GptConfig {
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
}

/// Causal multi-head self-attention.
#[derive(Module, Debug)]
pub struct Attention {
    /// Query, key and value projections in one: `[d, 3d]`.
    pub qkv: Linear,
    /// Output projection `[d, d]`.
    pub proj: Linear,
    /// Number of heads.
    pub heads: usize,
}

/// One pre-LayerNorm transformer block.
#[derive(Module, Debug)]
pub struct Block {
    /// Norm before attention.
    pub ln1: LayerNorm,
    /// Attention.
    pub attn: Attention,
    /// Norm before the MLP.
    pub ln2: LayerNorm,
    /// MLP up-projection `[d, 4d]`.
    pub fc: Linear,
    /// MLP down-projection `[4d, d]`.
    pub fc_proj: Linear,
}

/// The GPT.
#[derive(Module, Debug)]
pub struct Gpt {
    /// Token embedding `[vocab, d]`, also the output head (tied).
    pub token: Param<Tensor<2>>,
    /// Position embedding `[block_size, d]`.
    pub position: Param<Tensor<2>>,
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Final norm.
    pub ln_f: LayerNorm,
}

pub(crate) fn normal(rng: &mut Rng, std: f32, n: usize) -> Vec<f32> {
    // Box–Muller on the host RNG.
    (0..n)
        .map(|_| {
            let u1 = rng.next_f32().max(f32::MIN_POSITIVE);
            let u2 = rng.next_f32();
            std * (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
        })
        .collect()
}

pub(crate) fn param2(values: Vec<f32>, shape: [usize; 2], device: &Device) -> Param<Tensor<2>> {
    Param::from_tensor(Tensor::from_data(TensorData::new(values, shape), device))
}

pub(crate) fn linear(rng: &mut Rng, d_in: usize, d_out: usize, std: f32, device: &Device) -> Linear {
    Linear {
        weight: param2(normal(rng, std, d_in * d_out), [d_in, d_out], device),
        bias: Some(Param::from_tensor(Tensor::zeros([d_out], device))),
    }
}

impl GptConfig {
    /// Parameters (the tied head counted once).
    pub fn parameters(&self) -> usize {
        let d = self.d_model;
        let block = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
        self.vocab * d + self.block_size * d + self.layers * block + 2 * d
    }

    /// A GPT initialised from `seed`.
    pub fn init(&self, seed: u64, device: &Device) -> Gpt {
        assert!(
            self.heads > 0 && self.d_model.is_multiple_of(self.heads),
            "d_model must be a multiple of heads"
        );
        let mut rng = Rng::for_component(seed, "gpt-init", 0);
        let d = self.d_model;
        let blocks =
            (0..self.layers).map(|_| Block::init(&mut rng, d, self.heads, self.layers, device)).collect();
        Gpt {
            token: param2(normal(&mut rng, 0.02, self.vocab * d), [self.vocab, d], device),
            position: param2(normal(&mut rng, 0.02, self.block_size * d), [self.block_size, d], device),
            blocks,
            ln_f: LayerNormConfig::new(d).init(device),
        }
    }
}

/// `[1, 1, T − from, T]`: for query positions `from..T`, 0 where a position may attend (itself and
/// earlier), −1e9 after.
fn causal_mask(from: usize, t: usize, device: &Device) -> Tensor<4> {
    let rows = t - from;
    let values: Vec<f32> = (0..rows * t).map(|i| if i % t > from + i / t { -1e9 } else { 0.0 }).collect();
    Tensor::from_data(TensorData::new(values, [1, 1, rows, t]), device)
}

impl Attention {
    /// `x [B, T, d]` → `[B, T, d]`; position `t` sees positions `0..=t` only.
    pub fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        self.forward_from(x, 0)
    }

    /// The outputs `[B, T − from, d]` of positions `from..T` only: their queries attend over the
    /// keys and values of every position. With `from` = 0, [`Attention::forward`].
    pub fn forward_from(&self, x: Tensor<3>, from: usize) -> Tensor<3> {
        self.attend(x, from).0
    }

    /// [`Attention::forward_from`] and the attention weights `[B, heads, T − from, T]` (each row a
    /// distribution over the positions it may see).
    pub fn attend(&self, x: Tensor<3>, from: usize) -> (Tensor<3>, Tensor<4>) {
        let [b, t, d] = x.dims();
        let (h, hd, rows) = (self.heads, d / self.heads, t - from);
        let heads = |y: Tensor<3>, len: usize| y.reshape([b, len, h, hd]).swap_dims(1, 2); // [B, h, len, hd]
        let (q, kv) = if from == 0 {
            let qkv = self.qkv.forward(x); // [B, T, 3d]
            (qkv.clone().narrow(2, 0, d), qkv.narrow(2, d, 2 * d))
        } else {
            // The queries of the kept positions, the keys and values of all: the same weights.
            let (weight, bias) = (self.qkv.weight.val(), self.qkv.bias.as_ref().map(|b| b.val()));
            let part = |at: usize, width: usize| {
                (weight.clone().narrow(1, at, width), bias.clone().map(|b| b.narrow(0, at, width)))
            };
            let ((wq, bq), (wkv, bkv)) = (part(0, d), part(d, 2 * d));
            let affine = burn::tensor::module::linear::<3>;
            (affine(x.clone().narrow(1, from, rows), wq, bq), affine(x, wkv, bkv))
        };
        let (q, k, v) = (heads(q, rows), heads(kv.clone().narrow(2, 0, d), t), heads(kv.narrow(2, d, d), t));
        let scores = q.matmul(k.swap_dims(2, 3)) / (hd as f32).sqrt(); // [B, h, T − from, T]
        let weights = softmax(scores + causal_mask(from, t, &v.device()), 3);
        let y = weights.clone().matmul(v).swap_dims(1, 2).reshape([b, rows, d]); // [B, T − from, d]
        (self.proj.forward(y), weights)
    }
}

impl Block {
    /// A block of width `d` with `heads` heads, drawn from `rng` as nanoGPT initialises it (normal,
    /// std 0.02; the residual projections 0.02/√(2·layers) for a model of `layers` blocks).
    pub fn init(rng: &mut Rng, d: usize, heads: usize, layers: usize, device: &Device) -> Self {
        let residual_std = 0.02 / (2.0 * layers as f32).sqrt();
        Block {
            ln1: LayerNormConfig::new(d).init(device),
            attn: Attention {
                qkv: linear(rng, d, 3 * d, 0.02, device),
                proj: linear(rng, d, d, residual_std, device),
                heads,
            },
            ln2: LayerNormConfig::new(d).init(device),
            fc: linear(rng, d, 4 * d, 0.02, device),
            fc_proj: linear(rng, 4 * d, d, residual_std, device),
        }
    }

    /// `x [B, T, d]` → `[B, T, d]`.
    pub fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        self.forward_from(x, 0)
    }

    /// The block's outputs `[B, T − from, d]` of positions `from..T` only.
    pub fn forward_from(&self, x: Tensor<3>, from: usize) -> Tensor<3> {
        self.attend(x, from).0
    }

    /// [`Block::forward_from`] and its attention weights ([`Attention::attend`]).
    pub fn attend(&self, x: Tensor<3>, from: usize) -> (Tensor<3>, Tensor<4>) {
        let rows = x.dims()[1] - from;
        let (attended, weights) = self.attn.attend(self.ln1.forward(x.clone()), from);
        let x = x.narrow(1, from, rows) + attended;
        (x.clone() + self.fc_proj.forward(gelu(self.fc.forward(self.ln2.forward(x)))), weights)
    }
}

/// `blocks` in order on `x [B, T, d]`, the last one for positions `from..T` only
/// ([`Block::forward_from`]): `[B, T − from, d]`.
pub(crate) fn blocks_from(blocks: &[Block], mut x: Tensor<3>, from: usize) -> Tensor<3> {
    let last = blocks.len().saturating_sub(1);
    for (i, block) in blocks.iter().enumerate() {
        x = block.forward_from(x, if i == last { from } else { 0 });
    }
    x
}

impl Gpt {
    /// `tokens [B, T]` → logits `[B, T, vocab]`.
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        self.forward_from(tokens, 0)
    }

    /// The logits `[B, T − from, vocab]` of positions `from..T` only (those a loss or a decoder
    /// reads): equal to `forward(tokens)` narrowed to them, for less work. Every block but the
    /// last runs on all positions (later positions attend to them); the last computes the kept
    /// positions' queries, attention, MLP and logits alone, and the other positions' keys and
    /// values.
    pub fn forward_from(&self, tokens: Tensor<2, Int>, from: usize) -> Tensor<3> {
        let [b, _] = tokens.dims();
        let [vocab, d] = self.token.val().dims();
        let x = blocks_from(&self.blocks, self.embed(tokens), from);
        let rows = x.dims()[1];
        let x = self.ln_f.forward(x).reshape([b * rows, d]);
        x.matmul(self.token.val().transpose()).reshape([b, rows, vocab]) // tied head
    }

    /// Token and position embeddings of `tokens [B, T]`: `[B, T, d]`.
    fn embed(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        let [b, t] = tokens.dims();
        let token = self.token.val(); // [V, d]
        let d = token.dims()[1];
        let x = token.select(0, tokens.reshape([b * t])).reshape([b, t, d]);
        x + self.position.val().narrow(0, 0, t).unsqueeze_dim::<3>(0) // [1, T, d] broadcast
    }

    /// Every block's attention weights on `tokens [B, T]`, first block first: `[B, heads, T, T]`
    /// each, row `i` the distribution of position `i`'s attention over positions `0..=i`.
    pub fn attention(&self, tokens: Tensor<2, Int>) -> Vec<Tensor<4>> {
        let mut x = self.embed(tokens);
        let mut weights = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let (next, w) = block.attend(x, 0);
            x = next;
            weights.push(w);
        }
        weights
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};

    fn config() -> GptConfig {
        GptConfig { vocab: 54, block_size: 31, layers: 2, d_model: 64, heads: 2 }
    }

    #[test]
    fn shapes_and_parameter_count() {
        let device = Device::flex();
        let gpt = config().init(0, &device);
        let tokens = Tensor::<2, Int>::from_ints([[1, 2, 3, 4], [5, 6, 7, 8]], &device);
        assert_eq!(gpt.forward(tokens).dims(), [2, 4, 54]);
        // ≈105k parameters, as in the paper's reference setting.
        assert_eq!(gpt.num_params(), config().parameters());
        assert!((100_000..110_000).contains(&config().parameters()), "{}", config().parameters());
    }

    #[test]
    fn the_logits_of_the_last_positions_alone_equal_the_full_forward_s() {
        let device = Device::flex();
        let gpt = config().init(3, &device);
        let tokens: Vec<i64> = (0..2 * 31).map(|i| (i * 11 % 50) as i64).collect();
        let tokens = Tensor::<2, Int>::from_data(TensorData::new(tokens, [2, 31]), &device);
        let full = block_on(read_floats(gpt.forward(tokens.clone()).narrow(1, 26, 5))).unwrap();
        let tail = block_on(read_floats(gpt.forward_from(tokens, 26))).unwrap();
        assert_eq!(full.len(), tail.len());
        let worst = full.iter().zip(&tail).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(worst < 1e-5, "largest difference {worst}");
        assert!(full.iter().any(|&v| v.abs() > 1e-3), "logits are not all zero");
    }

    #[test]
    fn attention_weights_are_causal_distributions() {
        let device = Device::flex();
        let gpt = config().init(2, &device);
        let tokens: Vec<i64> = (0..2 * 31).map(|i| (i * 13 % 50) as i64).collect();
        let tokens = Tensor::<2, Int>::from_data(TensorData::new(tokens, [2, 31]), &device);
        let weights = gpt.attention(tokens);
        assert_eq!(weights.len(), 2);
        for w in weights {
            assert_eq!(w.dims(), [2, 2, 31, 31]);
            let w = block_on(read_floats(w)).unwrap();
            for (r, row) in w.chunks(31).enumerate() {
                let i = r % 31;
                let sum: f32 = row.iter().sum();
                assert!((sum - 1.0).abs() < 1e-5, "row {r} sums to {sum}");
                assert!(row[i + 1..].iter().all(|&v| v == 0.0), "row {r} attends to the future");
                assert!(row[..=i].iter().all(|&v| v > 0.0), "row {r} ignores a visible position");
            }
        }
    }

    #[test]
    fn attention_is_causal() {
        // Changing a future token changes no earlier logit.
        let device = Device::flex();
        let gpt = config().init(1, &device);
        let a: Vec<i64> = (0..31).map(|i| (i * 7 % 50) as i64).collect();
        let mut b = a.clone();
        b[20] = 49 - b[20];
        let run = |tokens: Vec<i64>| {
            let t = Tensor::<2, Int>::from_data(TensorData::new(tokens, [1, 31]), &device);
            block_on(read_floats(gpt.forward(t))).unwrap()
        };
        let (la, lb) = (run(a), run(b));
        let per_pos = 54;
        for pos in 0..31 {
            let diff = (0..per_pos)
                .map(|k| (la[pos * per_pos + k] - lb[pos * per_pos + k]).abs())
                .fold(0f32, f32::max);
            if pos < 20 {
                assert!(diff < 1e-6, "position {pos} saw the future: {diff}");
            } else {
                assert!(diff > 1e-6, "position {pos} should see the change");
            }
        }
    }
}

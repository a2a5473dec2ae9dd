//! What a run costs, from its configuration alone (no tensors, no burn): parameters, the peak
//! memory of a training step and of an evaluation, the largest single buffer, and the work of the
//! whole run in floating-point operations. Every demo states its own ([`crate::demos::Demo::cost`]);
//! `tests/cost.rs` compares each with what runs really allocate.
//!
//! The page shows the estimate beside Train, refuses a run over [`MEMORY_BUDGET`] before it starts
//! (naming the setting whose halving lowers the peak most, [`over_budget`]) and, on WebGPU, a run
//! whose largest buffer exceeds the adapter's binding limit; it turns the work into a time at the
//! speed this browser measured ([`crate::estimate`]).

use crate::settings::Problem;
use crate::settings::{Kind, Settings};

/// The most memory a run may need: a browser tab's WebAssembly heap ends at 4 GiB, and the
/// module, the data and the allocator's slack need the rest.
pub const MEMORY_BUDGET: u64 = 3 << 30;

/// What every run allocates besides its tensors (the data sets parsed, the matrix products'
/// packing buffers, the event log). It depends on the processor (the packing buffers follow its
/// vector width and caches): the smallest runs of `tests/cost.rs` measured 5–6 MB above their
/// estimates' tensors on one 2-core machine, 0–1.2 MB on another, whose smallest measured peak also
/// moves by 0.5 MB from run to run (4.1–4.6 MB for the smallest disagreement case, as its two
/// threads overlap); 4 MB keeps both within the factor 2 that test allows (ratios 0.8–1.8).
pub const RUNTIME_BYTES: u64 = 4_000_000;

/// A run's size. Bytes are of f32 tensors and the host's copies of the data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Trained parameters of every model held at once (a batch of K networks counts K times).
    pub parameters: u64,
    /// Peak bytes of a training step (weights, gradients, optimiser state, activations kept for
    /// the backward pass, the data on the device and what earlier tasks keep).
    pub train_bytes: u64,
    /// Peak bytes of an evaluation (forward passes over held-out data, what is kept to answer).
    pub eval_bytes: u64,
    /// The largest single tensor: what WebGPU must bind as one storage buffer.
    pub largest_buffer: u64,
    /// Floating-point operations of the whole run (training steps ≈ 3× a forward pass).
    pub flops: f64,
}

/// A configuration at which `tests/cost.rs` checks a demo's [`Cost`] against the peak that a
/// run of it really allocates natively ([`crate::demos::Demo::COST_CASES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CostCase {
    /// Settings that override the defaults, as a JSON object (`{"epochs": [1, 2]}`).
    pub overrides: &'static str,
    /// Optimiser steps to take, or `None` to run to the end (so that what finished tasks keep and
    /// their measurements count).
    pub steps: Option<u32>,
}

impl CostCase {
    /// A run to the end with `overrides`.
    pub const fn to_end(overrides: &'static str) -> Self {
        Self { overrides, steps: None }
    }

    /// The first `steps` steps with `overrides`.
    pub const fn steps(overrides: &'static str, steps: u32) -> Self {
        Self { overrides, steps: Some(steps) }
    }
}

impl Cost {
    /// The larger of the two peaks.
    pub fn peak(&self) -> u64 {
        self.train_bytes.max(self.eval_bytes)
    }

    /// A cost from float counts (f64: any configuration, even out of bounds, gives a finite,
    /// saturated answer), with [`RUNTIME_BYTES`] added to both peaks.
    pub fn from_floats(parameters: f64, train: f64, eval: f64, largest: f64, flops: f64) -> Self {
        Self {
            parameters: parameters as u64,
            train_bytes: (4.0 * train) as u64 + RUNTIME_BYTES,
            eval_bytes: (4.0 * eval) as u64 + RUNTIME_BYTES,
            largest_buffer: (4.0 * largest) as u64,
            flops,
        }
    }
}

/// `models` networks trained as one batch: ReLU layers of `widths` (input first, classes last).
#[derive(Clone, Copy, Debug)]
pub struct Mlps<'a> {
    /// Networks in the batch.
    pub models: f64,
    /// Layer widths, input first.
    pub widths: &'a [usize],
}

impl Mlps<'_> {
    /// Parameters of all the networks.
    pub fn parameters(&self) -> f64 {
        self.models * self.widths.windows(2).map(|w| (w[0] * w[1] + w[1]) as f64).sum::<f64>()
    }

    /// Floats of one training step on `batch` examples per network with `state` optimiser copies
    /// of the weights (SGD 0, Adam 2): weights, gradients, state, and the activations with their
    /// gradients (three of every layer's width per example).
    pub fn step_floats(&self, batch: f64, state: f64) -> f64 {
        let widths: f64 = self.widths.iter().map(|&w| w as f64).sum();
        self.parameters() * (2.0 + state) + 3.0 * self.models * batch * widths
    }

    /// Floats of a forward pass over `rows` examples per network: each layer's output, which is
    /// the next one's input. (Twice that while flex wrote every new tensor twice, before the patch
    /// in vendor/burn-flex.)
    pub fn forward_floats(&self, rows: f64) -> f64 {
        let widths: f64 = self.widths.iter().map(|&w| w as f64).sum();
        self.models * rows * widths
    }

    /// The largest activation of a pass over `rows` examples per network, or the largest weight.
    pub fn largest(&self, rows: f64) -> f64 {
        let widest = self.widths.iter().copied().max().unwrap_or(0) as f64;
        let weight = self.widths.windows(2).map(|w| (w[0] * w[1]) as f64).fold(0.0, f64::max);
        (self.models * rows * widest).max(self.models * weight)
    }

    /// Operations of one training step on `batch` examples per network (forward and backward).
    pub fn step_flops(&self, batch: f64) -> f64 {
        6.0 * self.models * batch * self.widths.windows(2).map(|w| (w[0] * w[1]) as f64).sum::<f64>()
    }

    /// Operations of a forward pass over `rows` examples per network.
    pub fn forward_flops(&self, rows: f64) -> f64 {
        self.step_flops(rows) / 3.0
    }
}

/// A GPT (`models::gpt`) of `layers` blocks of width `d_model` with `heads` heads, over sequences of
/// `seq_len` tokens with a head of `vocab` logits: the terms its demos' estimates share. In f64, so
/// that any values, even out of their bounds, give a finite (saturated) answer.
#[derive(Clone, Copy, Debug)]
pub struct Gpt {
    /// Transformer blocks.
    pub layers: f64,
    /// Width of the residual stream.
    pub d_model: f64,
    /// Attention heads.
    pub heads: f64,
    /// Tokens a sequence (the attention maps are this square).
    pub seq_len: f64,
    /// Logits of the head.
    pub vocab: f64,
}

impl Gpt {
    /// Floats of a training step's activations over `batch` sequences: per block about 24 of width
    /// d per token (layer norms, q/k/v, projections, the 4d MLP and their gradients) and 3 attention
    /// maps of T×T per head; the logits three times (softmax and its gradient).
    pub fn train_floats(&self, batch: f64) -> f64 {
        let Gpt { layers: l, d_model: d, heads: h, seq_len: t, vocab: v } = *self;
        l * (24.0 * batch * t * d + 3.0 * batch * h * t * t) + 3.0 * batch * t * v
    }

    /// Floats of a forward pass over `rows` sequences: about 8 of width d per token, 2 attention
    /// maps and the logits.
    pub fn forward_floats(&self, rows: f64) -> f64 {
        let Gpt { d_model: d, heads: h, seq_len: t, vocab: v, .. } = *self;
        8.0 * rows * t * d + 2.0 * rows * h * t * t + rows * t * v
    }

    /// The largest buffer of a pass over `rows` sequences: an attention map of every head, the
    /// logits, the MLP's weight or the embedding.
    pub fn largest(&self, rows: f64) -> f64 {
        let Gpt { d_model: d, heads: h, seq_len: t, vocab: v, .. } = *self;
        (rows * h * t * t).max(rows * t * v).max(4.0 * d * d).max(v * d)
    }

    /// Operations of the blocks' forward pass over `tokens` tokens of one sequence when only `read`
    /// positions are read (`Gpt::forward_from`): per block and token 2·12d² for the matrices and
    /// 2·2·T·d for attention, except in the last block, where every token computes its keys and
    /// values (2·2d²) and only the read positions the rest (2·10d² and attention). The head
    /// (2·d·V a read position) is the caller's: not every demo reads logits of the vocabulary.
    pub fn blocks_forward_flops(&self, tokens: f64, read: f64) -> f64 {
        let Gpt { layers: l, d_model: d, seq_len: t, .. } = *self;
        let lower = (l - 1.0).max(0.0) * tokens * (24.0 * d * d + 4.0 * t * d);
        lower + tokens * 4.0 * d * d + read * (20.0 * d * d + 4.0 * t * d)
    }
}

/// Floats of a data set of `rows` examples on the device (inputs, one-hot targets) and its host
/// copy.
pub fn data_floats(rows: f64, dim: f64, classes: f64) -> f64 {
    2.0 * rows * (dim + classes)
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

/// Bytes for people: "86 MB", "1.2 GB".
pub fn bytes(n: u64) -> String {
    let mb = n as f64 / 1e6;
    if mb >= 1000.0 { format!("{:.1} GB", mb / 1000.0) } else { format!("{:.0} MB", mb.max(1.0)) }
}

/// The size setting of `config` whose halving lowers `measure` most: every whole-number setting
/// that differs from its default (lists halved element by element) but seeds, halved through
/// the settings table, so that the answer names a key the page shows and one whose default
/// (what the page puts in its place) is smaller. `None` when no halving lowers it.
pub fn setting_to_lower<C: Settings>(
    config: &C,
    cost: impl Fn(&C) -> Cost,
    measure: fn(&Cost) -> u64,
) -> Option<&'static str> {
    let now = measure(&cost(config));
    let value = serde_json::to_value(config).ok()?;
    // A refused setting is replaced by its default: name one the reader raised above it.
    let defaults = serde_json::to_value(C::default()).ok()?;
    let halve = |v: &serde_json::Value| -> serde_json::Value {
        match v {
            serde_json::Value::Number(n) => n.as_u64().map_or(v.clone(), |n| (n / 2).max(1).into()),
            serde_json::Value::Array(a) => {
                a.iter().map(|x| x.as_u64().map_or(x.clone(), |n| (n / 2).max(1).into())).collect()
            }
            other => other.clone(),
        }
    };
    C::TABLE
        .iter()
        .filter(|s| matches!(s.kind, Kind::Int { .. } | Kind::IntList { .. }) && !s.key.ends_with("seed"))
        .filter(|s| value.get(s.key) != defaults.get(s.key))
        .filter_map(|s| {
            let mut halved = value.clone();
            let field = halved.get_mut(s.key)?;
            *field = halve(field);
            let smaller: C = serde_json::from_value(halved).ok()?;
            let m = measure(&cost(&smaller));
            (m < now).then_some((s.key, m))
        })
        .min_by_key(|&(_, m)| m)
        .map(|(key, _)| key)
}

/// When the peak of `config` exceeds [`MEMORY_BUDGET`]: a problem naming the setting to lower,
/// with the peak and the budget. Each demo's table adds it to its problems, so that a URL asking
/// for too much is refused (its setting replaced by the default) before anything starts.
/// Only a configuration within its table's bounds is costed (the bounds' problems come first, and
/// the estimate's loops stay as short as the bounds allow).
pub fn over_budget<C: Settings>(config: &C, cost: impl Fn(&C) -> Cost) -> Option<Problem> {
    let map = crate::settings::to_map(config);
    if C::TABLE.iter().any(|s| s.check(map.get(s.key)).is_some()) {
        return None;
    }
    let c = cost(config);
    if c.peak() <= MEMORY_BUDGET {
        return None;
    }
    let key = setting_to_lower(config, &cost, |c| c.peak()).unwrap_or("batch_size");
    let gb = |bytes: u64| bytes as f64 / (1u64 << 30) as f64;
    Some(Problem::new(
        key,
        format!(
            "a run this size needs about {:.1} GiB at its peak ({} parameters), more than the {:.0} GiB a browser tab \
                can give it: lower it",
            gb(c.peak()),
            count(c.parameters),
            gb(MEMORY_BUDGET)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_and_mlp_sizes_read_as_expected() {
        assert_eq!(
            (count(107_458), count(999), count(37_900_854)),
            ("107,458".into(), "999".into(), "37.9 million".into())
        );
        assert_eq!(
            (bytes(86_400_000), bytes(1_234_000_000), bytes(10)),
            ("86 MB".into(), "1.2 GB".into(), "1 MB".into())
        );
        // Two networks 64 → 32 → 10: 2 × (64·32 + 32 + 32·10 + 10) = 4,820 parameters.
        let m = Mlps { models: 2.0, widths: &[64, 32, 10] };
        assert_eq!(m.parameters(), 4820.0);
        assert_eq!(m.step_flops(8.0), 6.0 * 2.0 * 8.0 * (64.0 * 32.0 + 320.0));
        assert_eq!(m.largest(100.0), 2.0 * 100.0 * 64.0);
        assert_eq!(m.step_floats(8.0, 2.0), 4820.0 * 4.0 + 3.0 * 2.0 * 8.0 * 106.0);
    }
}

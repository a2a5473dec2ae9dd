//! Optimiser steps. burn's optimisers do the parameter update; these wrappers own the learning
//! rate and the backward pass, so a loop reads `(model, losses) = optimizer.step(model, loss)`
//! whichever optimiser it is ([`Optimizer`]: SGD, SAM or AdamW).

use crate::engine::EngineError;
use crate::training::grads::clip_global_norm;
use crate::training::sam::Sam;
use burn::module::Module;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamWConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Bytes, Tensor};

/// Any of minima's optimisers, behind one step: what the shared trainer and every demo's loop
/// call.
pub enum Optimizer {
    /// Plain SGD.
    Sgd(Sgd),
    /// Sharpness-aware minimisation around SGD.
    Sam(Sam),
    /// AdamW with gradient clipping.
    AdamW(AdamW),
}

impl Optimizer {
    /// One step on `loss(model)` (the losses to minimise, summed: one per network, `[M]`, or
    /// `[1]`). Returns the updated model and the losses at the weights before the step, detached.
    pub fn step<M: Module>(&mut self, model: M, loss: impl Fn(&M) -> Tensor<1>) -> (M, Tensor<1>) {
        match self {
            Optimizer::Sgd(sgd) => {
                let losses = loss(&model);
                let detached = losses.clone().detach();
                (sgd.step(model, losses.sum()), detached)
            }
            Optimizer::Sam(sam) => sam.step(model, loss),
            Optimizer::AdamW(adamw) => adamw.step(model, loss),
        }
    }

    /// The optimiser's state (AdamW's moments and step count, SGD's velocities) as burnpack bytes,
    /// keyed by parameter id, for a checkpoint. burn reads these tensors synchronously: on the CPU
    /// only (WebGPU in a browser allows only asynchronous reads).
    pub fn state(&self) -> Result<Vec<u8>, EngineError> {
        let bytes = match self {
            Optimizer::Sgd(sgd) => sgd.optimizer.into_bytes(),
            Optimizer::AdamW(adamw) => adamw.optimizer.into_bytes(),
            Optimizer::Sam(_) => return Err(EngineError("SAM's state cannot be checkpointed yet".into())),
        };
        bytes
            .map(|b| b.to_vec())
            .map_err(|e| EngineError(format!("could not write the optimiser's state: {e:?}")))
    }

    /// Takes the state [`Optimizer::state`] wrote (for the parameters of the same ids).
    pub fn load_state(&mut self, bytes: Vec<u8>) -> Result<(), EngineError> {
        let optimizer = match self {
            Optimizer::Sgd(sgd) => &mut sgd.optimizer,
            Optimizer::AdamW(adamw) => &mut adamw.optimizer,
            Optimizer::Sam(_) => return Err(EngineError("SAM's state cannot be checkpointed yet".into())),
        };
        let loaded = optimizer.clone().from_bytes(Bytes::from_bytes_vec(bytes));
        *optimizer = loaded.map_err(|e| EngineError(format!("not an optimiser state: {e:?}")))?;
        Ok(())
    }

    /// Sets the learning rate of the next steps (a schedule calls this before each step).
    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        match self {
            Optimizer::Sgd(sgd) => sgd.learning_rate = learning_rate,
            Optimizer::Sam(sam) => sam.set_learning_rate(learning_rate),
            Optimizer::AdamW(adamw) => adamw.learning_rate = learning_rate,
        }
    }
}

/// AdamW without weight decay (ε 1e-8): [`AdamW::new`] is nanoGPT's small-model setting (β₂
/// 0.99, gradients clipped to a global norm first), [`AdamW::adam`] plain Adam (β₂ 0.999, no
/// clipping: each of a batch of networks then gets exactly its own update).
pub struct AdamW {
    /// Learning rate of the next step (a schedule sets it before each step).
    pub learning_rate: f64,
    /// Largest global gradient norm; larger gradients are scaled down to it. `None`: no clipping.
    pub clip: Option<f32>,
    optimizer: ModuleOptimizer,
}

impl AdamW {
    /// AdamW clipping gradients to global norm `clip`.
    pub fn new(learning_rate: f64, clip: f32) -> Self {
        let optimizer = AdamWConfig::new().with_beta_2(0.99).with_weight_decay(0.0).with_epsilon(1e-8).init();
        Self { learning_rate, clip: Some(clip), optimizer }
    }

    /// Adam (β₁ 0.9, β₂ 0.999, ε 1e-8, PyTorch's defaults), no weight decay, no clipping.
    pub fn adam(learning_rate: f64) -> Self {
        let optimizer =
            AdamWConfig::new().with_beta_2(0.999).with_weight_decay(0.0).with_epsilon(1e-8).init();
        Self { learning_rate, clip: None, optimizer }
    }

    fn step<M: Module>(&mut self, model: M, loss: impl Fn(&M) -> Tensor<1>) -> (M, Tensor<1>) {
        let losses = loss(&model);
        let detached = losses.clone().detach();
        let mut grads = GradientsParams::from_grads(losses.sum().backward(), &model);
        if let Some(clip) = self.clip {
            clip_global_norm(&model, &mut grads, clip);
        }
        (self.optimizer.step(self.learning_rate, model, grads), detached)
    }
}

/// Stochastic gradient descent, no weight decay: plain (`w ← w − lr·∇L`) or with heavy-ball
/// momentum as PyTorch has it (`v ← μ·v + ∇L`, `v₀ = ∇L`; `w ← w − lr·v`).
pub struct Sgd {
    /// Learning rate.
    pub learning_rate: f64,
    optimizer: ModuleOptimizer,
}

impl Sgd {
    /// Plain SGD with the given learning rate.
    pub fn new(learning_rate: f64) -> Self {
        Self { learning_rate, optimizer: SgdConfig::new().init() }
    }

    /// SGD with momentum `momentum` (no dampening, not Nesterov: PyTorch's `SGD(momentum=μ)`).
    pub fn with_momentum(learning_rate: f64, momentum: f64) -> Self {
        let config = MomentumConfig::new().with_momentum(momentum).with_dampening(0.0);
        Self { learning_rate, optimizer: SgdConfig::new().with_momentum(Some(config)).init() }
    }

    /// One step on `loss` (a scalar, shape `[1]`): backward pass, then the update.
    pub fn step<M: Module>(&mut self, model: M, loss: Tensor<1>) -> M {
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.apply(model, grads)
    }

    /// The update `w ← w − lr·g` with gradients computed elsewhere (SAM takes them at another
    /// point than `model`'s weights).
    pub fn apply<M: Module>(&mut self, model: M, grads: GradientsParams) -> M {
        self.optimizer.step(self.learning_rate, model, grads)
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};
    use crate::models::mlp::MlpConfig;
    use burn::tensor::Device;

    #[test]
    fn sgd_step_is_w_minus_lr_grad() {
        // L = Σ b2 (the output biases): ∂L/∂b2 = 1 for every entry, so SGD subtracts exactly lr.
        let device = Device::flex().autodiff();
        let model = MlpConfig { inputs: 2, hidden: 3, classes: 2 }.init(&[4], &device);
        let before = block_on(read_floats(model.b2.val())).unwrap();
        let w1_before = block_on(read_floats(model.w1.val())).unwrap();
        let loss = model.b2.val().sum();
        let model = Sgd::new(0.5).step(model, loss);
        let after = block_on(read_floats(model.b2.val())).unwrap();
        for (b, a) in before.iter().zip(&after) {
            assert!((b - 0.5 - a).abs() < 1e-6);
        }
        // w1 has no gradient from this loss and must not move.
        assert_eq!(w1_before, block_on(read_floats(model.w1.val())).unwrap());
    }

    #[test]
    fn momentum_accumulates_as_pytorch() {
        // A constant gradient 1: velocities 1, 1.9, 2.71, so the biases fall by lr·(1 + 1.9 + 2.71).
        let device = Device::flex().autodiff();
        let mut model = MlpConfig { inputs: 2, hidden: 3, classes: 2 }.init(&[4], &device);
        let before = block_on(read_floats(model.b2.val())).unwrap();
        let mut sgd = Sgd::with_momentum(0.5, 0.9);
        for _ in 0..3 {
            let loss = model.b2.val().sum();
            model = sgd.step(model, loss);
        }
        let after = block_on(read_floats(model.b2.val())).unwrap();
        for (b, a) in before.iter().zip(&after) {
            assert!((b - 0.5 * 5.61 - a).abs() < 1e-5, "{b} → {a}");
        }
    }
}

//! Optimiser steps. burn's optimisers do the parameter update; these wrappers own the learning
//! rate and the backward pass, so an experiment's loop reads `model = sgd.step(model, loss)`.

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::Tensor;

/// Plain stochastic gradient descent: no momentum, no weight decay (`w ← w − lr·∇L`).
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

#[cfg(test)]
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
}

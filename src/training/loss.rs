//! Losses for batched models (a leading model dimension `M`).

use burn::tensor::Tensor;
use burn::tensor::activation::log_softmax;

/// The loss a classifier trains on.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Loss {
    /// Softmax cross-entropy against the one-hot label ([`batched_cross_entropy`]).
    #[default]
    SoftmaxCrossEntropy,
    /// Each logit a separate sigmoid against its one-hot entry ([`batched_sigmoid_cross_entropy`]),
    /// as Nagarajan & Kolter's code trains.
    SigmoidCrossEntropy,
    /// Distillation: softmax cross-entropy of the logits divided by `temperature` against soft
    /// targets (a teacher's probabilities at the same temperature). Without Hinton's T² factor:
    /// Adam's steps do not depend on the loss's scale.
    SoftCrossEntropy {
        /// Temperature T > 0.
        temperature: f32,
    },
}

impl Loss {
    /// Each model's loss, `logits [M, B, C]`, one-hot `targets [M, B, C]` → `[M]`.
    pub fn of(self, logits: Tensor<3>, targets: Tensor<3>) -> Tensor<1> {
        match self {
            Loss::SoftmaxCrossEntropy => batched_cross_entropy(logits, targets),
            Loss::SigmoidCrossEntropy => batched_sigmoid_cross_entropy(logits, targets),
            Loss::SoftCrossEntropy { temperature } => batched_cross_entropy(logits / temperature, targets),
        }
    }
}

/// Mean cross-entropy of each model over its batch.
///
/// `logits [M, B, C]`, `targets [M, B, C]` (one-hot, or any distributions) → `[M]`.
/// Summing the result over models and back-propagating gives each model the gradient of its
/// own mean loss, as if it were trained alone.
pub fn batched_cross_entropy(logits: Tensor<3>, targets: Tensor<3>) -> Tensor<1> {
    let [models, batch, _] = logits.dims();
    let nll = -(log_softmax(logits, 2) * targets).sum_dim(2); // [M, B, 1]
    nll.sum_dim(1).reshape([models]) / batch as f32 // [M]
}

/// Mean sigmoid cross-entropy of each model over its batch and every logit (TensorFlow's
/// `reduce_mean(sigmoid_cross_entropy_with_logits)`): each logit z against its one-hot entry t,
/// `max(z, 0) − z·t + ln(1 + e^−|z|)`, which never overflows.
///
/// `logits [M, B, C]`, `targets [M, B, C]` → `[M]`.
pub fn batched_sigmoid_cross_entropy(logits: Tensor<3>, targets: Tensor<3>) -> Tensor<1> {
    let [models, batch, classes] = logits.dims();
    let softplus = logits.clone().clamp_min(0.0) + logits.clone().abs().neg().exp().log1p();
    let loss = softplus - logits * targets; // [M, B, C]
    loss.sum_dim(2).sum_dim(1).reshape([models]) / (batch * classes) as f32 // [M]
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};
    use burn::tensor::Device;

    #[test]
    fn matches_hand_computed_values() {
        let device = Device::flex();
        // Model 0: uniform logits over 2 classes -> ln 2 for each example.
        // Model 1: logits (0, ln 3) -> p = (1/4, 3/4); targets class 1 then class 0.
        let ln3 = 3f32.ln();
        let logits = Tensor::<3>::from_floats([[[0.0, 0.0], [5.0, 5.0]], [[0.0, ln3], [0.0, ln3]]], &device);
        let targets = Tensor::<3>::from_floats([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]], &device);
        let loss = block_on(read_floats(batched_cross_entropy(logits, targets))).unwrap();
        let expected1 = (-(0.75f32).ln() - (0.25f32).ln()) / 2.0;
        assert!((loss[0] - 2f32.ln()).abs() < 1e-5, "{loss:?}");
        assert!((loss[1] - expected1).abs() < 1e-5, "{loss:?}");
    }

    #[test]
    fn sigmoid_cross_entropy_matches_the_definition_and_stays_finite() {
        let device = Device::flex();
        let bce = |z: f32, t: f32| {
            -(t * (1.0 / (1.0 + (-z).exp())).ln() + (1.0 - t) * (1.0 / (1.0 + z.exp())).ln())
        };
        let logits =
            Tensor::<3>::from_floats([[[0.5, -2.0], [3.0, 0.0]], [[200.0, -200.0], [0.0, 0.0]]], &device);
        let targets = Tensor::<3>::from_floats([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]], &device);
        let loss = block_on(read_floats(Loss::SigmoidCrossEntropy.of(logits, targets))).unwrap();
        let expected0 = (bce(0.5, 1.0) + bce(-2.0, 0.0) + bce(3.0, 0.0) + bce(0.0, 1.0)) / 4.0;
        assert!((loss[0] - expected0).abs() < 1e-5, "{loss:?} vs {expected0}");
        // Confidently right on the first example (no overflow), ln 2 on each logit of the second.
        assert!((loss[1] - 2f32.ln() / 2.0).abs() < 1e-5, "{loss:?}");
    }
}

//! Losses for batched models (a leading model dimension `M`).

use burn::tensor::Tensor;
use burn::tensor::activation::log_softmax;

/// Mean cross-entropy of each model over its batch.
///
/// `logits [M, B, C]`, `targets [M, B, C]` (one-hot) → `[M]`.
/// Summing the result over models and back-propagating gives each model the gradient of its
/// own mean loss, as if it were trained alone.
pub fn batched_cross_entropy(logits: Tensor<3>, targets: Tensor<3>) -> Tensor<1> {
    let [models, batch, _] = logits.dims();
    let nll = -(log_softmax(logits, 2) * targets).sum_dim(2); // [M, B, 1]
    nll.sum_dim(1).reshape([models]) / batch as f32 // [M]
}

#[cfg(test)]
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
}

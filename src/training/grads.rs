//! Whole-model gradient operations that burn's optimisers do per tensor: the global L2 norm of
//! all gradients (PyTorch's `clip_grad_norm_`, and SAM's ‖g‖) computed on the device, with no
//! read back.

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::tensor::Tensor;

/// Sums the squared gradients: over everything (`[1]`), or per slice of the leading model
/// dimension (`[M]`) for a batch of networks.
struct SquaredNorm<'a> {
    grads: &'a GradientsParams,
    per_model: bool,
    total: Option<Tensor<1>>,
}

impl ModuleVisitor for SquaredNorm<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(g) = self.grads.get::<D>(param.id) {
            let s = if self.per_model {
                let dims = g.dims();
                let rest: usize = dims[1..].iter().product();
                g.square().reshape([dims[0], rest]).sum_dim(1).reshape([dims[0]]) // [M]
            } else {
                g.square().sum() // [1]
            };
            self.total = Some(match self.total.take() {
                Some(t) => t + s,
                None => s,
            });
        }
    }
}

struct Scale<'a> {
    grads: &'a mut GradientsParams,
    factor: Tensor<1>,
}

impl ModuleVisitor for Scale<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(g) = self.grads.remove::<D>(param.id) {
            let factor = self.factor.clone().reshape([1; D]);
            self.grads.register::<D>(param.id, g * factor);
        }
    }
}

/// `‖g‖₂` over every gradient of `model`'s parameters, shape `[1]`, on the device.
pub fn global_norm<M: Module>(model: &M, grads: &GradientsParams) -> Option<Tensor<1>> {
    let mut v = SquaredNorm { grads, per_model: false, total: None };
    model.visit(&mut v);
    v.total.map(Tensor::sqrt)
}

/// For a batch of networks (every parameter with a leading model dimension `M`): each network's
/// own `‖g‖₂` over all its gradients, shape `[M]`, on the device.
pub fn per_model_norm<M: Module>(model: &M, grads: &GradientsParams) -> Option<Tensor<1>> {
    let mut v = SquaredNorm { grads, per_model: true, total: None };
    model.visit(&mut v);
    v.total.map(Tensor::sqrt)
}

/// Multiplies every gradient of `model` by `factor` (shape `[1]`, on the device).
pub fn scale<M: Module>(model: &M, grads: &mut GradientsParams, factor: Tensor<1>) {
    model.visit(&mut Scale { grads, factor });
}

/// Clips the gradients to a global L2 norm of at most `max_norm`, as PyTorch's
/// `clip_grad_norm_` does: `g ← g · min(1, max_norm / (‖g‖ + 1e-6))`.
pub fn clip_global_norm<M: Module>(model: &M, grads: &mut GradientsParams, max_norm: f32) {
    if let Some(norm) = global_norm(model, grads) {
        let factor = (norm.add_scalar(1e-6).recip() * max_norm).clamp_max(1.0);
        scale(model, grads, factor);
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
    fn global_norm_and_clipping_match_hand_computation() {
        let device = Device::flex().autodiff();
        let model = MlpConfig { inputs: 2, hidden: 3, classes: 2 }.init(&[4], &device);
        // L = 3·Σ b2 + 4·Σ b1: gradients 3 on b2's 2 entries and 4 on b1's 3 entries.
        let loss = model.b2.val().sum() * 3.0 + model.b1.val().sum() * 4.0;
        let mut grads = GradientsParams::from_grads(loss.backward(), &model);
        let norm = block_on(read_floats(global_norm(&model, &grads).unwrap())).unwrap()[0];
        let expected = (2.0f32 * 9.0 + 3.0 * 16.0).sqrt();
        assert!((norm - expected).abs() < 1e-5, "{norm} vs {expected}");
        clip_global_norm(&model, &mut grads, 1.0);
        let clipped = block_on(read_floats(global_norm(&model, &grads).unwrap())).unwrap()[0];
        assert!((clipped - 1.0).abs() < 1e-4, "{clipped}");
        let b2 = block_on(read_floats(grads.get::<3>(model.b2.id).unwrap())).unwrap();
        assert!(b2.iter().all(|g| (g - 3.0 / expected).abs() < 1e-4), "{b2:?}");
        // Below the threshold nothing changes.
        clip_global_norm(&model, &mut grads, 10.0);
        let again = block_on(read_floats(global_norm(&model, &grads).unwrap())).unwrap()[0];
        assert!((again - 1.0).abs() < 1e-4);
    }
}

//! Sharpness-aware minimisation (Foret et al., ICLR 2021), as Springer, Nagarajan & Raghunathan
//! (ICLR 2024) use it: with `g = ∇L(w)`, step to the worst nearby point `w̃ = w + ρ g / ‖g‖` (the
//! global L2 norm over every parameter), take the gradient there, and apply it at `w` with plain
//! SGD. The norm stays on the device: nothing is read back.
//!
//! For a batch of independent networks (a leading model dimension, as in
//! [`crate::models::mlp::BatchedMlp`]), [`NormScope::PerModel`] takes each network's own norm, so
//! that `M` networks trained at once step exactly as `M` networks trained one by one.

use crate::training::grads::{global_norm, per_model_norm};
use crate::training::optim::Sgd;
use burn::module::{Module, ModuleMapper, Param};
use burn::optim::GradientsParams;
use burn::tensor::Tensor;

/// Over what the gradient norm `‖g‖` is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormScope {
    /// All parameters together: one network.
    Whole,
    /// Each slice of the leading (model) dimension of every parameter: a batch of networks.
    PerModel,
}

/// SAM around plain SGD.
pub struct Sam {
    /// The perturbation radius ρ; 0 makes the step exactly SGD's.
    pub rho: f64,
    scope: NormScope,
    sgd: Sgd,
}

/// Moves every parameter by `factor · g` (`factor` `[1]` or `[M]`), keeping its id, so that the
/// gradients taken at the moved model can be applied to the original one.
struct Perturb<'a> {
    grads: &'a GradientsParams,
    factor: Tensor<1>,
}

impl ModuleMapper for Perturb<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let Some(g) = self.grads.get::<D>(param.id) else {
            return param;
        };
        let mut shape = [1usize; D];
        shape[0] = self.factor.dims()[0];
        let factor = self.factor.clone().reshape(shape);
        param.map(|w| Tensor::from_inner(w.inner() + g * factor).require_grad())
    }
}

impl Sam {
    /// SAM with learning rate `learning_rate` and radius `rho`, the norm taken over `scope`.
    pub fn new(learning_rate: f64, rho: f64, scope: NormScope) -> Self {
        Self { rho, scope, sgd: Sgd::new(learning_rate) }
    }

    /// The learning rate of the SGD update.
    pub fn learning_rate(&self) -> f64 {
        self.sgd.learning_rate
    }

    /// Sets the learning rate of the next steps.
    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        self.sgd.learning_rate = learning_rate;
    }

    /// The perturbation `ρ / ‖g‖` per norm scope: `[1]` or `[M]`.
    fn factor<M: Module>(&self, model: &M, grads: &GradientsParams) -> Option<Tensor<1>> {
        let norm = match self.scope {
            NormScope::Whole => global_norm(model, grads)?,
            NormScope::PerModel => per_model_norm(model, grads)?,
        };
        Some(norm.add_scalar(1e-12).recip() * self.rho)
    }

    /// One step. `loss` gives the losses to minimise (summed; e.g. one per network, `[M]`).
    /// Returns the updated model and the losses at the original weights, detached.
    pub fn step<M: Module>(&mut self, model: M, loss: impl Fn(&M) -> Tensor<1>) -> (M, Tensor<1>) {
        let losses = loss(&model);
        let grads = GradientsParams::from_grads(losses.clone().sum().backward(), &model);
        let losses = losses.detach();
        if self.rho == 0.0 {
            return (self.sgd.apply(model, grads), losses);
        }
        let Some(factor) = self.factor(&model, &grads) else {
            return (model, losses);
        };
        let perturbed = model.clone().map(&mut Perturb { grads: &grads, factor });
        let sharp = GradientsParams::from_grads(loss(&perturbed).sum().backward(), &perturbed);
        (self.sgd.apply(model, sharp), losses)
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};
    use crate::models::mlp::{BatchedMlp, MlpConfig};
    use burn::tensor::{Device, TensorData};

    /// A tiny batched MLP whose biases we drive with a quadratic loss.
    fn model(models: usize, device: &Device) -> BatchedMlp {
        let seeds: Vec<u64> = (0..models as u64).collect();
        MlpConfig { inputs: 2, hidden: 3, classes: 2 }.init(&seeds, device)
    }

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        block_on(read_floats(t)).unwrap()
    }

    /// L(w) = ½ Σ c_i b2_i² over the output biases: ∇L = c ⊙ b2. Hand-computed SAM step:
    /// g = c⊙b, ŵ = b + ρ g/‖g‖, update b ← b − lr · c⊙ŵ.
    #[test]
    fn the_sam_step_matches_a_hand_computed_step_on_a_quadratic() {
        let device = Device::flex().autodiff();
        let net = model(1, &device);
        let c = [1.0f32, 3.0];
        let coeff = Tensor::<3>::from_data(TensorData::new(c.to_vec(), [1, 1, 2]), &device);
        let loss = |m: &BatchedMlp| (m.b2.val().square() * coeff.clone()).sum() * 0.5;
        let b = values(net.b2.val());
        let w1 = values(net.w1.val());
        let (lr, rho) = (0.1f32, 0.2f32);
        let (updated, at_w) = Sam::new(f64::from(lr), f64::from(rho), NormScope::Whole).step(net, loss);
        let g: Vec<f32> = b.iter().zip(c).map(|(b, c)| c * b).collect();
        let norm = g.iter().map(|x| x * x).sum::<f32>().sqrt();
        let expected: Vec<f32> = (0..2)
            .map(|i| {
                let perturbed = b[i] + rho * g[i] / norm;
                b[i] - lr * c[i] * perturbed
            })
            .collect();
        let got = values(updated.b2.val());
        for (a, e) in got.iter().zip(&expected) {
            assert!((a - e).abs() < 1e-6, "{got:?} vs {expected:?}");
        }
        // The loss reported is the one at w, not at the perturbed point.
        let l0: f32 = (0..2).map(|i| 0.5 * c[i] * b[i] * b[i]).sum();
        assert!((values(at_w)[0] - l0).abs() < 1e-6);
        // Parameters without gradient come back exactly as they were (the perturbation is undone).
        assert_eq!(values(updated.w1.val()), w1);
    }

    #[test]
    fn rho_zero_is_exactly_sgd() {
        let device = Device::flex().autodiff();
        let inputs =
            Tensor::<3>::from_data(TensorData::new(vec![0.3f32, -1.2, 0.7, 0.1], [1, 2, 2]), &device);
        let loss = |m: &BatchedMlp| m.forward(inputs.clone()).square().sum();
        let (sam, _) = Sam::new(0.05, 0.0, NormScope::Whole).step(model(1, &device), loss);
        let plain = model(1, &device);
        let plain_loss = loss(&plain);
        let sgd = Sgd::new(0.05).step(plain, plain_loss);
        assert_eq!(values(sam.w1.val()), values(sgd.w1.val()));
        assert_eq!(values(sam.b2.val()), values(sgd.b2.val()));
    }

    #[test]
    fn per_model_norms_step_each_network_as_if_alone() {
        let device = Device::flex().autodiff();
        let inputs =
            Tensor::<3>::from_data(TensorData::new(vec![0.3f32, -1.2, 0.7, 0.1], [1, 2, 2]), &device);
        let loss = |m: &BatchedMlp| {
            let n = m.models();
            m.forward(inputs.clone().repeat_dim(0, n)).square().sum_dim(2).sum_dim(1).reshape([n])
        };
        let (both, _) = Sam::new(0.05, 0.2, NormScope::PerModel).step(model(2, &device), loss);
        // Network 0 alone (seed 0) must move exactly as within the batch.
        let (alone, _) = Sam::new(0.05, 0.2, NormScope::Whole).step(model(1, &device), loss);
        let w_both = values(both.w1.val());
        let w_alone = values(alone.w1.val());
        for (a, b) in w_both[..w_alone.len()].iter().zip(&w_alone) {
            assert!((a - b).abs() < 1e-6, "{w_both:?} vs {w_alone:?}");
        }
    }
}

//! A batch of independent one-hidden-layer ReLU MLPs, `M` networks sharing one set of kernels.
//!
//! Network `m` computes `logits = relu(x W1[m] + b1[m]) W2[m] + b2[m]`. Every parameter has a
//! leading model dimension, so networks never mix: the gradient of `Σ_m loss_m` with respect to
//! network `m`'s weights is exactly the gradient of `loss_m` alone.

use crate::rng::Rng;
use burn::module::{Module, Param};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// Shape of the batched MLP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MlpConfig {
    /// Input features (16 for 4×4-pooled digits).
    pub inputs: usize,
    /// Hidden ReLU units.
    pub hidden: usize,
    /// Output classes.
    pub classes: usize,
}

/// `M` MLPs with their parameters stacked on a leading model dimension.
#[derive(Module, Debug)]
pub struct BatchedMlp {
    /// First-layer weights `[M, inputs, hidden]`.
    pub w1: Param<Tensor<3>>,
    /// First-layer biases `[M, 1, hidden]`.
    pub b1: Param<Tensor<3>>,
    /// Output weights `[M, hidden, classes]`.
    pub w2: Param<Tensor<3>>,
    /// Output biases `[M, 1, classes]`.
    pub b2: Param<Tensor<3>>,
}

impl MlpConfig {
    /// One network per seed, each initialised as PyTorch's `nn.Linear` does (weights and biases
    /// uniform in ±1/√fan_in), from its own seed on the host: the same seed gives the same network
    /// on every backend.
    pub fn init(&self, seeds: &[u64], device: &Device) -> BatchedMlp {
        let bound1 = 1.0 / (self.inputs as f32).sqrt();
        let bound2 = 1.0 / (self.hidden as f32).sqrt();
        self.uniform(seeds, [bound1, bound1, bound2, bound2], device)
    }

    /// One network per seed, every weight and bias Glorot-uniform: ±√(6 / (fan_in + fan_out)),
    /// a bias of n entries counting n in and n out (as Keras does for a vector). Nagarajan &
    /// Kolter's reference initialises so.
    pub fn init_glorot(&self, seeds: &[u64], device: &Device) -> BatchedMlp {
        let glorot = |fan_in: usize, fan_out: usize| (6.0 / (fan_in + fan_out) as f32).sqrt();
        let bounds = [
            glorot(self.inputs, self.hidden),
            glorot(self.hidden, self.hidden),
            glorot(self.hidden, self.classes),
            glorot(self.classes, self.classes),
        ];
        self.uniform(seeds, bounds, device)
    }

    /// Every parameter uniform in ±its bound (`[w1, b1, w2, b2]`), drawn in that order from each
    /// network's own stream.
    fn uniform(&self, seeds: &[u64], bounds: [f32; 4], device: &Device) -> BatchedMlp {
        let m = seeds.len();
        let mut w1 = Vec::with_capacity(m * self.inputs * self.hidden);
        let mut b1 = Vec::with_capacity(m * self.hidden);
        let mut w2 = Vec::with_capacity(m * self.hidden * self.classes);
        let mut b2 = Vec::with_capacity(m * self.classes);
        let [bw1, bb1, bw2, bb2] = bounds;
        for &seed in seeds {
            let mut rng = Rng::for_component(seed, "mlp-init", 0);
            w1.extend((0..self.inputs * self.hidden).map(|_| rng.uniform(-bw1, bw1)));
            b1.extend((0..self.hidden).map(|_| rng.uniform(-bb1, bb1)));
            w2.extend((0..self.hidden * self.classes).map(|_| rng.uniform(-bw2, bw2)));
            b2.extend((0..self.classes).map(|_| rng.uniform(-bb2, bb2)));
        }
        let param = |values: Vec<f32>, shape: [usize; 3]| {
            Param::from_tensor(Tensor::from_data(TensorData::new(values, shape), device))
        };
        BatchedMlp {
            w1: param(w1, [m, self.inputs, self.hidden]),
            b1: param(b1, [m, 1, self.hidden]),
            w2: param(w2, [m, self.hidden, self.classes]),
            b2: param(b2, [m, 1, self.classes]),
        }
    }
}

impl BatchedMlp {
    /// `inputs [M, B, inputs]` → logits `[M, B, classes]`.
    pub fn forward(&self, inputs: Tensor<3>) -> Tensor<3> {
        self.head(self.hidden(inputs))
    }

    /// The penultimate layer: `inputs [M, B, inputs]` → ReLU activations `[M, B, hidden]`.
    pub fn hidden(&self, inputs: Tensor<3>) -> Tensor<3> {
        relu(inputs.matmul(self.w1.val()) + self.b1.val())
    }

    /// The output layer: `hidden [M, B, hidden]` → logits `[M, B, classes]`.
    pub fn head(&self, hidden: Tensor<3>) -> Tensor<3> {
        hidden.matmul(self.w2.val()) + self.b2.val()
    }

    /// Number of networks `M`.
    pub fn models(&self) -> usize {
        self.w1.val().dims()[0]
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};

    fn config() -> MlpConfig {
        MlpConfig { inputs: 3, hidden: 5, classes: 4 }
    }

    #[test]
    fn shapes_and_model_independence() {
        let device = Device::flex();
        let a = config().init(&[1, 2], &device);
        let b = config().init(&[2], &device);
        assert_eq!(a.models(), 2);
        let x = Tensor::<3>::from_floats([[[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]]], &device); // [1, 2, 3]
        let both = a.forward(Tensor::cat(vec![x.clone(), x.clone()], 0)); // [2, 2, 4]
        assert_eq!(both.dims(), [2, 2, 4]);
        // Network 1 of `a` (seed 2) is the same network as `b`.
        let from_a = block_on(read_floats(both.narrow(0, 1, 1))).unwrap();
        let from_b = block_on(read_floats(b.forward(x))).unwrap();
        assert_eq!(from_a, from_b);
    }

    #[test]
    fn init_is_pytorch_uniform_and_seeded() {
        let device = Device::flex();
        let cfg = MlpConfig { inputs: 16, hidden: 32, classes: 10 };
        let w1 = block_on(read_floats(cfg.init(&[9], &device).w1.val())).unwrap();
        let again = block_on(read_floats(cfg.init(&[9], &device).w1.val())).unwrap();
        assert_eq!(w1, again);
        assert!(w1.iter().all(|w| w.abs() <= 0.25));
        let max = w1.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        assert!(max > 0.2, "weights should fill ±1/√16: max {max}");
    }

    #[test]
    fn glorot_bounds_each_parameter() {
        let device = Device::flex();
        let cfg = MlpConfig { inputs: 100, hidden: 50, classes: 2 };
        let mlp = cfg.init_glorot(&[4], &device);
        let max = |t: Tensor<3>| block_on(read_floats(t)).unwrap().iter().fold(0.0f32, |m, w| m.max(w.abs()));
        for (name, got, bound) in [
            ("w1", max(mlp.w1.val()), (6.0f32 / 150.0).sqrt()),
            ("b1", max(mlp.b1.val()), (6.0f32 / 100.0).sqrt()),
            ("w2", max(mlp.w2.val()), (6.0f32 / 52.0).sqrt()),
        ] {
            assert!(got <= bound && got > 0.8 * bound, "{name}: {got} vs ±{bound}");
        }
    }
}

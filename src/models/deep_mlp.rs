//! A batch of independent ReLU MLPs of any depth, `M` networks sharing one set of kernels (the
//! deeper sibling of [`super::mlp::BatchedMlp`]): the SAM demo's 72-64-16-2 network, whose
//! 16-unit penultimate layer the linear probes read.

use crate::rng::Rng;
use burn::module::{Module, Param};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};

/// One fully connected layer of `M` networks.
#[derive(Module, Debug)]
pub struct BatchedLinear {
    /// Weights `[M, in, out]`.
    pub weight: Param<Tensor<3>>,
    /// Biases `[M, 1, out]`.
    pub bias: Param<Tensor<3>>,
}

impl BatchedLinear {
    /// `x [M, B, in]` → `[M, B, out]`.
    pub fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        x.matmul(self.weight.val()) + self.bias.val()
    }
}

/// `M` MLPs: ReLU after every layer but the last.
#[derive(Module, Debug)]
pub struct BatchedDeepMlp {
    /// The layers, input first.
    pub layers: Vec<BatchedLinear>,
}

/// Layer widths, input first and classes last: `[72, 64, 16, 2]` for the SAM demo.
pub fn init(widths: &[usize], seeds: &[u64], device: &Device) -> BatchedDeepMlp {
    assert!(widths.len() >= 2, "an MLP needs inputs and outputs");
    let m = seeds.len();
    let layers = widths
        .windows(2)
        .enumerate()
        .map(|(l, pair)| {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let bound = 1.0 / (fan_in as f32).sqrt();
            let mut weight = Vec::with_capacity(m * fan_in * fan_out);
            let mut bias = Vec::with_capacity(m * fan_out);
            for &seed in seeds {
                // PyTorch's nn.Linear default: weights and biases uniform in ±1/√fan_in, each
                // layer of each network from its own stream.
                let mut rng = Rng::for_component(seed, "deep-mlp-init", l as u64);
                weight.extend((0..fan_in * fan_out).map(|_| rng.uniform(-bound, bound)));
                bias.extend((0..fan_out).map(|_| rng.uniform(-bound, bound)));
            }
            let param = |values: Vec<f32>, shape: [usize; 3]| {
                Param::from_tensor(Tensor::from_data(TensorData::new(values, shape), device))
            };
            BatchedLinear { weight: param(weight, [m, fan_in, fan_out]), bias: param(bias, [m, 1, fan_out]) }
        })
        .collect();
    BatchedDeepMlp { layers }
}

impl BatchedDeepMlp {
    /// The penultimate layer: `inputs [M, B, in]` → ReLU activations `[M, B, last hidden]`.
    pub fn features(&self, inputs: Tensor<3>) -> Tensor<3> {
        let hidden = &self.layers[..self.layers.len() - 1];
        hidden.iter().fold(inputs, |x, layer| relu(layer.forward(x)))
    }

    /// `inputs [M, B, in]` → logits `[M, B, classes]`.
    pub fn forward(&self, inputs: Tensor<3>) -> Tensor<3> {
        self.head(self.features(inputs))
    }

    /// The last layer: `features [M, B, last hidden]` → logits `[M, B, classes]`.
    pub fn head(&self, features: Tensor<3>) -> Tensor<3> {
        self.layers[self.layers.len() - 1].forward(features)
    }

    /// Number of networks `M`.
    pub fn models(&self) -> usize {
        self.layers[0].weight.val().dims()[0]
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats};

    #[test]
    fn shapes_independence_and_seeded_pytorch_init() {
        let device = Device::flex();
        let widths = [72, 64, 16, 2];
        let both = init(&widths, &[1, 2], &device);
        let alone = init(&widths, &[2], &device);
        assert_eq!(both.models(), 2);
        let x = Tensor::<3>::from_data(
            TensorData::new((0..72).map(|i| i as f32 / 72.0).collect::<Vec<_>>(), [1, 1, 72]),
            &device,
        );
        assert_eq!(both.features(x.clone().repeat_dim(0, 2)).dims(), [2, 1, 16]);
        let out = block_on(read_floats(both.forward(x.clone().repeat_dim(0, 2)).narrow(0, 1, 1))).unwrap();
        assert_eq!(
            out,
            block_on(read_floats(alone.forward(x))).unwrap(),
            "network 1 of the batch is seed 2's"
        );
        let w = block_on(read_floats(both.layers[1].weight.val())).unwrap();
        assert!(w.iter().all(|v| v.abs() <= 0.125) && w.iter().any(|v| v.abs() > 0.1), "±1/√64");
        // Parameter count of one network: 72·64 + 64 + 64·16 + 16 + 16·2 + 2.
        assert_eq!(alone.num_params(), 72 * 64 + 64 + 64 * 16 + 16 + 16 * 2 + 2);
    }
}

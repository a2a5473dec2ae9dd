//! ResMem (Yang, Lukasik, Nagarajan et al., "ResMem: Learn what you can and memorize the rest",
//! NeurIPS 2023): a soft k-nearest-neighbour regressor of a base model's training residuals,
//! added to the base model's output.
//!
//! - residual of a training point: `r_i = onehot(y_i) − softmax(f(x_i))`;
//! - neighbours: the `k` training points nearest to the query in an embedding (the base model's
//!   penultimate layer, L2-normalised), by Euclidean distance;
//! - weights: `softmax(−distance / σ)` over those `k`;
//! - prediction: `softmax(f(x)) + Σ_j w_j r_j`.
//!
//! Everything stays on the device: the nearest neighbours are selected by `k` rounds of
//! min/argmin/mask over the distance matrix, never by a sort (burn's sort and top-k read back
//! synchronously on WebGPU in wasm, which panics). Only the caller's final read is async.

use burn::tensor::IndexingUpdateOp;
use burn::tensor::activation::softmax;
use burn::tensor::{Int, Tensor, TensorData};

/// Rows scaled to unit L2 norm: `[N, D]` → `[N, D]` (a zero row stays zero).
pub fn l2_normalise(x: Tensor<2>) -> Tensor<2> {
    let norm = x.clone().powi_scalar(2).sum_dim(1).sqrt().clamp_min(1e-12); // [N, 1]
    x / norm
}

/// `onehot(labels) − probabilities`: `probabilities [N, C]`, `labels [N]` → `[N, C]`.
pub fn residuals(probabilities: Tensor<2>, labels: &[u8]) -> Tensor<2> {
    let [n, c] = probabilities.dims();
    let mut onehot = vec![0f32; n * c];
    for (i, &y) in labels.iter().enumerate() {
        onehot[i * c + usize::from(y)] = 1.0;
    }
    Tensor::<2>::from_data(TensorData::new(onehot, [n, c]), &probabilities.device()) - probabilities
}

/// Euclidean distances between every query and every key: `[M, D]`, `[N, D]` → `[M, N]`.
pub fn distances(queries: Tensor<2>, keys: Tensor<2>) -> Tensor<2> {
    let q2 = queries.clone().powi_scalar(2).sum_dim(1); // [M, 1]
    let k2 = keys.clone().powi_scalar(2).sum_dim(1).transpose(); // [1, N]
    let cross = queries.matmul(keys.transpose()); // [M, N]
    (q2 + k2 - cross * 2.0).clamp_min(0.0).sqrt()
}

/// The `k` smallest entries of each row of `distances [M, N]`, nearest first: their values
/// `[M, k]` and column indices `[M, k]`. Ties go to the lower index. Needs `k ≤ N`.
pub fn nearest(distances: Tensor<2>, k: usize) -> (Tensor<2>, Tensor<2, Int>) {
    let [m, n] = distances.dims();
    assert!(k >= 1 && k <= n, "k = {k} must be in 1..={n}");
    let device = distances.device();
    let mut remaining = distances;
    let (mut values, mut indices) = (Vec::with_capacity(k), Vec::with_capacity(k));
    for _ in 0..k {
        let (value, index) = remaining.clone().min_dim_with_indices(1); // [M, 1] each
        // Push the chosen entry out of reach of the next rounds.
        let far = Tensor::<2>::full([m, 1], f32::MAX, &device);
        remaining = remaining.scatter(1, index.clone(), far, IndexingUpdateOp::Assign);
        values.push(value);
        indices.push(index);
    }
    (Tensor::cat(values, 1), Tensor::cat(indices, 1))
}

/// Soft weights of the neighbours: `softmax(−distance / σ)` along each row, `[M, k]` → `[M, k]`.
pub fn weights(distances: Tensor<2>, sigma: f32) -> Tensor<2> {
    softmax(distances / (-sigma.max(1e-6)), 1)
}

/// A fitted residual memory: the training points' embeddings and residuals.
#[derive(Clone, Debug)]
pub struct ResidualMemory {
    /// Training embeddings `[N, D]`, L2-normalised when `normalised`.
    pub keys: Tensor<2>,
    /// Training residuals `[N, C]`.
    pub residuals: Tensor<2>,
    /// Whether keys and queries are L2-normalised before distances are taken.
    pub normalised: bool,
}

impl ResidualMemory {
    /// Memorises the residuals of the base model's training `probabilities [N, C]` against
    /// `labels`, keyed by `embeddings [N, D]`, L2-normalised if `normalise` (the paper's choice
    /// for penultimate embeddings).
    pub fn fit(embeddings: Tensor<2>, probabilities: Tensor<2>, labels: &[u8], normalise: bool) -> Self {
        let keys = if normalise { l2_normalise(embeddings) } else { embeddings };
        Self { keys, residuals: residuals(probabilities, labels), normalised: normalise }
    }

    /// The kNN estimate of the residual at each query: `embeddings [M, D]` → `[M, C]`.
    pub fn correction(&self, embeddings: Tensor<2>, k: usize, sigma: f32) -> Tensor<2> {
        let [m, _] = embeddings.dims();
        let [n, c] = self.residuals.dims();
        let queries = if self.normalised { l2_normalise(embeddings) } else { embeddings };
        let (dist, index) = nearest(distances(queries, self.keys.clone()), k.min(n)); // [M, k]
        let k = k.min(n);
        let w = weights(dist, sigma); // [M, k]
        let picked = self.residuals.clone().select(0, index.reshape([m * k])).reshape([m, k, c]); // [M, k, C]
        (picked * w.unsqueeze_dim::<3>(2)).sum_dim(1).reshape([m, c])
    }

    /// ResMem's prediction: the base `probabilities [M, C]` plus the residual estimate.
    pub fn predict(
        &self,
        probabilities: Tensor<2>,
        embeddings: Tensor<2>,
        k: usize,
        sigma: f32,
    ) -> Tensor<2> {
        probabilities + self.correction(embeddings, k, sigma)
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::{block_on, read_floats, read_ints};
    use crate::rng::Rng;
    use burn::tensor::Device;

    fn tensor(values: Vec<f32>, shape: [usize; 2], device: &Device) -> Tensor<2> {
        Tensor::from_data(TensorData::new(values, shape), device)
    }

    #[test]
    fn residuals_are_onehot_minus_probabilities() {
        let device = Device::flex();
        let p = tensor(vec![0.7, 0.2, 0.1, 0.1, 0.1, 0.8], [2, 3], &device);
        let r = block_on(read_floats(residuals(p, &[0, 1]))).unwrap();
        let expected = [0.3, -0.2, -0.1, -0.1, 0.9, -0.8];
        for (a, b) in r.iter().zip(expected) {
            assert!((a - b).abs() < 1e-6, "{r:?}");
        }
    }

    #[test]
    fn weights_sum_to_one_and_the_nearest_dominates_as_sigma_shrinks() {
        let device = Device::flex();
        let d = tensor(vec![0.1, 0.2, 0.4, 0.0, 0.0, 0.3], [2, 3], &device);
        for sigma in [1.0, 0.1, 0.01] {
            let w = block_on(read_floats(weights(d.clone(), sigma))).unwrap();
            for row in w.chunks(3) {
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{w:?}");
                assert!(row[0] >= row[1] && row[1] >= row[2], "nearer is heavier: {w:?}");
            }
            if sigma == 0.01 {
                assert!(w[0] > 0.9999, "σ → 0 puts all weight on the nearest: {w:?}");
                assert!((w[3] - 0.5).abs() < 1e-5, "equal distances share: {w:?}");
            }
        }
    }

    #[test]
    fn nearest_matches_a_brute_force_sort() {
        let device = Device::flex();
        let mut rng = Rng::new(7);
        let (m, n, d, k) = (9, 40, 5, 6);
        let q: Vec<f32> = (0..m * d).map(|_| rng.next_f32() - 0.5).collect();
        let keys: Vec<f32> = (0..n * d).map(|_| rng.next_f32() - 0.5).collect();
        let dist = distances(tensor(q.clone(), [m, d], &device), tensor(keys.clone(), [n, d], &device));
        let (values, index) = nearest(dist, k);
        let values = block_on(read_floats(values)).unwrap();
        let index = block_on(read_ints(index)).unwrap();
        for i in 0..m {
            let mut brute: Vec<(f32, usize)> = (0..n)
                .map(|j| {
                    let s: f32 = (0..d).map(|c| (q[i * d + c] - keys[j * d + c]).powi(2)).sum();
                    (s.sqrt(), j)
                })
                .collect();
            brute.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for r in 0..k {
                assert_eq!(index[i * k + r] as usize, brute[r].1, "query {i}, rank {r}");
                assert!((values[i * k + r] - brute[r].0).abs() < 1e-4, "query {i}, rank {r}");
            }
        }
    }

    #[test]
    fn the_prediction_is_the_base_plus_the_residual_estimate() {
        let device = Device::flex();
        // Two training points far apart; the base model is wrong about the second.
        let emb = tensor(vec![1.0, 0.0, 0.0, 1.0], [2, 2], &device);
        let probs = tensor(vec![0.9, 0.1, 0.8, 0.2], [2, 2], &device);
        let memory = ResidualMemory::fit(emb, probs, &[0, 1], true);
        // A query next to the second point, where the base says class 0 with 0.8.
        let query_probs = tensor(vec![0.8, 0.2], [1, 2], &device);
        let query_emb = tensor(vec![0.05, 1.0], [1, 2], &device);
        let out = block_on(read_floats(memory.predict(query_probs, query_emb, 1, 0.1))).unwrap();
        // k = 1: the second point's residual (−0.8, +0.8) is added whole.
        assert!((out[0] - 0.0).abs() < 1e-5 && (out[1] - 1.0).abs() < 1e-5, "{out:?}");
        // With both neighbours and a wide σ, the estimate mixes the two residuals.
        let mixed =
            block_on(read_floats(memory.correction(tensor(vec![0.05, 1.0], [1, 2], &device), 2, 10.0)))
                .unwrap();
        assert!(mixed[1] > 0.0 && mixed[1] < 0.8, "{mixed:?}");
    }
}

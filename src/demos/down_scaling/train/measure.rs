//! Measuring a trained model: global magnitude pruning of its blocks' matrices (on the host: a
//! global threshold needs a sort, which WebGPU cannot do in the browser), then closed-book
//! accuracy over every fact and open-book accuracy over held-out questions.

use crate::data::facts::{Facts, Questions};
use crate::demos::down_scaling::{EVAL_CHUNK, Point};
use crate::engine::{EngineError, read_floats, read_ints};
use crate::models::shift_gpt::ShiftGpt;
use burn::tensor::{Device, Int, Tensor, TensorData};

/// A model's block matrices read to the host once: values and shapes, in
/// [`ShiftGpt::block_matrices`]' order.
#[derive(Clone, Debug)]
pub struct HostMatrices {
    values: Vec<Vec<f32>>,
    shapes: Vec<[usize; 2]>,
}

impl HostMatrices {
    /// Reads `model`'s block matrices.
    pub async fn read(model: &ShiftGpt) -> Result<Self, EngineError> {
        let (mut values, mut shapes) = (Vec::new(), Vec::new());
        for m in model.block_matrices() {
            shapes.push(m.dims());
            values.push(read_floats(m).await?);
        }
        Ok(Self { values, shapes })
    }

    /// `model` (whose matrices these are) with the smallest `sparsity` of them zeroed.
    pub fn pruned(&self, model: &ShiftGpt, sparsity: f64, device: &Device) -> ShiftGpt {
        let tensors = prune(&self.values, sparsity)
            .into_iter()
            .zip(&self.shapes)
            .map(|(v, &shape)| Tensor::from_data(TensorData::new(v, shape), device))
            .collect();
        model.clone().with_block_matrices(tensors)
    }
}

/// Global magnitude pruning: `matrices` with the `round(sparsity · n)` weights of smallest
/// magnitude among all `n` of them set to zero (ties broken by position, so the count is exact).
pub fn prune(matrices: &[Vec<f32>], sparsity: f64) -> Vec<Vec<f32>> {
    let n: usize = matrices.iter().map(Vec::len).sum();
    let remove = ((sparsity.clamp(0.0, 1.0) * n as f64).round() as usize).min(n);
    let mut out = matrices.to_vec();
    if remove == 0 {
        return out;
    }
    // Every weight as (magnitude, matrix, index); the `remove` smallest go.
    let mut order: Vec<(f32, u32, u32)> = matrices
        .iter()
        .enumerate()
        .flat_map(|(m, values)| values.iter().enumerate().map(move |(i, v)| (v.abs(), m as u32, i as u32)))
        .collect();
    let by_magnitude =
        |a: &(f32, u32, u32), b: &(f32, u32, u32)| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2)));
    if remove < n {
        order.select_nth_unstable_by(remove - 1, by_magnitude);
    }
    for &(_, m, i) in &order[..remove] {
        out[m as usize][i as usize] = 0.0;
    }
    out
}

/// The model's value for each question, in chunks of [`EVAL_CHUNK`].
pub async fn predict(
    model: &ShiftGpt,
    questions: &Questions,
    device: &Device,
) -> Result<Vec<u32>, EngineError> {
    let mut out = Vec::with_capacity(questions.len());
    for start in (0..questions.len()).step_by(EVAL_CHUNK) {
        let chunk = questions.slice(start, (start + EVAL_CHUNK).min(questions.len()));
        let tokens = tokens(&chunk, device);
        let predicted = read_ints(model.forward(tokens).argmax(1)).await?; // [n, 1]
        out.extend(predicted.into_iter().map(|v| v as u32));
    }
    Ok(out)
}

/// Questions' tokens `[n, seq]` on `device`.
pub fn tokens(questions: &Questions, device: &Device) -> Tensor<2, Int> {
    let data: Vec<i64> = questions.tokens.iter().map(|&t| i64::from(t)).collect();
    Tensor::from_data(TensorData::new(data, [questions.len(), questions.seq]), device)
}

/// Share of `predicted` equal to the answers.
pub fn accuracy(predicted: &[u32], questions: &Questions) -> f64 {
    let right = predicted.iter().zip(&questions.answers).filter(|(p, a)| p == a).count();
    right as f64 / questions.len().max(1) as f64
}

/// What a model is measured on: every fact, asked closed-book, and held-out open-book questions.
pub struct Exam {
    /// Every fact of the table, in key order.
    pub closed: Questions,
    /// Held-out in-context questions.
    pub open: Questions,
}

impl Exam {
    /// The exam of `facts` with `open` held-out questions.
    pub fn new(facts: &Facts, open: Questions) -> Self {
        Self { closed: facts.closed(0..facts.keys), open }
    }

    /// `model`'s accuracies (recorded at `sparsity`), and its predictions of both kinds.
    pub async fn take(
        &self,
        model: &ShiftGpt,
        sparsity: f64,
        device: &Device,
    ) -> Result<(Point, Vec<u32>, Vec<u32>), EngineError> {
        let closed = predict(model, &self.closed, device).await?;
        let open = predict(model, &self.open, device).await?;
        let point = Point {
            sparsity,
            facts: accuracy(&closed, &self.closed),
            in_context: accuracy(&open, &self.open),
        };
        Ok((point, closed, open))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_zeroes_exactly_the_smallest_share_across_matrices() {
        let m = vec![vec![0.5, -0.1, 3.0], vec![-2.0, 0.2, 0.05, 1.0]];
        assert_eq!(prune(&m, 0.0), m);
        let p = prune(&m, 3.0 / 7.0);
        assert_eq!(p, vec![vec![0.5, 0.0, 3.0], vec![-2.0, 0.0, 0.0, 1.0]]);
        assert_eq!(prune(&m, 1.0).iter().flatten().filter(|v| **v != 0.0).count(), 0);
        // Ties: exactly the count asked for goes, the earlier first.
        let ties = vec![vec![1.0; 4]];
        assert_eq!(prune(&ties, 0.5), vec![vec![0.0, 0.0, 1.0, 1.0]]);
    }
}

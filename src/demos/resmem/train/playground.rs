//! The 2-D playground: a narrow MLP trained on a picture in the plane, its decision surface, and
//! the ResMem surface after the kNN correction. The trained state stays on the device, so a new
//! (k, σ) redraws the ResMem surface without retraining.

use crate::data::Labelled;
use crate::data::plane;
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::resmem::config::PLANE_BATCH;
use crate::demos::resmem::{Embedding, GRID, ResMemConfig, Surface, VIEW};
use crate::demos::{Answerer, Control, Event};
use crate::engine::{EngineError, read_floats, read_ints};
use crate::metrics;
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::knn_memory::ResidualMemory;
use crate::training::loss::Loss;
use crate::training::optim::{Optimizer, Sgd};
use burn::module::Module;
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor, TensorData};

/// Inputs the base model saw, through it: probabilities and the embedding used for neighbours.
#[derive(Clone)]
struct Seen {
    /// Base probabilities `[N, 2]`.
    probabilities: Tensor<2>,
    /// Neighbour-search embedding `[N, D]`.
    embedding: Tensor<2>,
    labels: Vec<u8>,
}

/// The trained playground, on the device.
#[derive(Clone)]
pub struct Playground {
    memory: ResidualMemory,
    train: Seen,
    test: Seen,
    /// The grid cell centres, through the base model.
    grid: Seen,
    /// Read once: the base surface and accuracies do not depend on (k, σ).
    base: Vec<f32>,
    base_train: f64,
    base_test: f64,
    points: Vec<(f32, f32, u8)>,
}

/// The first `n` examples and the rest.
fn split(set: &Labelled, n: usize) -> (Labelled, Labelled) {
    let part = |range: std::ops::Range<usize>| Labelled {
        inputs: set.inputs[range.start * set.dim..range.end * set.dim].to_vec(),
        labels: set.labels[range.clone()].to_vec(),
        dim: set.dim,
        classes: set.classes,
    };
    (part(0..n), part(n..set.len()))
}

/// Cell centres of the grid, row by row from the top: `[GRID², 2]`.
fn grid_points() -> Vec<f32> {
    let cell = 2.0 * VIEW / GRID as f32;
    (0..GRID)
        .flat_map(|row| {
            (0..GRID)
                .flat_map(move |col| [-VIEW + (col as f32 + 0.5) * cell, VIEW - (row as f32 + 0.5) * cell])
        })
        .collect()
}

/// Base probabilities and neighbour embedding of `inputs [N, 2]`.
fn through(model: &BatchedMlp, inputs: Tensor<2>, embedding: Embedding, labels: Vec<u8>) -> Seen {
    let [n, d] = inputs.dims();
    let hidden = model.hidden(inputs.clone().reshape([1, n, d])); // [1, N, H]
    let width = hidden.dims()[2];
    let probabilities = softmax(model.head(hidden.clone()), 2).reshape([n, 2]); // [N, 2]
    let embedding = match embedding {
        Embedding::Penultimate => hidden.reshape([n, width]),
        Embedding::Input => inputs,
    };
    Seen { probabilities, embedding, labels }
}

/// Fraction of rows of `scores [N, 2]` whose larger entry is the label.
async fn accuracy(scores: Tensor<2>, labels: &[u8]) -> Result<f64, EngineError> {
    Ok(metrics::accuracy(&read_ints(scores.argmax(1)).await?, labels))
}

/// Trains the playground's base model (task 0 of the run) and fits its memory: the playground, the
/// trained model and its steps. `None` if the control stopped the run.
pub async fn train<C: Control>(
    config: &ResMemConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    answerer: &impl Answerer,
) -> Result<Option<(Playground, BatchedMlp, usize)>, EngineError> {
    let (train_set, _) = sets(config);
    let data = DeviceSet::new(&train_set, device);
    let learner = Learner {
        model: initial(config, device),
        optimizer: Optimizer::Sgd(Sgd::new(config.plane_learning_rate)),
    };
    let trainer_config = TrainerConfig {
        sets: vec![(0..config.points).collect()],
        orders: vec![Rng::for_component(config.data_seed, "plane-order", 0)],
        batch_size: PLANE_BATCH,
        epochs: config.plane_epochs,
        task: 0,
        total_steps: config.total_steps(),
        loss: Loss::SoftmaxCrossEntropy,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    for _ in 0..config.plane_epochs {
        if trainer.epoch(&data, control, emit, step, answerer).await? {
            return Ok(None);
        }
    }
    let model = trainer.model().clone();
    Ok(Some((fitted(config, &model.valid(), device).await?, model, trainer.steps())))
}

/// The playground's training and test points.
fn sets(config: &ResMemConfig) -> (Labelled, Labelled) {
    let all = plane::generate(config.plane, 2 * config.points, config.label_noise, config.data_seed);
    split(&all, config.points)
}

/// The playground's base model before training (the shape a kept one loads into).
pub fn initial(config: &ResMemConfig, device: &Device) -> BatchedMlp {
    let seed = Rng::for_component(config.init_seed, "plane-init", 0).next_u64();
    MlpConfig { inputs: 2, hidden: config.plane_width, classes: 2 }.init(&[seed], device)
}

/// The playground of the trained base `model`: its memory fitted, its surfaces ready.
pub async fn fitted(
    config: &ResMemConfig,
    model: &BatchedMlp,
    device: &Device,
) -> Result<Playground, EngineError> {
    let (train_set, test_set) = sets(config);
    Playground::new(model, &train_set, &test_set, config.embedding, &device.clone().without_autodiff()).await
}

impl Playground {
    async fn new(
        model: &BatchedMlp,
        train_set: &Labelled,
        test_set: &Labelled,
        embedding: Embedding,
        device: &Device,
    ) -> Result<Self, EngineError> {
        let upload = |set: &Labelled| -> Tensor<2> {
            Tensor::from_data(TensorData::new(set.inputs.clone(), [set.len(), 2]), device)
        };
        let train = through(model, upload(train_set), embedding, train_set.labels.clone());
        let test = through(model, upload(test_set), embedding, test_set.labels.clone());
        let grid_inputs = Tensor::from_data(TensorData::new(grid_points(), [GRID * GRID, 2]), device);
        let grid = through(model, grid_inputs, embedding, Vec::new());
        let normalise = embedding == Embedding::Penultimate;
        let memory = ResidualMemory::fit(
            train.embedding.clone(),
            train.probabilities.clone(),
            &train.labels,
            normalise,
        );
        let base = read_floats(grid.probabilities.clone().narrow(1, 1, 1)).await?;
        let base_train = accuracy(train.probabilities.clone(), &train.labels).await?;
        let base_test = accuracy(test.probabilities.clone(), &test.labels).await?;
        let points = (0..train_set.len())
            .map(|i| (train_set.inputs[2 * i], train_set.inputs[2 * i + 1], train_set.labels[i]))
            .collect();
        Ok(Self { memory, train, test, grid, base, base_train, base_test, points })
    }

    /// Base `probabilities [N, 2]` plus the memory's residual estimate at `embedding [N, D]`.
    fn corrected(&self, seen: &Seen, k: usize, sigma: f64) -> Tensor<2> {
        self.memory.predict(seen.probabilities.clone(), seen.embedding.clone(), k, sigma as f32)
    }

    /// Both surfaces and the accuracies at (k, σ).
    pub async fn surface(&self, k: usize, sigma: f64) -> Result<Surface, EngineError> {
        let resmem = read_floats(self.corrected(&self.grid, k, sigma).narrow(1, 1, 1)).await?;
        let resmem_train = accuracy(self.corrected(&self.train, k, sigma), &self.train.labels).await?;
        let resmem_test = accuracy(self.corrected(&self.test, k, sigma), &self.test.labels).await?;
        Ok(Surface {
            k,
            sigma,
            grid: GRID,
            view: VIEW,
            base: self.base.clone(),
            resmem,
            points: self.points.clone(),
            base_train: self.base_train,
            base_test: self.base_test,
            resmem_train,
            resmem_test,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_runs_row_by_row_from_the_top_left() {
        let g = grid_points();
        assert_eq!(g.len(), 2 * GRID * GRID);
        let cell = 2.0 * VIEW / GRID as f32;
        assert!((g[0] + VIEW - cell / 2.0).abs() < 1e-6 && (g[1] - VIEW + cell / 2.0).abs() < 1e-6);
        // Second cell: one step right, same row.
        assert!((g[2] - g[0] - cell).abs() < 1e-6 && g[3] == g[1]);
        // First cell of the second row: one step down.
        assert!(g[2 * GRID] == g[0] && (g[1] - g[2 * GRID + 1] - cell).abs() < 1e-6);
    }
}

//! The digits sweep: for each (width, epochs) configuration, `seeds` MLPs trained at once as one
//! batched model, each then corrected by its own residual memory. The memories stay on the
//! device, so a new (k, σ) re-measures every configuration without retraining.

use crate::data::digits;
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::resmem::{Embedding, Measurement, ResMemConfig, TRAIN_SIZE};
use crate::demos::{Answerer, Control, Event};
use crate::engine::{EngineError, read_ints};
use crate::metrics::accuracy;
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::knn_memory::ResidualMemory;
use crate::training::loss::Loss;
use crate::training::optim::{Optimizer, Sgd};
use burn::module::Module;
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor};

/// One network's memory and its view of the test set.
#[derive(Clone)]
struct SeedMemory {
    memory: ResidualMemory,
    /// Base test probabilities `[test, 10]`.
    test_probabilities: Tensor<2>,
    /// Test embeddings `[test, D]`.
    test_embedding: Tensor<2>,
}

/// A trained configuration: its base accuracies and each seed's memory, on the device.
#[derive(Clone)]
pub struct TrainedJob {
    job: usize,
    width: usize,
    epochs: usize,
    base_train: Vec<f64>,
    base_test: Vec<f64>,
    seeds: Vec<SeedMemory>,
    test_labels: Vec<u8>,
}

/// Trains configuration `job` (task `job + 1` of the run; the playground is task 0) and fits
/// its memories: those, the trained networks and their steps. `None` if the control stopped the run.
#[allow(clippy::too_many_arguments)]
pub async fn train<C: Control>(
    config: &ResMemConfig,
    job: usize,
    (width, epochs): (usize, usize),
    data: &DeviceSet,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    answerer: &impl Answerer,
) -> Result<Option<(TrainedJob, BatchedMlp, usize)>, EngineError> {
    let models = config.seeds;
    let model = initial(config, width, data.dim, device);
    let learner = Learner { model, optimizer: Optimizer::Sgd(Sgd::new(config.learning_rate)) };
    let trainer_config = TrainerConfig {
        sets: vec![(0..TRAIN_SIZE).collect(); models],
        orders: (0..models as u64).map(|m| Rng::for_component(config.data_seed, "resmem-order", m)).collect(),
        batch_size: config.batch_size,
        epochs,
        task: job + 1,
        total_steps: config.total_steps(),
        loss: Loss::SoftmaxCrossEntropy,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    for _ in 0..epochs {
        if trainer.epoch(data, control, emit, step, answerer).await? {
            return Ok(None);
        }
    }
    let model = trainer.model().clone();
    let trained = TrainedJob::new(&model.valid(), config, job, (width, epochs), data).await?;
    Ok(Some((trained, model, trainer.steps())))
}

/// Configuration `job`'s batch of networks of `width` before training, for inputs of `dim` features.
pub fn initial(config: &ResMemConfig, width: usize, dim: usize, device: &Device) -> BatchedMlp {
    let init_seeds: Vec<u64> = (0..config.seeds as u64)
        .map(|m| Rng::for_component(config.init_seed, "resmem-init", m).next_u64())
        .collect();
    MlpConfig { inputs: dim, hidden: width, classes: digits::CLASSES }.init(&init_seeds, device)
}

/// Base probabilities `[M, N, 10]` and hidden activations `[M, N, H]` of every network on every digit.
fn through(model: &BatchedMlp, data: &DeviceSet) -> (Tensor<3>, Tensor<3>) {
    let models = model.models();
    let device = model.w1.val().device();
    let all = data.inputs.clone().to_device(&device).unsqueeze_dim::<3>(0).repeat_dim(0, models); // [M, N, dim]
    let hidden = model.hidden(all); // [M, N, H]
    (softmax(model.head(hidden.clone()), 2), hidden)
}

/// Network `i`'s memory, fitted on the training digits, and its test view.
fn seed_memory(
    i: usize,
    probabilities: &Tensor<3>,
    hidden: &Tensor<3>,
    data: &DeviceSet,
    embedding: Embedding,
) -> SeedMemory {
    let [_, n, classes] = probabilities.dims();
    let width = hidden.dims()[2];
    let test_size = n - TRAIN_SIZE;
    let probs = probabilities.clone().narrow(0, i, 1).reshape([n, classes]); // [N, 10]
    let (keys, normalise) = match embedding {
        Embedding::Penultimate => (hidden.clone().narrow(0, i, 1).reshape([n, width]), true), // [N, H]
        Embedding::Input => (data.inputs.clone().to_device(&probabilities.device()), false),  // [N, dim]
    };
    let memory = ResidualMemory::fit(
        keys.clone().narrow(0, 0, TRAIN_SIZE),
        probs.clone().narrow(0, 0, TRAIN_SIZE),
        &data.labels[..TRAIN_SIZE],
        normalise,
    );
    SeedMemory {
        memory,
        test_probabilities: probs.narrow(0, TRAIN_SIZE, test_size),
        test_embedding: keys.narrow(0, TRAIN_SIZE, test_size),
    }
}

impl TrainedJob {
    /// The configuration `job` of trained `model`: its base accuracies and each seed's memory.
    pub async fn new(
        model: &BatchedMlp,
        config: &ResMemConfig,
        job: usize,
        (width, epochs): (usize, usize),
        data: &DeviceSet,
    ) -> Result<Self, EngineError> {
        let (probabilities, hidden) = through(model, data);
        let n = data.labels.len();
        let base = read_ints(probabilities.clone().argmax(2)).await?; // [M·N]
        let (train_labels, test_labels) = data.labels.split_at(TRAIN_SIZE);
        let mut trained = TrainedJob {
            job,
            width,
            epochs,
            base_train: Vec::new(),
            base_test: Vec::new(),
            seeds: Vec::new(),
            test_labels: test_labels.to_vec(),
        };
        for i in 0..config.seeds {
            let predicted = &base[i * n..(i + 1) * n];
            trained.base_train.push(accuracy(&predicted[..TRAIN_SIZE], train_labels));
            trained.base_test.push(accuracy(&predicted[TRAIN_SIZE..], test_labels));
            trained.seeds.push(seed_memory(i, &probabilities, &hidden, data, config.embedding));
        }
        Ok(trained)
    }

    /// Base and ResMem accuracies at (k, σ).
    pub async fn measure(&self, k: usize, sigma: f64) -> Result<Measurement, EngineError> {
        let mut resmem_test = Vec::with_capacity(self.seeds.len());
        for seed in &self.seeds {
            let corrected = seed.memory.predict(
                seed.test_probabilities.clone(),
                seed.test_embedding.clone(),
                k,
                sigma as f32,
            );
            resmem_test.push(accuracy(&read_ints(corrected.argmax(1)).await?, &self.test_labels));
        }
        Ok(Measurement {
            job: self.job,
            width: self.width,
            epochs: self.epochs,
            k,
            sigma,
            base_train: self.base_train.clone(),
            base_test: self.base_test.clone(),
            resmem_test,
        })
    }
}

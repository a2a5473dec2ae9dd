//! The sweep: for each (width, epochs) configuration, train `seeds` MLPs at once as one batched
//! model, then fit each one's residual memory on the training set and compare base and ResMem
//! accuracy on the test set.

use super::config::{Embedding, ResMemConfig, TRAIN_SIZE};
use crate::data::digits::{self, Digits};
use crate::engine::{Backend, EngineError, read_ints};
use crate::experiments::{Control, Event, NoAnswers, StepReport, after_step};
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::models::resmem::ResidualMemory;
use crate::rng::Rng;
use crate::training::loss::batched_cross_entropy;
use crate::training::optim::Sgd;
use burn::module::Module;
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// One configuration measured: base and ResMem accuracies of each seed's network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Index of the configuration in [`ResMemConfig::jobs`].
    pub job: usize,
    /// Hidden width.
    pub width: usize,
    /// Epochs of base training.
    pub epochs: usize,
    /// Base training accuracy per seed.
    pub base_train: Vec<f64>,
    /// Base test accuracy per seed.
    pub base_test: Vec<f64>,
    /// ResMem test accuracy per seed.
    pub resmem_test: Vec<f64>,
}

impl Measurement {
    /// Mean test-accuracy gain of ResMem over the base, in accuracy (not points).
    pub fn mean_gain(&self) -> f64 {
        let n = self.base_test.len().max(1) as f64;
        self.resmem_test.iter().zip(&self.base_test).map(|(r, b)| r - b).sum::<f64>() / n
    }

    /// Mean base training accuracy.
    pub fn mean_base_train(&self) -> f64 {
        self.base_train.iter().sum::<f64>() / self.base_train.len().max(1) as f64
    }
}

/// The digits on the device.
struct DeviceData {
    /// All images `[1797, dim]`.
    inputs: Tensor<2>,
    /// One-hot labels `[1797, 10]`.
    targets: Tensor<2>,
    labels: Vec<u8>,
    dim: usize,
}

/// Runs the sweep. Emits `Started`, `Progress`, one `ResMem` measurement per configuration,
/// then `Finished` (or `Stopped`). Returns the measurements.
pub async fn run<C: Control>(
    config: &ResMemConfig,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Vec<Measurement>, EngineError> {
    let set = Digits::load().map_err(EngineError)?.features(config.resolution);
    let data = DeviceData {
        inputs: Tensor::from_data(TensorData::new(set.inputs.clone(), [set.len(), set.dim]), device),
        targets: Tensor::from_data(TensorData::new(set.one_hot(), [set.len(), set.classes]), device),
        labels: set.labels.clone(),
        dim: set.dim,
    };
    let total_steps = config.total_steps();
    emit(Event::Started { backend, total_steps });
    let started = Instant::now();
    let mut step = 0u64;
    let mut results = Vec::new();
    for (job, (width, epochs)) in config.jobs().into_iter().enumerate() {
        let Some(model) = train(config, job, width, epochs, &data, device, control, emit, &mut step).await?
        else {
            emit(Event::Stopped { step });
            return Ok(results);
        };
        let measurement = measure(&model.valid(), config, job, width, epochs, &data, device).await?;
        emit(Event::ResMem(measurement.clone()));
        results.push(measurement);
    }
    emit(Event::Finished { steps: step, seconds: started.elapsed().as_secs_f64() });
    Ok(results)
}

/// Trains `config.seeds` base networks of one configuration; `None` if stopped.
#[allow(clippy::too_many_arguments)]
async fn train<C: Control>(
    config: &ResMemConfig,
    job: usize,
    width: usize,
    epochs: usize,
    data: &DeviceData,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
) -> Result<Option<BatchedMlp>, EngineError> {
    let models = config.seeds;
    let init_seeds: Vec<u64> = (0..models as u64)
        .map(|m| Rng::for_component(config.init_seed, "resmem-init", m).next_u64())
        .collect();
    let mut orders: Vec<Rng> =
        (0..models as u64).map(|m| Rng::for_component(config.data_seed, "resmem-order", m)).collect();
    let mut model =
        MlpConfig { inputs: data.dim, hidden: width, classes: digits::CLASSES }.init(&init_seeds, device);
    let mut sgd = Sgd::new(config.learning_rate);
    let steps_per_epoch = config.steps_per_epoch();
    let job_steps = steps_per_epoch * epochs;
    let report_every = (job_steps / 100).max(1);
    let total_steps = config.total_steps();
    let mut job_step = 0usize;
    for _ in 0..epochs {
        let perms: Vec<Vec<usize>> = orders.iter_mut().map(|r| r.permutation(TRAIN_SIZE)).collect();
        for b in 0..steps_per_epoch {
            let lo = b * config.batch_size;
            let hi = (lo + config.batch_size).min(TRAIN_SIZE);
            let indices: Vec<i64> = perms.iter().flat_map(|p| p[lo..hi].iter().map(|&i| i as i64)).collect();
            let idx = Tensor::<1, Int>::from_data(TensorData::new(indices.clone(), [indices.len()]), device);
            let inputs = data.inputs.clone().select(0, idx.clone()).reshape([models, hi - lo, data.dim]);
            let targets = data.targets.clone().select(0, idx).reshape([models, hi - lo, digits::CLASSES]);
            let per_model = batched_cross_entropy(model.forward(inputs), targets); // [M]
            let last_loss = per_model.clone().detach();
            model = sgd.step(model, per_model.sum());
            *step += 1;
            job_step += 1;
            let due = (job_step - 1).is_multiple_of(report_every) || job_step == job_steps;
            let report = StepReport { task: job, step: *step, total_steps, losses: last_loss };
            if after_step(control, emit, due, report, &NoAnswers).await? {
                return Ok(None);
            }
        }
    }
    Ok(Some(model))
}

/// Fraction of `predicted` equal to `labels`.
fn accuracy(predicted: &[i64], labels: &[u8]) -> f64 {
    predicted.iter().zip(labels).filter(|(p, y)| **p == i64::from(**y)).count() as f64 / labels.len() as f64
}

/// Base and ResMem accuracies of each network of a trained configuration.
async fn measure(
    model: &BatchedMlp,
    config: &ResMemConfig,
    job: usize,
    width: usize,
    epochs: usize,
    data: &DeviceData,
    device: &Device,
) -> Result<Measurement, EngineError> {
    let device = &device.clone().without_autodiff();
    let models = config.seeds;
    let n = data.labels.len();
    let all = data.inputs.clone().unsqueeze_dim::<3>(0).repeat_dim(0, models); // [M, N, dim]
    let hidden = model.hidden(all.clone()); // [M, N, H]
    let probabilities = softmax(model.head(hidden.clone()), 2); // [M, N, 10]
    let base = read_ints(probabilities.clone().argmax(2)).await?; // [M·N]
    let (train_labels, test_labels) = data.labels.split_at(TRAIN_SIZE);
    let test_size = n - TRAIN_SIZE;
    let mut m =
        Measurement { job, width, epochs, base_train: vec![], base_test: vec![], resmem_test: vec![] };
    for i in 0..models {
        let predicted = &base[i * n..(i + 1) * n];
        m.base_train.push(accuracy(&predicted[..TRAIN_SIZE], train_labels));
        m.base_test.push(accuracy(&predicted[TRAIN_SIZE..], test_labels));
        let probs = probabilities.clone().narrow(0, i, 1).reshape([n, digits::CLASSES]); // [N, 10]
        let embedding = match config.embedding {
            Embedding::Penultimate => hidden.clone().narrow(0, i, 1).reshape([n, width]), // [N, H]
            Embedding::Input => data.inputs.clone().to_device(device),                    // [N, dim]
        };
        let memory = ResidualMemory::fit(
            embedding.clone().narrow(0, 0, TRAIN_SIZE),
            probs.clone().narrow(0, 0, TRAIN_SIZE),
            train_labels,
        );
        let corrected = memory.predict(
            probs.narrow(0, TRAIN_SIZE, test_size),
            embedding.narrow(0, TRAIN_SIZE, test_size),
            config.k,
            config.sigma,
        ); // [test, 10]
        let resmem = read_ints(corrected.argmax(1)).await?;
        m.resmem_test.push(accuracy(&resmem, test_labels));
    }
    Ok(m)
}

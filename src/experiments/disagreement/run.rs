//! The sweep itself: for each configuration, train `models` MLPs at once as one batched model,
//! and at each measurement epoch compare them on the unlabeled test set.

use super::config::{DisagreementConfig, Job, TEST_SIZE, TRAIN_POOL};
use crate::data::digits::{self, Digits};
use crate::engine::{Backend, EngineError, read_ints};
use crate::experiments::{Control, Event, NoAnswers, StepReport, after_step};
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::loss::batched_cross_entropy;
use crate::training::metrics::{Calibration, disagreement_rate, error_rate};
use crate::training::optim::Sgd;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// The measurements of one configuration at one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Index of the configuration in [`DisagreementConfig::jobs`].
    pub job: usize,
    /// Hidden width.
    pub width: usize,
    /// Training-set size.
    pub train_size: usize,
    /// Epochs trained.
    pub epoch: usize,
    /// Test error of each model (labels used only here).
    pub test_errors: Vec<f64>,
    /// Training error of each model on its own training set.
    pub train_errors: Vec<f64>,
    /// Every pair of models.
    pub pairs: Vec<Pair>,
    /// Class-aggregated calibration of the ensemble of the models, on the test set.
    pub calibration: Calibration,
}

/// Two models of one configuration, compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// First model's index.
    pub a: usize,
    /// Second model's index.
    pub b: usize,
    /// Fraction of test inputs on which they predict different classes (no labels needed).
    pub disagreement: f64,
    /// Mean of the two models' test errors.
    pub test_error: f64,
}

impl Checkpoint {
    /// Mean test error of the models.
    pub fn mean_test_error(&self) -> f64 {
        mean(&self.test_errors)
    }

    /// Mean disagreement over the pairs.
    pub fn mean_disagreement(&self) -> f64 {
        mean(&self.pairs.iter().map(|p| p.disagreement).collect::<Vec<_>>())
    }
}

pub(crate) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 }
}

/// Data on the device, shared by all configurations.
struct DeviceData {
    /// All images `[1797, dim]`.
    inputs: Tensor<2>,
    /// One-hot labels `[1797, 10]`.
    targets: Tensor<2>,
    labels: Vec<u8>,
    dim: usize,
}

/// Runs the sweep. Emits `Started`, `Progress`, one `Disagreement` per configuration and
/// measurement epoch, then `Finished` (or `Stopped`). Returns the checkpoints.
pub async fn run<C: Control>(
    config: &DisagreementConfig,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Vec<Checkpoint>, EngineError> {
    let digits = Digits::load().map_err(EngineError)?;
    let set = digits.features(config.resolution);
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
    for (index, job) in config.jobs().into_iter().enumerate() {
        let stopped =
            train_job(config, index, job, &data, device, control, emit, &mut step, &mut results).await?;
        if stopped {
            emit(Event::Stopped { step });
            return Ok(results);
        }
    }
    emit(Event::Finished { steps: step, seconds: started.elapsed().as_secs_f64() });
    Ok(results)
}

/// The training sets of the models of one configuration, as indices into the digits.
///
/// The pool (first 1,200 images) is shuffled once by `data_seed`; model `m` takes slice `m` of
/// it when the runs differ by data (disjoint sets), else slice 0.
pub fn training_sets(config: &DisagreementConfig, train_size: usize) -> Vec<Vec<usize>> {
    let pool = Rng::for_component(config.data_seed, "train-pool", 0).permutation(TRAIN_POOL);
    (0..config.models)
        .map(|m| {
            let slice = if config.randomness.varies_data() { m } else { 0 };
            pool[slice * train_size..(slice + 1) * train_size].to_vec()
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn train_job<C: Control>(
    config: &DisagreementConfig,
    index: usize,
    job: Job,
    data: &DeviceData,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    results: &mut Vec<Checkpoint>,
) -> Result<bool, EngineError> {
    let models = config.models;
    let randomness = config.randomness;
    let sets = training_sets(config, job.train_size);
    let init_seeds: Vec<u64> = (0..models as u64)
        .map(|m| {
            Rng::for_component(config.init_seed, "init", if randomness.varies_init() { m } else { 0 })
                .next_u64()
        })
        .collect();
    let mut orders: Vec<Rng> = (0..models as u64)
        .map(|m| Rng::for_component(config.data_seed, "order", if randomness.varies_order() { m } else { 0 }))
        .collect();
    let mlp = MlpConfig { inputs: data.dim, hidden: job.width, classes: digits::CLASSES };
    let mut model = mlp.init(&init_seeds, device);
    let mut sgd = Sgd::new(config.learning_rate);
    let checkpoints = config.checkpoints();
    let last_epoch = *checkpoints.last().unwrap_or(&0);
    let steps_per_epoch = config.steps_per_epoch(job.train_size);
    let job_steps = steps_per_epoch * last_epoch;
    let report_every = (job_steps / 100).max(1);
    let total_steps = config.total_steps();
    let mut job_step = 0usize;
    for epoch in 1..=last_epoch {
        // Each model's positions 0..n in its own (or the shared) order for this epoch.
        let perms: Vec<Vec<usize>> = orders.iter_mut().map(|r| r.permutation(job.train_size)).collect();
        for b in 0..steps_per_epoch {
            let lo = b * config.batch_size;
            let hi = (lo + config.batch_size).min(job.train_size);
            let indices: Vec<i64> = (0..models)
                .flat_map(|m| perms[m][lo..hi].iter().map(|&p| sets[m][p] as i64).collect::<Vec<_>>())
                .collect();
            let (inputs, targets) = gather(data, &indices, models, hi - lo, device);
            let per_model = batched_cross_entropy(model.forward(inputs), targets); // [M]
            let last_loss = per_model.clone().detach();
            model = sgd.step(model, per_model.sum());
            *step += 1;
            job_step += 1;
            let due = (job_step - 1).is_multiple_of(report_every) || job_step == job_steps;
            let report = StepReport { task: index, step: *step, total_steps, losses: last_loss };
            if after_step(control, emit, due, report, &NoAnswers).await? {
                return Ok(true);
            }
        }
        if checkpoints.contains(&epoch) {
            let checkpoint = measure(&model, config, index, job, epoch, &sets, data, device).await?;
            emit(Event::Disagreement(checkpoint.clone()));
            results.push(checkpoint);
        }
    }
    Ok(false)
}

/// Inputs `[M, B, dim]` and one-hot targets `[M, B, 10]` for the given digit indices (`M·B` of them).
fn gather(
    data: &DeviceData,
    indices: &[i64],
    models: usize,
    batch: usize,
    device: &Device,
) -> (Tensor<3>, Tensor<3>) {
    let idx = Tensor::<1, Int>::from_data(TensorData::new(indices.to_vec(), [indices.len()]), device);
    let inputs = data.inputs.clone().select(0, idx.clone()).reshape([models, batch, data.dim]);
    let targets = data.targets.clone().select(0, idx).reshape([models, batch, digits::CLASSES]);
    (inputs, targets)
}

/// Predicted classes `[M][n]` of every model on the given digit indices (each model its own list).
async fn predict(
    model: &BatchedMlp,
    data: &DeviceData,
    sets: &[Vec<usize>],
    device: &Device,
) -> Result<Vec<Vec<u8>>, EngineError> {
    let models = sets.len();
    let n = sets[0].len();
    let indices: Vec<i64> = sets.iter().flatten().map(|&i| i as i64).collect();
    let (inputs, _) = gather(data, &indices, models, n, device);
    let classes = model.forward(inputs.detach()).argmax(2); // [M, n, 1]
    let flat = read_ints(classes).await?;
    Ok(flat.chunks(n).map(|c| c.iter().map(|&k| k as u8).collect()).collect())
}

#[allow(clippy::too_many_arguments)]
async fn measure(
    model: &BatchedMlp,
    config: &DisagreementConfig,
    job_index: usize,
    job: Job,
    epoch: usize,
    sets: &[Vec<usize>],
    data: &DeviceData,
    device: &Device,
) -> Result<Checkpoint, EngineError> {
    let test: Vec<usize> = (TRAIN_POOL..TRAIN_POOL + TEST_SIZE).collect();
    let test_labels = &data.labels[TRAIN_POOL..];
    let test_preds = predict(model, data, &vec![test; config.models], device).await?;
    let train_preds = predict(model, data, sets, device).await?;
    let test_errors: Vec<f64> = test_preds.iter().map(|p| error_rate(p, test_labels)).collect();
    let train_errors: Vec<f64> = train_preds
        .iter()
        .zip(sets)
        .map(|(p, set)| error_rate(p, &set.iter().map(|&i| data.labels[i]).collect::<Vec<_>>()))
        .collect();
    let mut pairs = Vec::new();
    for a in 0..config.models {
        for b in a + 1..config.models {
            pairs.push(Pair {
                a,
                b,
                disagreement: disagreement_rate(&test_preds[a], &test_preds[b]),
                test_error: (test_errors[a] + test_errors[b]) / 2.0,
            });
        }
    }
    let calibration = Calibration::of_ensemble(&test_preds, test_labels, digits::CLASSES);
    Ok(Checkpoint {
        job: job_index,
        width: job.width,
        train_size: job.train_size,
        epoch,
        test_errors,
        train_errors,
        pairs,
        calibration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::block_on;
    use crate::experiments::disagreement::Randomness;
    use crate::experiments::{Flow, RunToEnd};

    fn tiny(randomness: Randomness) -> DisagreementConfig {
        DisagreementConfig {
            widths: vec![16],
            train_sizes: vec![40],
            epochs: vec![1, 3],
            models: 3,
            randomness,
            ..Default::default()
        }
    }

    #[test]
    fn training_sets_follow_the_source_of_randomness() {
        let diff = training_sets(&tiny(Randomness::DiffData), 40);
        assert!(diff[0].iter().all(|i| !diff[1].contains(i) && !diff[2].contains(i)));
        assert!(diff.iter().flatten().all(|&i| i < TRAIN_POOL));
        let same = training_sets(&tiny(Randomness::DiffOrder), 40);
        assert_eq!(same[0], same[1]);
    }

    #[test]
    fn a_tiny_run_emits_every_event_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = tiny(Randomness::AllDiff);
        let mut events = Vec::new();
        let a = block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        assert_eq!(a.len(), 2);
        assert!(matches!(events[0], Event::Started { total_steps: 15, .. }));
        assert!(matches!(events.last(), Some(Event::Finished { steps: 15, .. })));
        assert_eq!(events.iter().filter(|e| matches!(e, Event::Disagreement(_))).count(), 2);
        let c = &a[1];
        assert_eq!(c.pairs.len(), 3);
        assert_eq!(c.test_errors.len(), 3);
        assert_eq!(c.calibration.examples, TEST_SIZE as u64);
        assert!(c.test_errors.iter().all(|e| (0.0..1.0).contains(e)));
        let b = block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!(a, b, "same seeds, same backend: same numbers");
    }

    /// Asks for a report after every step (as a paused worker does) and stops after `stop_after`.
    struct ReportEachStep {
        asked: std::cell::Cell<u32>,
        stop_after: u32,
    }

    impl Control for ReportEachStep {
        async fn between_steps(&self) -> Flow {
            let asked = self.asked.get() + 1;
            self.asked.set(asked);
            match asked % 3 {
                // Report twice (the second must not duplicate), then go on or stop.
                1 | 2 => Flow::Report,
                _ if asked / 3 >= self.stop_after => Flow::Stop,
                _ => Flow::Run,
            }
        }
    }

    #[test]
    fn report_requests_report_each_step_once_and_stop_is_honoured() {
        let device = Device::flex().autodiff();
        let config = DisagreementConfig { epochs: vec![3], ..tiny(Randomness::AllDiff) };
        let control = ReportEachStep { asked: std::cell::Cell::new(0), stop_after: 7 };
        let mut steps = Vec::new();
        let mut stopped = None;
        block_on(run(&config, Backend::Flex, &device, &control, &mut |e| match e {
            Event::Progress { step, .. } => steps.push(step),
            Event::Stopped { step } => stopped = Some(step),
            _ => {}
        }))
        .unwrap();
        assert_eq!(steps, (1..=7).collect::<Vec<u64>>());
        assert_eq!(stopped, Some(7));
    }

    #[test]
    fn diff_init_models_are_different_networks() {
        let device = Device::flex().autodiff();
        let config = DisagreementConfig { epochs: vec![1], ..tiny(Randomness::DiffInit) };
        let r = block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert!(r[0].pairs.iter().any(|p| p.disagreement > 0.0));
    }
}

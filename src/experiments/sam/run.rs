//! The run: SGD and SAM networks trained side by side — the same initialisations, the same
//! batches — with their training accuracy and both probes measured every few epochs.

use super::config::SamConfig;
use crate::data::Labelled;
use crate::data::digits::Digits;
use crate::data::easy_hard::{self, DIM, Split};
use crate::engine::{Backend, EngineError, read_floats, read_ints};
use crate::experiments::{Control, Event, NoAnswers, StepReport, after_step};
use crate::models::deep_mlp::{self, BatchedDeepMlp};
use crate::rng::Rng;
use crate::training::epochs::DeviceSet;
use crate::training::loss::batched_cross_entropy;
use crate::training::metrics::{accuracy, mean};
use crate::training::optim::Sgd;
use crate::training::probe::Probe;
use crate::training::sam::{NormScope, Sam};
use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// Layer widths of the network: 72 inputs, 64 and 16 hidden ReLU units, 2 classes.
pub const WIDTHS: [usize; 4] = [DIM, 64, 16, 2];
/// Width of the probed (penultimate) layer.
const FEATURES: usize = 16;

/// Which optimiser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Plain SGD.
    Sgd,
    /// Sharpness-aware minimisation around the same SGD.
    Sam,
}

/// One method's networks measured after an epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Which optimiser.
    pub method: Method,
    /// Epochs trained.
    pub epoch: usize,
    /// ρ in the last epoch (0 for SGD).
    pub rho: f64,
    /// Training accuracy per seed.
    pub train_accuracy: Vec<f64>,
    /// Probe-test accuracy of a linear probe for the hard label (the digit), per seed.
    pub hard_probe: Vec<f64>,
    /// Probe-test accuracy of a linear probe for the easy label, per seed.
    pub easy_probe: Vec<f64>,
}

impl Checkpoint {
    /// Mean training accuracy.
    pub fn mean_train(&self) -> f64 {
        mean(&self.train_accuracy)
    }

    /// Mean hard-probe accuracy.
    pub fn mean_hard(&self) -> f64 {
        mean(&self.hard_probe)
    }

    /// Mean easy-probe accuracy.
    pub fn mean_easy(&self) -> f64 {
        mean(&self.easy_probe)
    }
}

/// A split on the device for measuring (training accuracy, probes), with both labels on the host.
struct ProbeSet {
    inputs: Tensor<2>,
    hard: Vec<u8>,
    easy: Vec<u8>,
}

impl ProbeSet {
    fn new(split: &Split, device: &Device) -> Self {
        let inputs = Tensor::from_data(TensorData::new(split.inputs.clone(), [split.len(), DIM]), device);
        Self { inputs, hard: split.hard.clone(), easy: split.easy.clone() }
    }
}

/// Runs SGD and SAM side by side. Emits `Started`, `Progress` (task 0 SGD, task 1 SAM), a `Sam`
/// checkpoint per method every `probe_every` epochs, then `Finished` (or `Stopped`).
pub async fn run<C: Control>(
    config: &SamConfig,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Vec<Checkpoint>, EngineError> {
    let digits = Digits::load().map_err(EngineError)?;
    let data = easy_hard::build(&digits, config.strength as f32, config.absent, config.data_seed);
    let train = DeviceSet::new(
        &Labelled {
            inputs: data.train.inputs.clone(),
            labels: data.train.hard.clone(),
            dim: DIM,
            classes: 2,
        },
        device,
    );
    let inner = device.clone().without_autodiff();
    let train_eval = ProbeSet::new(&data.train, &inner);
    let probe_train = ProbeSet::new(&data.probe_train, &inner);
    let probe_test = ProbeSet::new(&data.probe_test, &inner);
    let seeds: Vec<u64> = (0..config.seeds as u64)
        .map(|m| Rng::for_component(config.init_seed, "sam-init", m).next_u64())
        .collect();
    let mut sgd_model = deep_mlp::init(&WIDTHS, &seeds, device);
    let mut sam_model = deep_mlp::init(&WIDTHS, &seeds, device);
    let mut sgd = Sgd::new(config.learning_rate);
    let mut sam = Sam::new(config.learning_rate, 0.0, NormScope::PerModel);
    let mut orders: Vec<Rng> =
        (0..config.seeds as u64).map(|m| Rng::for_component(config.data_seed, "sam-order", m)).collect();
    let total_steps = config.total_steps();
    emit(Event::Started { backend, total_steps });
    let started = Instant::now();
    let report_every = ((total_steps / 2) / 100).max(1);
    let (mut step, mut taken) = (0u64, 0u64);
    let mut results = Vec::new();
    let n = easy_hard::TRAIN;
    let models = config.seeds;
    let batch = config.batch_size.max(1);
    for epoch in 1..=config.epochs {
        sam.rho = config.rho_at(epoch);
        let perms: Vec<Vec<usize>> = orders.iter_mut().map(|r| r.permutation(n)).collect();
        for lo in (0..n).step_by(batch) {
            let hi = (lo + batch).min(n);
            let indices: Vec<i64> = perms.iter().flat_map(|p| p[lo..hi].iter().map(|&i| i as i64)).collect();
            let (inputs, targets) = train.gather(&indices, models, hi - lo);
            taken += 1;
            let due = (taken - 1).is_multiple_of(report_every) || taken == total_steps / 2;
            let (next, losses) = sgd_step(&mut sgd, sgd_model, inputs.clone(), targets.clone());
            sgd_model = next;
            step += 1;
            if after_step(control, emit, due, StepReport { task: 0, step, total_steps, losses }, &NoAnswers)
                .await?
            {
                emit(Event::Stopped { step });
                return Ok(results);
            }
            let (next, losses) =
                sam.step(sam_model, |m| batched_cross_entropy(m.forward(inputs.clone()), targets.clone()));
            sam_model = next;
            step += 1;
            if after_step(control, emit, due, StepReport { task: 1, step, total_steps, losses }, &NoAnswers)
                .await?
            {
                emit(Event::Stopped { step });
                return Ok(results);
            }
        }
        if epoch % config.probe_every == 0 || epoch == config.epochs {
            for (method, model, rho) in [(Method::Sgd, &sgd_model, 0.0), (Method::Sam, &sam_model, sam.rho)] {
                let checkpoint = measure(
                    &model.valid(),
                    method,
                    epoch,
                    rho,
                    config,
                    &train_eval,
                    &probe_train,
                    &probe_test,
                )
                .await?;
                emit(Event::Sam(checkpoint.clone()));
                results.push(checkpoint);
            }
        }
    }
    emit(Event::Finished { steps: step, seconds: started.elapsed().as_secs_f64() });
    Ok(results)
}

/// One SGD step of every network on its batch; also each network's loss `[M]`.
fn sgd_step(
    sgd: &mut Sgd,
    model: BatchedDeepMlp,
    inputs: Tensor<3>,
    targets: Tensor<3>,
) -> (BatchedDeepMlp, Tensor<1>) {
    let per_model = batched_cross_entropy(model.forward(inputs), targets); // [M]
    let losses = per_model.clone().detach();
    (sgd.step(model, per_model.sum()), losses)
}

/// `inputs [N, DIM]` repeated for each of `models` networks: `[M, N, DIM]`.
fn for_each_model(inputs: &Tensor<2>, models: usize) -> Tensor<3> {
    inputs.clone().unsqueeze_dim::<3>(0).repeat_dim(0, models)
}

#[allow(clippy::too_many_arguments)]
async fn measure(
    model: &BatchedDeepMlp,
    method: Method,
    epoch: usize,
    rho: f64,
    config: &SamConfig,
    train: &ProbeSet,
    probe_train: &ProbeSet,
    probe_test: &ProbeSet,
) -> Result<Checkpoint, EngineError> {
    let models = config.seeds;
    let predicted = read_ints(model.forward(for_each_model(&train.inputs, models)).argmax(2)).await?; // [M·N]
    let fit_features = read_floats(model.features(for_each_model(&probe_train.inputs, models))).await?; // [M·n·16]
    let test_features = read_floats(model.features(for_each_model(&probe_test.inputs, models))).await?;
    let (n, nf, nt) = (train.hard.len(), probe_train.hard.len(), probe_test.hard.len());
    let mut checkpoint =
        Checkpoint { method, epoch, rho, train_accuracy: vec![], hard_probe: vec![], easy_probe: vec![] };
    for m in 0..models {
        checkpoint.train_accuracy.push(accuracy(&predicted[m * n..(m + 1) * n], &train.hard));
        let fit = &fit_features[m * nf * FEATURES..(m + 1) * nf * FEATURES];
        let test = &test_features[m * nt * FEATURES..(m + 1) * nt * FEATURES];
        let hard = Probe::fit(fit, FEATURES, &probe_train.hard, config.probe_c);
        checkpoint.hard_probe.push(hard.accuracy(test, &probe_test.hard));
        let easy = Probe::fit(fit, FEATURES, &probe_train.easy, config.probe_c);
        checkpoint.easy_probe.push(easy.accuracy(test, &probe_test.easy));
    }
    Ok(checkpoint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::block_on;
    use crate::experiments::RunToEnd;

    #[test]
    fn a_tiny_run_measures_both_methods_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = SamConfig { epochs: 2, probe_every: 1, seeds: 2, batch_size: 128, ..Default::default() };
        let mut events = Vec::new();
        let a = block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        assert_eq!(config.total_steps(), 2 * 2 * 8);
        assert!(matches!(events.last(), Some(Event::Finished { steps: 32, .. })));
        let methods: Vec<(Method, usize)> = a.iter().map(|c| (c.method, c.epoch)).collect();
        assert_eq!(methods, [(Method::Sgd, 1), (Method::Sam, 1), (Method::Sgd, 2), (Method::Sam, 2)]);
        // Epoch 1 has ρ = 0 (the ramp starts at 0): SAM is exactly SGD there.
        assert_eq!(a[0].train_accuracy, a[1].train_accuracy);
        assert_eq!(a[0].hard_probe, a[1].hard_probe);
        assert!(a[3].rho > 0.0);
        for c in &a {
            assert_eq!(c.hard_probe.len(), 2);
            assert!(c.hard_probe.iter().chain(&c.easy_probe).all(|p| (0.0..=1.0).contains(p)));
        }
        let b = block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!(a, b, "same seeds, same numbers");
    }
}

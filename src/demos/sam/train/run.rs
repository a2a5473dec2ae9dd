//! The run: SGD and SAM networks trained side by side — the same initialisations, the same
//! batches — with their training accuracy and both probes measured every few epochs.

use crate::data::Labelled;
use crate::data::digits::Digits;
use crate::data::easy_hard::{self, DIM, Split};
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::keep::KeptModels;
use crate::demos::sam::{Checkpoint, Method, SamConfig};
use crate::demos::{Control, Event, NoAnswers, Ran};
use crate::engine::{EngineError, read_floats, read_ints};
use crate::metrics::accuracy;
use crate::models::deep_mlp::{self, BatchedDeepMlp};
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::{Optimizer, Sgd};
use crate::training::probe::Probe;
use crate::training::sam::{NormScope, Sam};
use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

/// Layer widths of the network: 72 inputs, 64 and 16 hidden ReLU units, 2 classes.
pub const WIDTHS: [usize; 4] = [DIM, 64, 16, 2];
/// Width of the probed (penultimate) layer.
const FEATURES: usize = 16;

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

/// Runs SGD and SAM side by side: each batch, an SGD step (task 0) then a SAM step (task 1) on
/// it, from the same initialisations. Emits `Progress` and a result (a [`Checkpoint`]) per method
/// every `probe_every` epochs. Returns the checkpoints.
pub async fn run<C: Control>(
    config: &SamConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Checkpoint>, KeptModels<BatchedDeepMlp>>, EngineError> {
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
    let seeds = init_seeds(config);
    let learners = vec![
        Learner {
            model: deep_mlp::init(&WIDTHS, &seeds, device),
            optimizer: Optimizer::Sgd(Sgd::new(config.learning_rate)),
        },
        Learner {
            model: deep_mlp::init(&WIDTHS, &seeds, device),
            optimizer: Optimizer::Sam(Sam::new(config.learning_rate, 0.0, NormScope::PerModel)),
        },
    ];
    let mut trainer = EpochTrainer::new(
        TrainerConfig {
            sets: vec![(0..easy_hard::TRAIN).collect(); config.seeds],
            orders: (0..config.seeds as u64)
                .map(|m| Rng::for_component(config.data_seed, "sam-order", m))
                .collect(),
            batch_size: config.batch_size,
            epochs: config.epochs,
            task: 0,
            total_steps: config.total_steps(),
            loss: Loss::SoftmaxCrossEntropy,
        },
        learners,
    );
    let mut step = 0u64;
    let mut results = Vec::new();
    for epoch in 1..=config.epochs {
        let rho = config.rho_at(epoch);
        if let Optimizer::Sam(sam) = &mut trainer.learners[1].optimizer {
            sam.rho = rho;
        }
        if trainer.epoch(&train, control, emit, &mut step, &NoAnswers).await? {
            return Ok(Ran { results, steps: step, stopped: true, trained: KeptModels::default() });
        }
        if epoch % config.probe_every == 0 || epoch == config.epochs {
            for (learner, method, rho) in [(0, Method::Sgd, 0.0), (1, Method::Sam, rho)] {
                let model = trainer.learners[learner].model.valid();
                let sets = (&train_eval, &probe_train, &probe_test);
                let checkpoint = measure(&model, method, epoch, rho, config, sets).await?;
                emit(Event::result(checkpoint.clone()));
                results.push(checkpoint);
            }
        }
    }
    let steps = trainer.steps();
    let models =
        trainer.learners.into_iter().zip(["sgd", "sam"]).map(|(l, name)| (name.into(), steps, l.model));
    Ok(Ran { results, steps: step, stopped: false, trained: KeptModels { models: models.collect() } })
}

/// The SGD and SAM networks of `config` before training (the shapes a kept run loads into).
pub fn initial(config: &SamConfig, device: &Device) -> Vec<(String, BatchedDeepMlp)> {
    let seeds = init_seeds(config);
    ["sgd", "sam"]
        .into_iter()
        .map(|name| (name.to_string(), deep_mlp::init(&WIDTHS, &seeds, device)))
        .collect()
}

/// Each network's initialisation seed.
fn init_seeds(config: &SamConfig) -> Vec<u64> {
    (0..config.seeds as u64).map(|m| Rng::for_component(config.init_seed, "sam-init", m).next_u64()).collect()
}

/// `inputs [N, DIM]` repeated for each of `models` networks: `[M, N, DIM]`.
fn for_each_model(inputs: &Tensor<2>, models: usize) -> Tensor<3> {
    inputs.clone().unsqueeze_dim::<3>(0).repeat_dim(0, models)
}

/// Each network's training accuracy and both probes' test accuracies, on the sets
/// `(training, probe fitting, probe testing)`.
async fn measure(
    model: &BatchedDeepMlp,
    method: Method,
    epoch: usize,
    rho: f64,
    config: &SamConfig,
    (train, probe_train, probe_test): (&ProbeSet, &ProbeSet, &ProbeSet),
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

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::RunToEnd;
    use crate::engine::block_on;

    #[test]
    fn a_tiny_run_measures_both_methods_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = SamConfig { epochs: 2, probe_every: 1, seeds: 2, batch_size: 128, ..Default::default() };
        let mut events = Vec::new();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        assert_eq!(config.total_steps(), 2 * 2 * 8);
        assert_eq!((ran.steps, ran.stopped), (32, false));
        let progress: Vec<usize> = events
            .iter()
            .filter_map(|e| if let Event::Progress { task, .. } = e { Some(*task) } else { None })
            .collect();
        assert_eq!(&progress[..2], [0, 1], "SGD then SAM on the first batch");
        let a = ran.results;
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
        let b = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        assert_eq!(a, b, "same seeds, same numbers");
    }
}

//! The sweep itself: for each configuration, train `models` MLPs at once as one batched model,
//! and at each measurement epoch compare them on the unlabeled test set.

use crate::data::digits::{self, Digits};
use crate::demos::disagreement::{Checkpoint, DisagreementConfig, Job, Pair, TEST_SIZE, TRAIN_POOL};
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::keep::KeptModels;
use crate::demos::{Control, Event, NoAnswers, Ran};
use crate::engine::{EngineError, read_ints};
use crate::metrics::{Calibration, disagreement_rate, error_rate};
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::{Optimizer, Sgd};
use burn::module::Module;
use burn::tensor::Device;

/// Runs the sweep: emits `Progress` and one result (a [`Checkpoint`]) per configuration and
/// measurement epoch. Returns the checkpoints.
pub async fn run<C: Control>(
    config: &DisagreementConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Checkpoint>, KeptModels<BatchedMlp>>, EngineError> {
    let digits = Digits::load().map_err(EngineError)?;
    let data = DeviceSet::new(&digits.features(config.resolution), device);
    let mut step = 0u64;
    let mut results = Vec::new();
    let mut kept = Vec::new();
    for (index, job) in config.jobs().into_iter().enumerate() {
        let trained =
            train_job(config, index, job, &data, device, control, emit, &mut step, &mut results).await?;
        let Some((model, steps)) = trained else {
            return Ok(Ran { results, steps: step, stopped: true, trained: KeptModels::default() });
        };
        kept.push((job_name(job), steps, model));
    }
    Ok(Ran { results, steps: step, stopped: false, trained: KeptModels { models: kept } })
}

/// A configuration's name in file names: `w<width>-n<train size>`.
pub(super) fn job_name(job: Job) -> String {
    format!("w{}-n{}", job.width, job.train_size)
}

/// The batch of `config.models` networks of `job` before training, for inputs of `dim` features.
pub(super) fn initial(config: &DisagreementConfig, job: Job, dim: usize, device: &Device) -> BatchedMlp {
    let varies = config.randomness.varies_init();
    let init_seeds: Vec<u64> = (0..config.models as u64)
        .map(|m| Rng::for_component(config.init_seed, "init", if varies { m } else { 0 }).next_u64())
        .collect();
    MlpConfig { inputs: dim, hidden: job.width, classes: digits::CLASSES }.init(&init_seeds, device)
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
    data: &DeviceSet,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    results: &mut Vec<Checkpoint>,
) -> Result<Option<(BatchedMlp, usize)>, EngineError> {
    let models = config.models;
    let randomness = config.randomness;
    let sets = training_sets(config, job.train_size);
    let orders: Vec<Rng> = (0..models as u64)
        .map(|m| Rng::for_component(config.data_seed, "order", if randomness.varies_order() { m } else { 0 }))
        .collect();
    let learner = Learner {
        model: initial(config, job, data.dim, device),
        optimizer: Optimizer::Sgd(Sgd::new(config.learning_rate)),
    };
    let checkpoints = config.checkpoints();
    let last_epoch = *checkpoints.last().unwrap_or(&0);
    let trainer_config = TrainerConfig {
        sets: sets.clone(),
        orders,
        batch_size: config.batch_size,
        epochs: last_epoch,
        task: index,
        total_steps: config.total_steps(),
        loss: Loss::SoftmaxCrossEntropy,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    for epoch in 1..=last_epoch {
        if trainer.epoch(data, control, emit, step, &NoAnswers).await? {
            return Ok(None);
        }
        if checkpoints.contains(&epoch) {
            let checkpoint = measure(trainer.model(), config, index, job, epoch, &sets, data).await?;
            emit(Event::result(checkpoint.clone()));
            results.push(checkpoint);
        }
    }
    Ok(Some((trainer.model().clone(), trainer.steps())))
}

/// Predicted classes `[M][n]` of every model on the given digit indices (each model its own list).
async fn predict(
    model: &BatchedMlp,
    data: &DeviceSet,
    sets: &[Vec<usize>],
) -> Result<Vec<Vec<u8>>, EngineError> {
    let models = sets.len();
    let n = sets[0].len();
    let indices: Vec<i64> = sets.iter().flatten().map(|&i| i as i64).collect();
    let (inputs, _) = data.gather(&indices, models, n);
    // Without autodiff: no graph is kept for a backward pass that never comes.
    let classes = model.valid().forward(inputs.without_autodiff()).argmax(2); // [M, n, 1]
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
    data: &DeviceSet,
) -> Result<Checkpoint, EngineError> {
    let test: Vec<usize> = (TRAIN_POOL..TRAIN_POOL + TEST_SIZE).collect();
    let test_labels = &data.labels[TRAIN_POOL..];
    let test_preds = predict(model, data, &vec![test; config.models]).await?;
    let train_preds = predict(model, data, sets).await?;
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

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::disagreement::{Disagreement, Randomness};
    use crate::demos::train::drive;
    use crate::demos::{Flow, RunToEnd};
    use crate::engine::{Backend, block_on};

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
    fn every_configurations_networks_are_kept_and_load_back() {
        use crate::demos::Train;
        use crate::demos::keep::assert_round_trip;
        let config = DisagreementConfig { widths: vec![16, 32], ..tiny(Randomness::DiffInit) };
        let device = Device::flex().autodiff();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        let files = assert_round_trip(&ran.trained, |f| block_on(Disagreement::load(&config, f, &device)));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["w16-n40.safetensors", "w32-n40.safetensors"]);
        assert_eq!(files.iter().map(|f| f.step as u64).sum::<u64>(), ran.steps, "each batch its own steps");
        let more = DisagreementConfig { models: 4, ..config };
        let err =
            block_on(Disagreement::load(&more, &files, &device)).err().expect("four networks are not three");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
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
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        let a = ran.results;
        assert_eq!(a.len(), 2);
        assert_eq!((ran.steps, ran.stopped, config.total_steps()), (15, false, 15));
        assert_eq!(events.iter().filter(|e| matches!(e, Event::Result(_))).count(), 2);
        let c = &a[1];
        assert_eq!(c.pairs.len(), 3);
        assert_eq!(c.test_errors.len(), 3);
        assert_eq!(c.calibration.examples, TEST_SIZE as u64);
        assert!(c.test_errors.iter().all(|e| (0.0..1.0).contains(e)));
        let b = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
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
        let mut emit = |e| match e {
            Event::Progress { step, .. } => steps.push(step),
            Event::Stopped { step } => stopped = Some(step),
            _ => {}
        };
        block_on(drive::<Disagreement, _>(&config, Backend::Flex, &device, &control, &mut emit));
        assert_eq!(steps, (1..=7).collect::<Vec<u64>>());
        assert_eq!(stopped, Some(7));
    }

    #[test]
    fn diff_init_models_are_different_networks() {
        let device = Device::flex().autodiff();
        let config = DisagreementConfig { epochs: vec![1], ..tiny(Randomness::DiffInit) };
        let r = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        assert!(r[0].pairs.iter().any(|p| p.disagreement > 0.0));
    }
}

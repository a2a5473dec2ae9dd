//! The run: the linear view first (host arithmetic, at once), then every seed's teacher trained
//! by Adam on its own flipped labels (the seeds as one batch of MLPs), then every student, from
//! its own initialisation, on its teacher's probabilities over the same training points; then both
//! measured. Between steps and after the run, the linear view answers [`Query::Distillation`] for
//! any number of steps.

use super::measure::{Measurement, probabilities_tensor};
use crate::data::digits::{CLASSES, Digits, Resolution};
use crate::data::{Labelled, flip_labels};
use crate::demos::distillation::DistillationQuery;
use crate::demos::distillation::{DistillationConfig, LinearView, OptimizerChoice, Report};
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Answerer, Control, Event, Query, Ran};
use crate::engine::{EngineError, read_floats};
use crate::models::deep_mlp::{self, BatchedDeepMlp};
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::{AdamW, Optimizer, Sgd};
use burn::tensor::Device;
use web_time::Instant;

/// How many times the students are measured while they train (and once more at the end): the
/// classifier view and its claims' values show from the first tenth of the students' epochs on.
const STUDENT_CHECKPOINTS: usize = 10;

/// What answers after (and during) the run: the linear view at any T.
pub struct Trained {
    config: DistillationConfig,
    /// The seeds' teachers and students, once trained (`teacher.safetensors`, `student.safetensors`).
    networks: KeptModels<BatchedDeepMlp>,
}

impl Trained {
    /// The linear view at `steps`.
    pub fn linear(&self, steps: usize) -> LinearView {
        let setup = self.config.linear(steps.clamp(1, 10_000));
        LinearView { steps: setup.steps, step_size: setup.step, directions: setup.run() }
    }
}

impl Answerer for Trained {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        match query {
            Query::Distillation(DistillationQuery { steps }) => {
                Ok(Event::result(Report::Linear(self.linear(steps))))
            }
            other => Ok(Event::Error { message: format!("the distillation demo cannot answer {other:?}") }),
        }
    }

    async fn save(&self, header: &serde_json::Value) -> Result<Vec<SavedFile>, EngineError> {
        self.networks.save(header).await
    }
}

/// The seeds' networks of `role` ("teacher", "student") before training.
fn initial(config: &DistillationConfig, role: &str, device: &Device) -> BatchedDeepMlp {
    let seeds: Vec<u64> =
        (0..config.seeds as u64).map(|k| Rng::for_component(config.init_seed, role, k).next_u64()).collect();
    deep_mlp::init(&config.layers(), &seeds, device)
}

/// The trained networks of `config` from `files` (the answers come from the closed form).
pub fn load(
    config: &DistillationConfig,
    files: &[SavedFile],
    device: &Device,
) -> Result<Trained, EngineError> {
    let shapes = ROLES.iter().map(|&role| (role.to_string(), initial(config, role, device))).collect();
    Ok(Trained { config: config.clone(), networks: KeptModels::load(files, shapes)? })
}

/// The two batches of networks, in the order they train.
const ROLES: [&str; 2] = ["teacher", "student"];

/// The digits split: (training set, test set), pixels / 16, from a seeded permutation.
fn split(config: &DistillationConfig) -> Result<(Labelled, Labelled), EngineError> {
    let mut all = Digits::load().map_err(EngineError)?.features(Resolution::Raw8);
    all.inputs.iter_mut().for_each(|p| *p /= 16.0);
    let order = Rng::for_component(config.data_seed, "distillation-split", 0).permutation(all.len());
    let pick = |rows: &[usize]| Labelled {
        inputs: rows
            .iter()
            .flat_map(|&i| all.inputs[i * all.dim..(i + 1) * all.dim].iter().copied())
            .collect(),
        labels: rows.iter().map(|&i| all.labels[i]).collect(),
        dim: all.dim,
        classes: all.classes,
    };
    Ok((pick(&order[..config.train_size]), pick(&order[config.train_size..])))
}

/// Runs both views: emits the linear view, `Progress` (task 0 the teachers, 1 the students) and
/// the classifier view.
pub async fn run<C: Control>(
    config: &DistillationConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Report>, Trained>, EngineError> {
    let trained = Trained { config: config.clone(), networks: KeptModels::default() };
    let mut results = vec![Report::Linear(trained.linear(config.linear_steps))];
    emit(Event::result(results[0].clone()));
    let started = Instant::now();
    let (train, test) = split(config)?;
    let (n, m) = (train.len(), config.seeds);
    // Every seed's copy of the training set with its own flipped labels: rows k·n..(k+1)·n.
    let flips: Vec<(Vec<u8>, Vec<bool>)> = (0..m)
        .map(|k| {
            let mut rng = Rng::for_component(config.data_seed, "distillation-flip", k as u64);
            flip_labels(&train.labels, CLASSES, config.flip_fraction, &mut rng)
        })
        .collect();
    let replicated = Labelled {
        inputs: train.inputs.repeat(m),
        labels: flips.iter().flat_map(|(given, _)| given.iter().copied()).collect(),
        dim: train.dim,
        classes: train.classes,
    };
    let labelled = DeviceSet::new(&replicated, device);
    let sets: Vec<Vec<usize>> = (0..m).map(|k| (k * n..(k + 1) * n).collect()).collect();
    let mut step = 0u64;
    let teacher_phases = [(&labelled, Loss::SoftmaxCrossEntropy, config.epochs)];
    let no_checkpoints = async |_: usize, _: &BatchedDeepMlp| Ok(None);
    let Some(teacher) = train_batch(
        config,
        0,
        "teacher",
        &teacher_phases,
        &sets,
        control,
        emit,
        &mut step,
        &trained,
        no_checkpoints,
    )
    .await?
    else {
        return Ok(Ran { results, steps: step, stopped: true, trained });
    };
    let teacher_steps = step;
    // The students' targets: each teacher's probabilities at the temperature on its own copy,
    // on the device. A read keeps the teacher's graph out of the students' steps.
    let targets = probabilities_tensor(&teacher, &labelled.inputs, m, n, config.temperature).autodiff(); // [M·n, 10]
    let _ = read_floats(targets.clone().slice([0..1, 0..1])).await?;
    let soft = DeviceSet {
        inputs: labelled.inputs.clone(),
        targets,
        labels: replicated.labels.clone(),
        dim: train.dim,
        classes: CLASSES,
    };
    let temperature = config.temperature as f32;
    // The student learns the given labels for `switch_epoch` epochs, then its teacher.
    let phases = [
        (&labelled, Loss::SoftmaxCrossEntropy, config.switch_epoch),
        (&soft, Loss::SoftCrossEntropy { temperature }, config.student_epochs - config.switch_epoch),
    ];
    let measurement = Measurement::new(&teacher, &labelled, &test, &flips, started, device).await?;
    let every = (config.student_epochs / STUDENT_CHECKPOINTS).max(1);
    let mut measured = Vec::new();
    let checkpoint = async |epochs: usize, student: &BatchedDeepMlp| {
        if !epochs.is_multiple_of(every) && epochs != config.student_epochs {
            return Ok(None);
        }
        let view = Report::Classifier(measurement.classifier(student, epochs).await?);
        measured.push(view.clone());
        Ok(Some(view))
    };
    let student =
        train_batch(config, 1, "student", &phases, &sets, control, emit, &mut step, &trained, checkpoint)
            .await?;
    // Every measurement is a result; the last is the students' after all their epochs.
    results.extend(measured);
    let Some(student) = student else { return Ok(Ran { results, steps: step, stopped: true, trained }) };
    let student_steps = (step - teacher_steps) as usize;
    let networks =
        vec![(ROLES[0].into(), teacher_steps as usize, teacher), (ROLES[1].into(), student_steps, student)];
    let trained = Trained { networks: KeptModels { models: networks }, ..trained };
    Ok(Ran { results, steps: step, stopped: false, trained })
}

/// Trains the seeds' networks of one role (network k on `sets[k]`) through `phases`: each a
/// set, the loss on it and its epochs, in turn. After each epoch `checkpoint` is given the epochs
/// done and the networks, and what it reports is emitted. `None` when the control stopped the run.
#[allow(clippy::too_many_arguments)]
async fn train_batch<C: Control>(
    config: &DistillationConfig,
    task: usize,
    role: &str,
    phases: &[(&DeviceSet, Loss, usize)],
    sets: &[Vec<usize>],
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    trained: &Trained,
    checkpoint: impl AsyncFnMut(usize, &BatchedDeepMlp) -> Result<Option<Report>, EngineError>,
) -> Result<Option<BatchedDeepMlp>, EngineError> {
    let m = sets.len() as u64;
    let optimizer = match config.optimizer {
        OptimizerChoice::Adam => Optimizer::AdamW(AdamW::adam(config.learning_rate)),
        OptimizerChoice::SgdMomentum => {
            Optimizer::Sgd(Sgd::with_momentum(config.learning_rate, OptimizerChoice::MOMENTUM))
        }
    };
    let learner = Learner { model: initial(config, role, &phases[0].0.inputs.device()), optimizer };
    let trainer_config = TrainerConfig {
        sets: sets.to_vec(),
        orders: (0..m).map(|k| Rng::for_component(config.data_seed, &format!("{role}-order"), k)).collect(),
        batch_size: config.batch_size,
        epochs: phases.iter().map(|p| p.2).sum(),
        task,
        total_steps: config.total_steps(),
        loss: phases[0].1,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    let mut checkpoint = checkpoint;
    let mut done = 0;
    for &(data, loss, epochs) in phases {
        trainer.set_loss(loss);
        for _ in 0..epochs {
            if trainer.epoch(data, control, emit, step, trained).await? {
                return Ok(None);
            }
            done += 1;
            if let Some(report) = checkpoint(done, trainer.model()).await? {
                emit(Event::result(report));
            }
        }
    }
    Ok(Some(trainer.model().clone()))
}

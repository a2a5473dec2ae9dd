//! The sweep: for each m (smallest first) one network from the same initialisation, trained by
//! plain SGD epoch by epoch until `stop_fraction` of its training points have the target margin,
//! then measured on fresh points and on S′. The trained networks stay, and answer
//! [`Query::UniformConvergence`] with slices through other training points.

use super::slice::{Plane, surface};
use crate::data::Labelled;
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::uniform_convergence::UniformConvergenceQuery;
use crate::demos::uniform_convergence::{
    GRID, Measurement, Report, Slice, TEST_SIZE, UniformConvergenceConfig, slice_points,
};
use crate::demos::{Answerer, Control, Event, Query, Ran};
use crate::engine::{EngineError, read_floats};
use crate::metrics::error_rate;
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::{Optimizer, Sgd};
use burn::module::Module;
use burn::tensor::{Device, Tensor};
use std::cell::RefCell;
use web_time::Instant;

/// Rows per forward pass when measuring (bounds the hidden activations held at once).
const CHUNK: usize = 1024;

/// What a run returns: every measurement and the last slice.
pub struct Outcome {
    /// One per m, in order.
    pub measurements: Vec<Measurement>,
    /// The slice drawn after the last m.
    pub slice: Option<Slice>,
}

/// The trained networks (those finished so far), which draw slices without retraining.
pub struct Trained {
    /// Each network: its m, the optimiser steps it took, the network.
    pub(super) networks: RefCell<Vec<(usize, u64, BatchedMlp)>>,
    /// The training pool (each m trains on its first m points).
    pub(super) train: Labelled,
    radii: [f32; 2],
    smallest: usize,
    device: Device,
}

impl Trained {
    /// No network yet, for `config` on `device`.
    pub(super) fn new(config: &UniformConvergenceConfig, device: &Device) -> Self {
        let (sizes, spheres) = (config.sizes(), config.spheres());
        let largest = sizes.last().copied().unwrap_or(0);
        Trained {
            networks: RefCell::new(Vec::new()),
            train: spheres.sample(config.data_seed, "train", largest),
            radii: spheres.radii,
            smallest: sizes.first().copied().unwrap_or(0),
            device: device.clone(),
        }
    }

    /// Every finished network's surface on the plane through training point `point` (brought
    /// into every network's training set, [`slice_points`]) and its neighbour of the other class.
    pub async fn slice(&self, point: usize) -> Result<Slice, EngineError> {
        let (point, other) = slice_points(point, self.smallest);
        let plane = Plane::through(&self.train, point, other, self.radii);
        let view = 1.25 * self.radii[0].max(self.radii[1]);
        let inputs = plane.inputs(view);
        let networks = self.networks.borrow().clone();
        let mut surfaces = Vec::with_capacity(networks.len());
        for (m, _, model) in &networks {
            surfaces.push(surface(model, &inputs, self.train.dim, *m, &self.device).await?);
        }
        Ok(Slice { point, other, grid: GRID, view, radii: self.radii, points: plane.points, surfaces })
    }
}

impl Answerer for Trained {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        match query {
            Query::UniformConvergence(UniformConvergenceQuery { point }) => {
                Ok(Event::result(Report::Slice(self.slice(point).await?)))
            }
            other => {
                Ok(Event::Error { message: format!("the uniform-convergence demo cannot answer {other:?}") })
            }
        }
    }

    async fn save(
        &self,
        header: &serde_json::Value,
    ) -> Result<Vec<crate::demos::keep::SavedFile>, EngineError> {
        super::keep::save(self, header).await
    }
}

/// Runs the sweep: emits `Progress`, a [`Report::Measurement`] per m and a [`Report::Slice`]
/// after each m.
pub async fn run<C: Control>(
    config: &UniformConvergenceConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Outcome, Trained>, EngineError> {
    let (sizes, spheres) = (config.sizes(), config.spheres());
    let test = DeviceSet::new(&spheres.sample(config.data_seed, "test", TEST_SIZE), device);
    let trained = Trained::new(config, device);
    let pool = trained.train.clone();
    // Every m starts from these weights; the measurements compare against them.
    let initial = initial_network(config, device);
    let mut outcome = Outcome { measurements: Vec::new(), slice: None };
    let mut step = 0u64;
    for (task, &m) in sizes.iter().enumerate() {
        let (started, first_step) = (Instant::now(), step);
        let train = prefix(&pool, m);
        let data = DeviceSet::new(&train, device);
        let projected = DeviceSet::new(&spheres.project(&train), device);
        let Some((model, epochs, margins)) =
            train_one(config, task, m, &initial, &data, control, emit, &mut step, &trained).await?
        else {
            return Ok(Ran { results: outcome, steps: step, stopped: true, trained });
        };
        let mut measurement = measure(&model, &initial, &data, &test, &projected, config, margins).await?;
        measurement.epochs = epochs;
        measurement.seconds = started.elapsed().as_secs_f64();
        emit(Event::result(Report::Measurement(measurement.clone())));
        outcome.measurements.push(measurement);
        trained.networks.borrow_mut().push((m, step - first_step, model));
        let slice = trained.slice(0).await?;
        emit(Event::result(Report::Slice(slice.clone())));
        outcome.slice = Some(slice);
    }
    Ok(Ran { results: outcome, steps: step, stopped: false, trained })
}

/// The first `m` points of `pool`.
fn prefix(pool: &Labelled, m: usize) -> Labelled {
    Labelled {
        inputs: pool.inputs[..m * pool.dim].to_vec(),
        labels: pool.labels[..m].to_vec(),
        dim: pool.dim,
        classes: pool.classes,
    }
}

/// The network every m starts from.
pub(super) fn initial_network(config: &UniformConvergenceConfig, device: &Device) -> BatchedMlp {
    let seed = Rng::for_component(config.init_seed, "init", 0).next_u64();
    MlpConfig { inputs: config.dim, hidden: config.width, classes: 2 }.init_glorot(&[seed], device)
}

/// Trains the network of one m: returns it, the epochs taken and its final training margins, or
/// `None` when the control stopped the run.
#[allow(clippy::too_many_arguments)]
async fn train_one<C: Control>(
    config: &UniformConvergenceConfig,
    task: usize,
    m: usize,
    initial: &BatchedMlp,
    data: &DeviceSet,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
    trained: &Trained,
) -> Result<Option<(BatchedMlp, usize, Vec<f32>)>, EngineError> {
    let learner =
        Learner { model: initial.clone(), optimizer: Optimizer::Sgd(Sgd::new(config.learning_rate)) };
    let trainer_config = TrainerConfig {
        sets: vec![(0..m).collect()],
        // Keyed by m, not by the task's position: a split run orders batches as the whole run.
        orders: vec![Rng::for_component(config.data_seed, "order", m as u64)],
        batch_size: config.batch_size,
        epochs: config.max_epochs,
        task,
        total_steps: config.total_steps(),
        loss: Loss::SigmoidCrossEntropy,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    for epoch in 1..=config.max_epochs {
        if trainer.epoch(data, control, emit, step, trained).await? {
            return Ok(None);
        }
        let margins = margins(trainer.model(), data).await?;
        let reached = margins.iter().filter(|&&g| f64::from(g) >= config.margin).count();
        if reached as f64 >= config.stop_fraction * m as f64 || epoch == config.max_epochs {
            return Ok(Some((trainer.model().clone(), epoch, margins)));
        }
    }
    unreachable!("max_epochs ≥ 1 (the settings table's bound)")
}

/// Logits `[n, 2]` (row-major) of the network on every row of `inputs [n, d]`, in chunks.
async fn logits(model: &BatchedMlp, inputs: &Tensor<2>) -> Result<Vec<f32>, EngineError> {
    let n = inputs.dims()[0];
    // Without autodiff: on an autodiff model every chunk's activations would be kept for a
    // backward pass that never comes (tests/cost.rs measured 555 MB at the defaults).
    let (model, inputs) = (model.valid(), inputs.clone().without_autodiff());
    let mut out = Vec::with_capacity(n * 2);
    for lo in (0..n).step_by(CHUNK) {
        let rows = CHUNK.min(n - lo);
        out.extend(read_floats(chunk_logits(&model, &inputs, lo, rows)).await?);
    }
    Ok(out)
}

/// `inputs[lo..lo + rows]` → logits `[1, rows, 2]`. (Tensor code out of the async state machine.)
#[inline(never)]
fn chunk_logits(model: &BatchedMlp, inputs: &Tensor<2>, lo: usize, rows: usize) -> Tensor<3> {
    model.forward(inputs.clone().narrow(0, lo, rows).unsqueeze_dim::<3>(0).detach())
}

/// Each row's margin: the logit of its label minus the other logit.
async fn margins(model: &BatchedMlp, data: &DeviceSet) -> Result<Vec<f32>, EngineError> {
    let z = logits(model, &data.inputs).await?;
    Ok(data.labels.iter().enumerate().map(|(i, &y)| margin_of(&z[2 * i..2 * i + 2], y)).collect())
}

fn margin_of(z: &[f32], label: u8) -> f32 {
    if label == 1 { z[1] - z[0] } else { z[0] - z[1] }
}

/// Predicted classes of every row of `set`.
async fn classes(model: &BatchedMlp, set: &DeviceSet) -> Result<Vec<u8>, EngineError> {
    let z = logits(model, &set.inputs).await?;
    Ok(z.chunks(2).map(|z| u8::from(z[1] > z[0])).collect())
}

/// ‖a − b‖_F and ‖a‖_F. (Tensor code out of the async state machine.)
#[inline(never)]
fn squared_norms(a: Tensor<3>, b: Tensor<3>) -> Tensor<1> {
    let distance = (a.clone() - b).square().sum();
    let norm = a.square().sum();
    Tensor::cat(vec![distance, norm], 0)
}

async fn measure(
    model: &BatchedMlp,
    initial: &BatchedMlp,
    train: &DeviceSet,
    test: &DeviceSet,
    projected: &DeviceSet,
    config: &UniformConvergenceConfig,
    margins: Vec<f32>,
) -> Result<Measurement, EngineError> {
    let hidden = read_floats(squared_norms(model.w1.val().detach(), initial.w1.val().detach())).await?;
    let output = read_floats(squared_norms(model.w2.val().detach(), initial.w2.val().detach())).await?;
    let m = train.labels.len();
    let mut sorted = margins.clone();
    sorted.sort_by(f32::total_cmp);
    let reached = margins.iter().filter(|&&g| f64::from(g) >= config.margin).count() as f64 / m as f64;
    let train_error = margins.iter().filter(|&&g| g <= 0.0).count() as f64 / m as f64;
    Ok(Measurement {
        train_size: m,
        epochs: 0,
        reached: reached >= config.stop_fraction,
        margin_share: reached,
        median_margin: f64::from(sorted[m / 2]),
        train_error,
        test_error: error_rate(&classes(model, test).await?, &test.labels),
        projected_error: error_rate(&classes(model, projected).await?, &projected.labels),
        distance_hidden: f64::from(hidden[0]).sqrt(),
        distance_output: f64::from(output[0]).sqrt(),
        norm_product: f64::from(hidden[1]).sqrt() * f64::from(output[1]).sqrt(),
        seconds: 0.0,
    })
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::uniform_convergence::UniformConvergence;
    use crate::demos::{Registered, RunToEnd};
    use crate::engine::block_on;

    fn tiny() -> UniformConvergenceConfig {
        UniformConvergenceConfig {
            dim: 10,
            width: 32,
            train_sizes: vec![64, 16],
            max_epochs: 30,
            margin: 2.0,
            batch_size: 16,
            ..Default::default()
        }
    }

    #[test]
    fn a_tiny_sweep_reports_every_m_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = tiny();
        let mut events = Vec::new();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        let a = ran.results.measurements;
        assert_eq!(a.iter().map(|m| m.train_size).collect::<Vec<_>>(), vec![16, 64]);
        assert!(!ran.stopped);
        assert_eq!(ran.steps, (a[0].epochs + 4 * a[1].epochs) as u64, "1 and 4 steps per epoch");
        println!("{a:?}");
        for m in &a {
            assert!(m.epochs <= 30 && (0.0..=1.0).contains(&m.test_error), "{m:?}");
            assert!(!m.reached || m.margin_share >= 0.99, "{m:?}");
            assert!(m.distance_hidden > 0.0 && m.norm_product > 0.0, "{m:?}");
        }
        let results = events.iter().filter(|e| matches!(e, Event::Result(_))).count();
        assert_eq!(results, 4, "a measurement and a slice per m");
        let slice = ran.results.slice.unwrap();
        assert_eq!(slice.surfaces.len(), 2);
        assert_eq!(slice.surfaces[0].values.len(), GRID.pow(2));
        assert!(slice.surfaces[0].values.iter().all(|p| (0.0..=1.0).contains(p)));
        let b = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results.measurements;
        let timeless = |v: &[Measurement]| {
            v.iter().map(|m| Measurement { seconds: 0.0, ..m.clone() }).collect::<Vec<_>>()
        };
        assert_eq!(timeless(&a), timeless(&b), "same seeds, same backend: same numbers");
    }

    #[test]
    fn slices_answer_other_points_within_the_smallest_set() {
        let device = Device::flex().autodiff();
        let ran = block_on(run(&tiny(), &device, &RunToEnd, &mut |_| {})).unwrap();
        let Event::Result(result) =
            block_on(ran.trained.answer(Query::UniformConvergence(UniformConvergenceQuery { point: 5 })))
                .unwrap()
        else {
            panic!("not a result")
        };
        let slice = UniformConvergence::result_of(&result).unwrap().slice().unwrap().clone();
        assert_eq!((slice.point, slice.other), (5, 4));
        let far = block_on(ran.trained.slice(1000)).unwrap();
        assert_eq!((far.point, far.other), (15, 14), "brought below the smallest m (16)");
    }

    #[test]
    fn sizes_split_across_parts_measure_the_same() {
        let device = Device::flex().autodiff();
        let config = tiny();
        let whole = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        let parts = <UniformConvergence as crate::demos::Demo>::split(&config, 4);
        assert_eq!(
            parts.iter().map(|p| (p.config.train_sizes.clone(), p.first_task)).collect::<Vec<_>>(),
            vec![(vec![16], 0), (vec![64], 1)]
        );
        let second = block_on(run(&parts[1].config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        let timeless = |m: &Measurement| Measurement { seconds: 0.0, ..m.clone() };
        assert_eq!(timeless(&second.measurements[0]), timeless(&whole.measurements[1]));
        // The slice of the part's network is the whole run's, for the same point.
        let (a, b) = (second.slice.unwrap(), whole.slice.unwrap());
        assert_eq!((a.point, a.other, &a.points), (b.point, b.other, &b.points));
        assert_eq!(a.surfaces[0], b.surfaces[1]);
    }
}

//! Minibatch SGD for a batched MLP, one epoch at a time: the loop the MLP demos share. Each of
//! the `M` networks walks its own training set in its own seeded order; one optimiser step
//! updates all of them (their losses are summed, and no parameter is shared, so each network
//! gets exactly its own gradient).

use crate::data::Labelled;
use crate::engine::EngineError;
use crate::experiments::{Answerer, Control, Event, StepReport, after_step};
use crate::models::mlp::BatchedMlp;
use crate::rng::Rng;
use crate::training::loss::batched_cross_entropy;
use crate::training::optim::Sgd;
use burn::tensor::{Device, Int, Tensor, TensorData};

/// A labelled set on the device.
pub struct DeviceSet {
    /// Every example `[N, dim]`.
    pub inputs: Tensor<2>,
    /// One-hot labels `[N, classes]`.
    pub targets: Tensor<2>,
    /// Labels on the host.
    pub labels: Vec<u8>,
    /// Features per example.
    pub dim: usize,
    /// Classes.
    pub classes: usize,
}

impl DeviceSet {
    /// Uploads `set` to `device`.
    pub fn new(set: &Labelled, device: &Device) -> Self {
        Self {
            inputs: Tensor::from_data(TensorData::new(set.inputs.clone(), [set.len(), set.dim]), device),
            targets: Tensor::from_data(TensorData::new(set.one_hot(), [set.len(), set.classes]), device),
            labels: set.labels.clone(),
            dim: set.dim,
            classes: set.classes,
        }
    }

    /// Inputs `[M, B, dim]` and one-hot targets `[M, B, classes]` of the given examples
    /// (`M·B` indices, network by network).
    pub fn gather(&self, indices: &[i64], models: usize, batch: usize) -> (Tensor<3>, Tensor<3>) {
        let device = self.inputs.device();
        let idx = Tensor::<1, Int>::from_data(TensorData::new(indices.to_vec(), [indices.len()]), &device);
        let inputs = self.inputs.clone().select(0, idx.clone()).reshape([models, batch, self.dim]);
        let targets = self.targets.clone().select(0, idx).reshape([models, batch, self.classes]);
        (inputs, targets)
    }
}

/// Trains the networks of one task of a run, an epoch per call.
pub struct EpochTrainer {
    /// Each network's training examples (indices into the [`DeviceSet`]); all of equal length.
    sets: Vec<Vec<usize>>,
    /// Each network's batch order.
    orders: Vec<Rng>,
    sgd: Sgd,
    batch_size: usize,
    /// Index of the task, for progress events.
    task: usize,
    /// Steps the whole run takes, for progress events.
    total_steps: u64,
    /// Steps this task takes, and has taken.
    task_steps: usize,
    taken: usize,
    report_every: usize,
}

/// What [`EpochTrainer::new`] needs.
pub struct TrainerConfig {
    /// Each network's training examples; all of equal, non-zero length.
    pub sets: Vec<Vec<usize>>,
    /// Each network's batch order.
    pub orders: Vec<Rng>,
    /// SGD learning rate.
    pub learning_rate: f64,
    /// Examples per step.
    pub batch_size: usize,
    /// Epochs this task will train, for progress reporting (about 100 reports per task).
    pub epochs: usize,
    /// Index of the task.
    pub task: usize,
    /// Steps of the whole run.
    pub total_steps: u64,
}

impl EpochTrainer {
    /// A trainer for one task.
    pub fn new(config: TrainerConfig) -> Self {
        let batch_size = config.batch_size.max(1);
        let task_steps = steps_per_epoch(config.sets[0].len(), batch_size) * config.epochs;
        Self {
            sets: config.sets,
            orders: config.orders,
            sgd: Sgd::new(config.learning_rate),
            batch_size,
            task: config.task,
            total_steps: config.total_steps,
            task_steps,
            taken: 0,
            report_every: (task_steps / 100).max(1),
        }
    }

    /// One epoch: every network sees each of its examples once. `step` counts the run's steps;
    /// questions asked between steps go to `answerer`. Returns the model, or `None` when the
    /// control stopped the run.
    pub(crate) async fn epoch<C: Control>(
        &mut self,
        mut model: BatchedMlp,
        data: &DeviceSet,
        control: &C,
        emit: &mut impl FnMut(Event),
        step: &mut u64,
        answerer: &impl Answerer,
    ) -> Result<Option<BatchedMlp>, EngineError> {
        let models = self.sets.len();
        let n = self.sets[0].len();
        let perms: Vec<Vec<usize>> = self.orders.iter_mut().map(|r| r.permutation(n)).collect();
        for lo in (0..n).step_by(self.batch_size) {
            let hi = (lo + self.batch_size).min(n);
            let sets = &self.sets;
            let indices: Vec<i64> =
                (0..models).flat_map(|m| perms[m][lo..hi].iter().map(move |&p| sets[m][p] as i64)).collect();
            let (next, losses) = sgd_step(&mut self.sgd, model, data, &indices, models, hi - lo);
            model = next;
            *step += 1;
            self.taken += 1;
            let due = (self.taken - 1).is_multiple_of(self.report_every) || self.taken == self.task_steps;
            let report = StepReport { task: self.task, step: *step, total_steps: self.total_steps, losses };
            if after_step(control, emit, due, report, answerer).await? {
                return Ok(None);
            }
        }
        Ok(Some(model))
    }
}

/// One SGD step of every network on its batch; also returns each network's loss `[M]`.
/// (Kept out of the async loop: tensor code inlined into a future's state machine made release
/// builds take many minutes.)
fn sgd_step(
    sgd: &mut Sgd,
    model: BatchedMlp,
    data: &DeviceSet,
    indices: &[i64],
    models: usize,
    batch: usize,
) -> (BatchedMlp, Tensor<1>) {
    let (inputs, targets) = data.gather(indices, models, batch);
    let per_model = batched_cross_entropy(model.forward(inputs), targets); // [M]
    let losses = per_model.clone().detach();
    (sgd.step(model, per_model.sum()), losses)
}

/// Optimiser steps of one epoch over `n` examples.
pub fn steps_per_epoch(n: usize, batch_size: usize) -> usize {
    n.div_ceil(batch_size.max(1))
}

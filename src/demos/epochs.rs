//! Minibatch training in epochs: the one loop every demo that trains in epochs uses
//! (disagreement, ResMem, SAM). It is generic over the model (any [`BatchedClassifier`]: `M`
//! networks evaluated at once) and the optimiser ([`Optimizer`]: SGD, SAM, AdamW).
//!
//! A trainer holds one or more [`Learner`]s that see the same batches: the SAM demo trains an
//! SGD and a SAM learner side by side, each batch stepped by one then the other. Each of the
//! `M` networks of a learner walks its own training set in its own seeded order; one step
//! updates all of them (their losses are summed, and no parameter is shared, so each network
//! gets exactly its own gradient).

use crate::data::Labelled;
use crate::demos::{Answerer, Control, Event, StepReport, after_step};
use crate::engine::EngineError;
use crate::models::deep_mlp::BatchedDeepMlp;
use crate::models::mlp::BatchedMlp;
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::Optimizer;
use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::data::steps_per_epoch;

/// `M` classifiers evaluated at once: `inputs [M, B, in]` → `logits [M, B, classes]`.
pub trait BatchedClassifier: Module + Clone {
    /// The logits.
    fn logits(&self, inputs: Tensor<3>) -> Tensor<3>;
}

impl BatchedClassifier for BatchedMlp {
    fn logits(&self, inputs: Tensor<3>) -> Tensor<3> {
        self.forward(inputs)
    }
}

impl BatchedClassifier for BatchedDeepMlp {
    fn logits(&self, inputs: Tensor<3>) -> Tensor<3> {
        self.forward(inputs)
    }
}

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

/// A model and the optimiser that trains it.
pub struct Learner<M> {
    /// The `M` networks, as one batched model.
    pub model: M,
    /// Its optimiser.
    pub optimizer: Optimizer,
}

impl<M: BatchedClassifier> Learner<M> {
    /// One step on a batch; also returns each network's loss `[M]`, detached. The learner is
    /// taken by value so that the optimiser holds the only handle on the weights. (Kept out of
    /// the async loop: tensor code inlined into a future's state machine made release builds
    /// take many minutes.)
    #[inline(never)]
    fn step(mut self, loss: Loss, inputs: &Tensor<3>, targets: &Tensor<3>) -> (Self, Tensor<1>) {
        let (model, losses) =
            self.optimizer.step(self.model, |m: &M| loss.of(m.logits(inputs.clone()), targets.clone()));
        self.model = model;
        (self, losses)
    }
}

/// What [`EpochTrainer::new`] needs.
pub struct TrainerConfig {
    /// Each network's training examples (indices into the [`DeviceSet`]); all of equal,
    /// non-zero length.
    pub sets: Vec<Vec<usize>>,
    /// Each network's batch order.
    pub orders: Vec<Rng>,
    /// Examples per step.
    pub batch_size: usize,
    /// Epochs this trainer will train, for progress reporting (about 100 reports per learner).
    pub epochs: usize,
    /// Task index of the first learner (learner `i` reports as task `task + i`).
    pub task: usize,
    /// Steps of the whole run.
    pub total_steps: u64,
    /// The loss the learners minimise (softmax cross-entropy by default).
    pub loss: Loss,
}

/// Trains its learners an epoch per call, on the same batches.
pub struct EpochTrainer<M> {
    /// The learners, stepped in turn on each batch.
    pub learners: Vec<Learner<M>>,
    sets: Vec<Vec<usize>>,
    orders: Vec<Rng>,
    batch_size: usize,
    task: usize,
    total_steps: u64,
    loss: Loss,
    /// Batches a learner takes in all epochs, and has taken.
    task_steps: usize,
    taken: usize,
    report_every: usize,
}

impl<M: BatchedClassifier> EpochTrainer<M> {
    /// A trainer of `learners`.
    pub fn new(config: TrainerConfig, learners: Vec<Learner<M>>) -> Self {
        let batch_size = config.batch_size.max(1);
        let task_steps = steps_per_epoch(config.sets[0].len(), batch_size) * config.epochs;
        Self {
            learners,
            sets: config.sets,
            orders: config.orders,
            batch_size,
            task: config.task,
            total_steps: config.total_steps,
            loss: config.loss,
            task_steps,
            taken: 0,
            report_every: (task_steps / 100).max(1),
        }
    }

    /// Sets the loss of the next epochs (a run that changes its targets midway calls this, and
    /// passes the matching set to [`EpochTrainer::epoch`]).
    pub fn set_loss(&mut self, loss: Loss) {
        self.loss = loss;
    }

    /// The steps each learner has taken.
    pub fn steps(&self) -> usize {
        self.taken
    }

    /// The first learner's model.
    pub fn model(&self) -> &M {
        &self.learners[0].model
    }

    /// One epoch: every network sees each of its examples once. `step` counts the run's steps;
    /// questions asked between steps go to `answerer`. Returns `true` when the control stopped
    /// the run.
    pub(crate) async fn epoch<C: Control>(
        &mut self,
        data: &DeviceSet,
        control: &C,
        emit: &mut impl FnMut(Event),
        step: &mut u64,
        answerer: &impl Answerer,
    ) -> Result<bool, EngineError> {
        let models = self.sets.len();
        let n = self.sets[0].len();
        let perms: Vec<Vec<usize>> = self.orders.iter_mut().map(|r| r.permutation(n)).collect();
        for lo in (0..n).step_by(self.batch_size) {
            let hi = (lo + self.batch_size).min(n);
            let sets = &self.sets;
            let indices: Vec<i64> =
                (0..models).flat_map(|m| perms[m][lo..hi].iter().map(move |&p| sets[m][p] as i64)).collect();
            let (inputs, targets) = data.gather(&indices, models, hi - lo);
            self.taken += 1;
            let due = (self.taken - 1).is_multiple_of(self.report_every) || self.taken == self.task_steps;
            for i in 0..self.learners.len() {
                let (learner, losses) = self.learners.remove(i).step(self.loss, &inputs, &targets);
                self.learners.insert(i, learner);
                *step += 1;
                let report =
                    StepReport { task: self.task + i, step: *step, total_steps: self.total_steps, losses };
                if after_step(control, emit, due, report, answerer).await? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

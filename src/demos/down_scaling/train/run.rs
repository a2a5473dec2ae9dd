//! The run: each model of [`DownScalingConfig::tasks`] in turn, trained by Adam (one-cycle) on
//! fresh batches of closed-book facts and open-book questions, then measured: a full model at
//! every sparsity, a dense one as it is. The full models stay, and answer
//! [`Query::DownScaling`] at any sparsity.

use super::measure::{Exam, HostMatrices};
use crate::data::facts::{Facts, Questions};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::down_scaling::DownScalingQuery;
use crate::demos::down_scaling::{
    Answer, Book, DownScalingConfig, Example, Measured, Point, Report, Task, removed_share, token_text,
};
use crate::demos::resume::Trainee;
use crate::demos::{Answerer, Control, Event, Query, Ran, StepReport, after_step};
use crate::engine::EngineError;
use crate::models::shift_gpt::ShiftGpt;
use crate::rng::Rng;
use crate::training::optim::{AdamW, Optimizer};
use crate::training::schedule::one_cycle;
use burn::module::Module;
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};
use std::cell::RefCell;
use std::rc::Rc;
use web_time::Instant;

/// Examples of each kind an answer shows.
const EXAMPLES: usize = 6;

/// A trained full model, kept to answer.
pub(super) struct Kept {
    pub(super) seed: usize,
    /// Without autodiff.
    pub(super) model: ShiftGpt,
    pub(super) matrices: HostMatrices,
    pub(super) facts: Facts,
    pub(super) exam: Exam,
}

impl Kept {
    /// The model `model` of `task` (a full one), with what answering needs: its block matrices on the
    /// host, its facts and its held-out questions (from the seed's own stream).
    pub(super) async fn new(
        config: &DownScalingConfig,
        task: &Task,
        model: ShiftGpt,
    ) -> Result<Self, EngineError> {
        let (facts, exam) = exam_of(config, task);
        let matrices = HostMatrices::read(&model).await?;
        Ok(Self { seed: task.seed, model, matrices, facts, exam })
    }
}

/// The facts of `task`'s seed and its held-out questions, drawn from the seed's own stream.
fn exam_of(config: &DownScalingConfig, task: &Task) -> (Facts, Exam) {
    let facts = config.facts_of(task.seed);
    let mut held_out = Rng::for_component(config.data_seed, "held-out", task.seed as u64);
    let exam = Exam::new(&facts, facts.sample_open(config.eval_questions, &mut held_out));
    (facts, exam)
}

/// The full models trained so far, which are pruned again at any sparsity without retraining.
pub struct Trained {
    pub(super) kept: RefCell<Vec<Rc<Kept>>>,
    pub(super) device: Device,
    /// Optimiser steps of each model (in the kept files' headers: native only so far).
    pub(super) steps: usize,
}

impl Trained {
    /// Every kept model pruned to `sparsity` and measured; examples from the first one's.
    pub async fn at(&self, sparsity: f64) -> Result<Answer, EngineError> {
        let sparsity = sparsity.clamp(0.0, 0.99);
        let kept: Vec<Rc<Kept>> = self.kept.borrow().clone();
        let mut answer = Answer { sparsity, models: vec![], examples_seed: None, examples: vec![] };
        for k in kept.iter() {
            let pruned = k.matrices.pruned(&k.model, sparsity, &self.device);
            let (point, closed, open) = k.exam.take(&pruned, sparsity, &self.device).await?;
            answer.models.push((k.seed, point));
            if answer.examples_seed.is_none() {
                answer.examples_seed = Some(k.seed);
                answer.examples = examples(&k.facts, &k.exam, &closed, &open);
            }
        }
        Ok(answer)
    }
}

/// The first [`EXAMPLES`] questions of each kind with the model's answers.
fn examples(facts: &Facts, exam: &Exam, closed: &[u32], open: &[u32]) -> Vec<Example> {
    let text = |q: &Questions, i: usize| {
        q.tokens[i * q.seq..(i + 1) * q.seq]
            .iter()
            .map(|&t| token_text(t, facts.values, facts.keys))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let of = |book: Book, q: &Questions, predicted: &[u32]| -> Vec<Example> {
        (0..EXAMPLES.min(q.len()))
            .map(|i| Example { book, question: text(q, i), answer: q.answers[i], predicted: predicted[i] })
            .collect()
    };
    [of(Book::Closed, &exam.closed, closed), of(Book::Open, &exam.open, open)].concat()
}

impl Answerer for Trained {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        match query {
            Query::DownScaling(DownScalingQuery { sparsity }) if sparsity.is_finite() => {
                Ok(Event::result(Report::Answer(self.at(sparsity).await?)))
            }
            other => Ok(Event::Error { message: format!("the down-scaling demo cannot answer {other:?}") }),
        }
    }

    async fn save(
        &self,
        header: &serde_json::Value,
    ) -> Result<Vec<crate::demos::keep::SavedFile>, EngineError> {
        super::keep::save(self, header).await
    }
}

/// `task`'s model before its first step, with its optimiser and stream of questions.
pub(super) fn fresh(config: &DownScalingConfig, task: &Task, device: &Device) -> Trainee<ShiftGpt> {
    Trainee {
        name: "training".into(),
        model: config.model(task.width).init(config.init_seed, stream(task), device),
        optimizer: Optimizer::AdamW(AdamW::adam(config.learning_rate)),
        stream: Rng::for_component(config.data_seed, "questions", stream(task)),
        steps: 0,
    }
}

/// Index of a model's random streams: its seed and width.
pub(super) fn stream(task: &Task) -> u64 {
    ((task.seed as u64) << 16) | task.width as u64
}

/// Runs every model of `config`: emits `Progress` and a [`Report::Measured`] per model, and for a
/// full model one at each of [`DownScalingConfig::checkpoint_steps`] as well.
pub async fn run<C: Control>(
    config: &DownScalingConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Measured>, Trained>, EngineError> {
    run_from(config, None, device, control, emit).await
}

/// [`run`], from `checkpoint` if one is given (its results are not in the returned ones). After each
/// step, writes a checkpoint when the control asks ([`Control::checkpoint_due`]).
pub async fn run_from<C: Control>(
    config: &DownScalingConfig,
    checkpoint: Option<&Checkpoint>,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Measured>, Trained>, EngineError> {
    let eval_device = device.clone().without_autodiff();
    let trained =
        Trained { kept: RefCell::new(Vec::new()), device: eval_device.clone(), steps: config.steps };
    let mut resumed = match checkpoint {
        Some(c) => Some(super::resume::restore(config, c, device, &trained).await?),
        None => None,
    };
    let first = resumed.as_ref().map_or(0, |r| r.task);
    let total_steps = config.total_steps();
    let report_every = (config.steps / 100).clamp(1, 50);
    let sparsities = config.sparsity_fractions();
    let mut results = Vec::new();
    let checkpoints = config.checkpoint_steps();
    let tasks = config.tasks();
    let mut step = (first * config.steps) as u64;
    for (index, task) in tasks.iter().enumerate().skip(first) {
        let started = Instant::now();
        let (facts, exam) = exam_of(config, task);
        let (mut t, mut last_loss) = match resumed.take() {
            Some(r) => {
                step += r.trainee.steps as u64;
                (r.trainee, r.last_loss)
            }
            None => (fresh(config, task, device), 0.0),
        };
        let measured = |points, final_loss, checkpoint| Measured {
            task: index,
            seed: task.seed,
            width: task.width,
            dense: task.dense,
            block_weights: config.block_weights(task.width),
            final_loss,
            seconds: started.elapsed().as_secs_f64(),
            checkpoint,
            points,
        };
        for s in t.steps..config.steps {
            t.optimizer.set_learning_rate(one_cycle(s, config.steps, config.learning_rate));
            let closed = facts.sample_closed(config.closed_batch, &mut t.stream);
            let open = facts.sample_open(config.open_batch, &mut t.stream);
            let loss;
            (t.model, loss) = train_step(&mut t.optimizer, t.model, &closed, &open, device);
            (t.steps, step) = (t.steps + 1, step + 1);
            let due = s.is_multiple_of(report_every) || s + 1 == config.steps;
            let checkpoint = checkpoints.iter().find(|c| c.0 == s + 1).filter(|_| !task.dense);
            // The loss as measured so far: at a checkpoint, and after the last step.
            if s + 1 == config.steps || checkpoint.is_some() {
                last_loss = f64::from(crate::engine::read_floats(loss.clone()).await?[0]);
            }
            if let Some(&(_, every)) = checkpoint {
                // Measured while it trains: the same measurement on a copy without autodiff, at
                // every sparsity or at the first alone.
                let copy = t.model.clone().valid();
                let matrices = HostMatrices::read(&copy).await?;
                let sweep = if every { &sparsities[..] } else { &sparsities[..1.min(sparsities.len())] };
                let points = pruned_points(&copy, &matrices, &exam, sweep, &eval_device).await?;
                emit(Event::result(Report::Measured(measured(points, last_loss, Some(s + 1)))));
            }
            let report = StepReport { task: index, step, total_steps, losses: loss };
            if after_step(control, emit, due, report, &trained).await? {
                return Ok(Ran { results, steps: step, stopped: true, trained });
            }
            if control.checkpoint_due(index + 1 == tasks.len() && s + 1 == config.steps) {
                let files = super::resume::save(&trained, &t, index, last_loss).await?;
                emit(Event::Checkpoint(Checkpoint::new(step, files)));
            }
        }
        // Measured without autodiff.
        let model = t.model.valid();
        let matrices = HostMatrices::read(&model).await?;
        let points = if task.dense {
            let (mut point, _, _) = exam.take(&model, 0.0, &eval_device).await?;
            point.sparsity = removed_share(task.width, config.d_model);
            vec![point]
        } else {
            pruned_points(&model, &matrices, &exam, &sparsities, &eval_device).await?
        };
        let measured = measured(points, last_loss, None);
        emit(Event::result(Report::Measured(measured.clone())));
        results.push(measured);
        if !task.dense {
            trained.kept.borrow_mut().push(Rc::new(Kept { seed: task.seed, model, matrices, facts, exam }));
        }
    }
    Ok(Ran { results, steps: step, stopped: false, trained })
}

/// `model` (whose block matrices `matrices` are) pruned at every sparsity and measured.
async fn pruned_points(
    model: &ShiftGpt,
    matrices: &HostMatrices,
    exam: &Exam,
    sparsities: &[f64],
    device: &Device,
) -> Result<Vec<Point>, EngineError> {
    let mut points = Vec::with_capacity(sparsities.len());
    for &sparsity in sparsities {
        let pruned = matrices.pruned(model, sparsity, device);
        points.push(exam.take(&pruned, sparsity, device).await?.0);
    }
    Ok(points)
}

/// One Adam step on a batch of both kinds of question; also the loss `[1]`, detached. (Kept out
/// of the async loop: tensor code inlined into a future's state machine slows release builds.)
#[inline(never)]
fn train_step(
    optimizer: &mut Optimizer,
    model: ShiftGpt,
    closed: &Questions,
    open: &Questions,
    device: &Device,
) -> (ShiftGpt, Tensor<1>) {
    let tokens = |q: &Questions| super::measure::tokens(q, device);
    let (closed_tokens, open_tokens) = (tokens(closed), tokens(open));
    let answers: Vec<i64> = closed.answers.iter().chain(&open.answers).map(|&a| i64::from(a)).collect();
    let n = answers.len();
    let answers = Tensor::<1, Int>::from_data(TensorData::new(answers, [n]), device);
    optimizer.step(model, |m: &ShiftGpt| {
        // [Bc + Bo, values]: both kinds in one softmax cross-entropy, averaged over questions.
        let logits = Tensor::cat(vec![m.forward(closed_tokens.clone()), m.forward(open_tokens.clone())], 0);
        let picked = log_softmax(logits, 1).gather(1, answers.clone().unsqueeze_dim::<2>(1)); // [B, 1]
        -picked.mean()
    })
}

#[cfg(test)]
mod tests {
    use crate::demos::down_scaling::{DownScalingConfig, Switch};

    #[test]
    fn the_config_counts_what_the_model_has() {
        for frozen in [Switch::On, Switch::Off] {
            let c = DownScalingConfig { frozen_embeddings: frozen, ..Default::default() };
            for w in [32, 16] {
                assert_eq!(c.parameters(w), c.model(w).parameters());
                assert_eq!(c.block_weights(w), c.model(w).block_weights());
            }
        }
    }
}

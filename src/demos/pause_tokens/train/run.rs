//! Training the arms side by side. Each arm trains its own GPT from the same initialisation on
//! the same stream of questions, and is evaluated on the same held-out set.

use super::evaluate::evaluate;
use crate::data::pointer::{Arm, Chase, Task};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::KeptModels;
use crate::demos::pause_tokens::{Evaluation, PauseTokensConfig, Report};
use crate::demos::resume::{self, Trainee};
use crate::demos::{Control, Event, NoAnswers, Ran, StepReport, after_step};
use crate::engine::EngineError;
use crate::models::gpt::Gpt;
use crate::rng::Rng;
use crate::training::optim::{AdamW, Optimizer};
use crate::training::schedule::warmup_cosine;
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};

/// Runs every arm of `config` side by side: each round, every arm takes one step (arm `i` is task
/// `i`). Emits `Progress`, and a result (an [`Evaluation`]) at each of
/// [`PauseTokensConfig::evaluation_steps`] of each arm.
pub async fn run<C: Control>(
    config: &PauseTokensConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Evaluation>, KeptModels<Gpt>>, EngineError> {
    run_from(config, None, device, control, emit).await
}

/// [`run`], from `checkpoint` if one is given (its results are not in the returned ones). After each
/// round (every arm one step), writes a checkpoint when the control asks ([`Control::checkpoint_due`]).
pub async fn run_from<C: Control>(
    config: &PauseTokensConfig,
    checkpoint: Option<&Checkpoint>,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Evaluation>, KeptModels<Gpt>>, EngineError> {
    let task = config.task();
    let mut eval_rng = Rng::for_component(config.eval_seed, "eval-questions", 0);
    let held_out: Vec<Chase> = (0..config.eval_questions).map(|_| task.sample(&mut eval_rng)).collect();
    let total_steps = config.total_steps();
    let (mut trainees, first_round) = match checkpoint {
        Some(c) => resume::restore(c, fresh(config, device), config.steps)?,
        None => (fresh(config, device), 0),
    };
    let mut step = trainees.iter().map(|t| t.steps as u64).sum::<u64>();
    let mut results = Vec::new();
    let report_every = (config.steps / 100).clamp(1, 50);
    let evaluation_steps = config.evaluation_steps();
    for arm_step in first_round..config.steps {
        for index in 0..trainees.len() {
            // Taken out while it steps, so that the optimiser holds the only handle on the weights.
            let (mut t, arm) = (trainees.remove(index), config.arms[index]);
            let questions: Vec<Chase> = (0..config.batch_size).map(|_| task.sample(&mut t.stream)).collect();
            let lr = warmup_cosine(
                arm_step,
                config.warmup_steps,
                config.steps,
                config.learning_rate,
                config.min_learning_rate,
            );
            let loss;
            (t.model, loss) = train_step(&mut t.optimizer, lr, t.model, &task, &questions, arm, device);
            t.steps += 1;
            step += 1;
            let done = t.steps;
            if evaluation_steps.binary_search(&done).is_ok() {
                let evaluation = evaluate(&t.model, &task, &held_out, arm, done, device).await?;
                emit(Event::result(Report::Evaluation(evaluation.clone())));
                results.push(evaluation);
            }
            trainees.insert(index, t);
            let due = arm_step.is_multiple_of(report_every) || done == config.steps;
            let report = StepReport { task: index, step, total_steps, losses: loss };
            if after_step(control, emit, due, report, &NoAnswers).await? {
                return Ok(Ran { results, steps: step, stopped: true, trained: KeptModels::default() });
            }
        }
        if control.checkpoint_due(arm_step + 1 == config.steps) {
            let files = resume::save(&trainees, arm_step + 1).await?;
            emit(Event::Checkpoint(Checkpoint::new(step, files)));
        }
    }
    let models = trainees.into_iter().map(|t| (t.name, t.steps, t.model)).collect();
    Ok(Ran { results, steps: step, stopped: false, trained: KeptModels { models } })
}

/// `config`'s arms before their first step: the same initial weights and the same questions.
fn fresh(config: &PauseTokensConfig, device: &Device) -> Vec<Trainee<Gpt>> {
    let trainee = |arm| Trainee {
        name: arm_name(arm),
        model: config.gpt().init(config.init_seed, device),
        optimizer: Optimizer::AdamW(AdamW::new(config.learning_rate, config.clip)),
        stream: Rng::for_component(config.data_seed, "train-questions", 0),
        steps: 0,
    };
    config.arms.iter().map(|&arm| trainee(arm)).collect()
}

/// An arm's name in file names: its JSON name.
pub(super) fn arm_name(arm: Arm) -> String {
    crate::demos::keep::json_name(&arm)
}

/// One AdamW step of `model` at learning rate `lr` on `questions`; also the loss `[1]`, detached.
/// (Kept out of the async loop: tensor code inlined into a future's state machine made release
/// builds take many minutes.)
#[inline(never)]
fn train_step(
    optimizer: &mut Optimizer,
    lr: f64,
    model: Gpt,
    task: &Task,
    questions: &[Chase],
    arm: Arm,
    device: &Device,
) -> (Gpt, Tensor<1>) {
    optimizer.set_learning_rate(lr);
    let (inputs, targets) = batch(task, questions, arm, device);
    let read = task.seq_len(arm) - task.targets_len(arm); // the first position read
    optimizer.step(model, |m: &Gpt| target_loss(m.forward_from(inputs.clone(), read), targets.clone()))
}

/// Inputs `[B, T]` and targets `[B, r]` of `arm`.
fn batch(task: &Task, questions: &[Chase], arm: Arm, device: &Device) -> (Tensor<2, Int>, Tensor<2, Int>) {
    let (mut inputs, mut targets) = (Vec::new(), Vec::new());
    for q in questions {
        inputs.extend(task.input(q, arm).into_iter().map(i64::from));
        targets.extend(task.targets(q, arm).into_iter().map(i64::from));
    }
    let b = questions.len();
    (
        Tensor::from_data(TensorData::new(inputs, [b, task.seq_len(arm)]), device),
        Tensor::from_data(TensorData::new(targets, [b, task.targets_len(arm)]), device),
    )
}

/// Mean cross-entropy of the read positions' logits `[B, r, V]` against `targets [B, r]` → `[1]`.
fn target_loss(logits: Tensor<3>, targets: Tensor<2, Int>) -> Tensor<1> {
    let picked = log_softmax(logits, 2).gather(2, targets.unsqueeze_dim::<3>(2)); // [B, r, 1]
    -picked.mean()
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::pause_tokens::PauseTokens;
    use crate::demos::{Demo, RunToEnd};
    use crate::engine::block_on;

    fn tiny() -> PauseTokensConfig {
        PauseTokensConfig {
            d_model: 16,
            layers: 1,
            heads: 2,
            batch_size: 8,
            steps: 4,
            warmup_steps: 2,
            eval_every: 2,
            eval_questions: 20,
            ..Default::default()
        }
    }

    #[test]
    fn a_tiny_run_trains_and_evaluates_every_arm() {
        let config = tiny();
        let device = Device::flex().autodiff();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!(ran.results.len(), 6, "3 arms × evaluations at steps 2 and 4");
        assert_eq!((ran.steps, config.total_steps()), (12, 12));
        for e in &ran.results {
            assert!((0.0..=1.0).contains(&e.accuracy) && (0.0..=1.0).contains(&e.baseline));
            assert_eq!(e.hops_right.len(), if e.arm == Arm::Cot { 4 } else { 1 });
            assert_eq!(e.accuracy, *e.hops_right.last().unwrap(), "the last hop is the answer");
            assert!((e.accuracy * 20.0).fract().abs() < 1e-9, "a share of 20 questions");
        }
        let baselines: Vec<f64> = ran.results.iter().map(|e| e.baseline).collect();
        assert!(baselines.iter().all(|&b| b == baselines[0]), "one held-out set for every arm");
    }

    /// The parallel workers' promise ([`Demo::split`]): each part, trained alone, reports what
    /// the whole run reports for its arms.
    #[test]
    fn arms_split_across_parts_report_the_same() {
        let config = PauseTokensConfig { steps: 2, ..tiny() };
        let device = Device::flex().autodiff();
        let results =
            |c: &PauseTokensConfig| block_on(run(c, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        let whole = results(&config);
        let parts = PauseTokens::split(&config, 2);
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[1].config.arms.as_slice(), parts[1].first_task), ([Arm::Cot].as_slice(), 2));
        assert_eq!(PauseTokens::split(&config, 8).len(), 3, "no more parts than arms");
        let merged: Vec<Evaluation> = parts.iter().flat_map(|p| results(&p.config)).collect();
        assert_eq!(merged.len(), whole.len());
        for e in &whole {
            assert!(merged.contains(e), "{e:?} missing from the parts");
        }
    }
}

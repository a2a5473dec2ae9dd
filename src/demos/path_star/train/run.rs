//! Training and evaluating the modes, side by side. Each mode trains its own GPT from the
//! same initialisation on the same stream of graphs, and is evaluated on the same held-out set. Between
//! steps and after the run, the trained models answer questions about graphs the page sends.

use super::evaluate::{Models, evaluate};
use crate::data::path_star::{Graph, Mode, Shape};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::path_star::attention::FOCUS_GRAPHS;
use crate::demos::path_star::{Evaluation, PathStar, PathStarConfig, Report};
use crate::demos::resume::{self, Trainee};
use crate::demos::{Control, Event, Ran, Registered, StepReport, after_step};
use crate::engine::EngineError;
use crate::models::gpt::Gpt;
use crate::rng::Rng;
use crate::training::optim::{AdamW, Optimizer};
use crate::training::schedule::warmup_cosine;
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};
use std::rc::Rc;

/// Runs every mode of `config` side by side: each round, every mode takes one step (mode `i` is
/// task `i`). Emits `Progress`, and a result (an [`Evaluation`]) at each of
/// [`PathStarConfig::evaluation_steps`] of each mode; between steps, and after the run through the
/// returned [`Models`], answers questions.
pub async fn run<C: Control>(
    config: &PathStarConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Evaluation>, Models<Gpt>>, EngineError> {
    run_from(config, None, device, control, emit).await
}

/// [`run`], from `checkpoint` if one is given (its results are the run's first). After each round
/// (every mode one step), writes a checkpoint when the control asks ([`Control::checkpoint_due`]).
pub async fn run_from<C: Control>(
    config: &PathStarConfig,
    checkpoint: Option<&Checkpoint>,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Evaluation>, Models<Gpt>>, EngineError> {
    let shape = config.shape();
    let held_out = held_out(config);
    let focus_graphs: Rc<[Graph]> = held_out.iter().take(FOCUS_GRAPHS).cloned().collect();
    // A fixed training set when asked for; otherwise fresh graphs every batch.
    let mut fixed_rng = Rng::for_component(config.data_seed, "train-set", 0);
    let fixed: Vec<Graph> = (0..config.train_graphs).map(|_| shape.sample(&mut fixed_rng)).collect();
    let total_steps = config.total_steps();
    // Every mode starts from the same weights and sees the same graphs in the same order.
    let (mut trainees, first_round) = match checkpoint {
        Some(c) => resume::restore(c, fresh(config, device), config.steps)?,
        None => (fresh(config, device), 0),
    };
    let mut step = trainees.iter().map(|t| t.steps as u64).sum::<u64>();
    let mut results: Vec<Evaluation> = checkpoint.map_or_else(Vec::new, |c| {
        c.events
            .iter()
            .filter_map(|e| match e {
                Event::Result(r) => match PathStar::result_of(r) {
                    Some(Report::Evaluation(e)) => Some(e.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    });
    // A hundred reports a run, but at least one every 50 steps: a step can take a second.
    let report_every = (config.steps / 100).clamp(1, 50);
    let evaluation_steps = config.evaluation_steps();
    for mode_step in first_round..config.steps {
        for task in 0..trainees.len() {
            // Taken out while it steps, so that the optimiser holds the only handle on the weights.
            let (mut t, mode) = (trainees.remove(task), config.modes[task]);
            let graphs: Vec<Graph> = (0..config.batch_size)
                .map(|_| {
                    if fixed.is_empty() {
                        shape.sample(&mut t.stream)
                    } else {
                        fixed[t.stream.below(fixed.len())].clone()
                    }
                })
                .collect();
            let lr = warmup_cosine(
                mode_step,
                config.warmup_steps,
                config.steps,
                config.learning_rate,
                config.min_learning_rate,
            );
            let last_loss;
            (t.model, last_loss) = train_step(&mut t.optimizer, lr, t.model, &shape, &graphs, mode, device);
            t.steps += 1;
            step += 1;
            let done = t.steps;
            if evaluation_steps.binary_search(&done).is_ok() {
                let evaluation = evaluate(&t.model, &shape, &held_out, mode, done, device).await?;
                emit(Event::result(Report::Evaluation(evaluation.clone())));
                results.push(evaluation);
            }
            trainees.insert(task, t);
            let due = mode_step.is_multiple_of(report_every) || done == config.steps;
            let report = StepReport { task, step, total_steps, losses: last_loss };
            let models = Models {
                shape,
                device: device.clone(),
                models: config.modes.iter().zip(&trainees).map(|(&m, t)| (m, t.steps, &t.model)).collect(),
                focus_graphs: focus_graphs.clone(),
            };
            if after_step(control, emit, due, report, &models).await? {
                let trained = Models { shape, device: device.clone(), models: vec![], focus_graphs };
                return Ok(Ran { results, steps: step, stopped: true, trained });
            }
        }
        if control.checkpoint_due(mode_step + 1 == config.steps) {
            let files = resume::save(&trainees, mode_step + 1).await?;
            emit(Event::Checkpoint(Checkpoint::new(step, files)));
        }
    }
    let models = config.modes.iter().zip(trainees).map(|(&m, t)| (m, t.steps, t.model)).collect();
    Ok(Ran {
        results,
        steps: step,
        stopped: false,
        trained: Models { shape, device: device.clone(), models, focus_graphs },
    })
}

/// `config`'s modes before their first step: the same initial weights and the same graphs.
fn fresh(config: &PathStarConfig, device: &Device) -> Vec<Trainee<Gpt>> {
    let trainee = |mode| Trainee {
        name: mode_name(mode),
        model: config.gpt().init(config.init_seed, device),
        optimizer: Optimizer::AdamW(AdamW::new(config.learning_rate, config.clip)),
        stream: Rng::for_component(config.data_seed, "train-graphs", 0),
        steps: 0,
    };
    config.modes.iter().map(|&mode| trainee(mode)).collect()
}

/// A mode's name in file names: its JSON name.
pub(super) fn mode_name(mode: Mode) -> String {
    crate::demos::keep::json_name(&mode)
}

/// The held-out graphs of `config`, from its evaluation seed.
pub(super) fn held_out(config: &PathStarConfig) -> Vec<Graph> {
    let shape = config.shape();
    let mut eval_rng = Rng::for_component(config.eval_seed, "eval-graphs", 0);
    (0..config.eval_graphs).map(|_| shape.sample(&mut eval_rng)).collect()
}

/// One AdamW step of `model` at learning rate `lr` on `graphs`; also the loss `[1]`, detached.
/// (Kept out of the async loop: tensor code inlined into a future's state machine made release
/// builds take many minutes.)
#[inline(never)]
fn train_step(
    optimizer: &mut Optimizer,
    lr: f64,
    model: Gpt,
    shape: &Shape,
    graphs: &[Graph],
    mode: Mode,
    device: &Device,
) -> (Gpt, Tensor<1>) {
    optimizer.set_learning_rate(lr);
    let (inputs, targets) = batch(shape, graphs, mode, device);
    let answers = shape.prefix_len() - 1; // the first position that predicts a target token
    optimizer.step(model, |m: &Gpt| target_loss(m.forward_from(inputs.clone(), answers), targets.clone()))
}

/// Inputs `[B, T]` and targets `[B, l]` for `mode`.
fn batch(shape: &Shape, graphs: &[Graph], mode: Mode, device: &Device) -> (Tensor<2, Int>, Tensor<2, Int>) {
    let (mut inputs, mut targets) = (Vec::new(), Vec::new());
    for g in graphs {
        let e = shape.example(g, mode);
        inputs.extend(e.input.iter().map(|&t| i64::from(t)));
        targets.extend(e.target.iter().map(|&t| i64::from(t)));
    }
    let b = graphs.len();
    (
        Tensor::from_data(TensorData::new(inputs, [b, shape.seq_len()]), device),
        Tensor::from_data(TensorData::new(targets, [b, shape.path_len]), device),
    )
}

/// Mean cross-entropy of the target positions' logits `[B, l, V]` against `targets [B, l]` → `[1]`.
fn target_loss(logits: Tensor<3>, targets: Tensor<2, Int>) -> Tensor<1> {
    let picked = log_softmax(logits, 2).gather(2, targets.unsqueeze_dim::<3>(2)); // [B, l, 1]
    -picked.mean()
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::path_star::PathStarQuery;
    use crate::demos::path_star::{Answer, PathStar};
    use crate::demos::train::drive;
    use crate::demos::{Query, Registered, RunToEnd};
    use crate::engine::{Backend, block_on};

    #[test]
    fn a_tiny_run_trains_and_evaluates_every_mode() {
        let config = PathStarConfig {
            d_model: 16,
            layers: 1,
            batch_size: 8,
            steps: 4,
            warmup_steps: 2,
            eval_every: 2,
            eval_graphs: 20,
            modes: Mode::ALL.to_vec(),
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let mut events = Vec::new();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        let evals = ran.results;
        assert_eq!(evals.len(), 6, "3 modes × evaluations at steps 2 and 4");
        assert_eq!((ran.steps, config.total_steps()), (12, 12));
        for e in &evals {
            assert_eq!(e.generated.len(), 5);
            assert!((0.0..=1.0).contains(&e.exact_match));
            // Position 0 is the source, which is in the prefix: even an untrained model may miss it,
            // but the accuracies are fractions of 20 graphs.
            assert!(e.forced.iter().all(|a| (a * 20.0).fract().abs() < 1e-9));
        }
        let teacherless = evals.iter().find(|e| e.mode == Mode::Teacherless).unwrap();
        assert_eq!(teacherless.generated, teacherless.forced);
    }

    /// The parallel workers' promise ([`Demo::split`]): each part, trained alone, reports what
    /// the whole run reports for its modes, and its tasks line up with the whole run's.
    #[test]
    fn modes_split_across_parts_report_the_same() {
        use crate::demos::Demo;
        let config = PathStarConfig {
            d_model: 16,
            layers: 1,
            batch_size: 8,
            steps: 3,
            warmup_steps: 1,
            eval_every: 3,
            eval_graphs: 10,
            modes: Mode::ALL.to_vec(),
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let events = |c: &PathStarConfig| {
            let mut events = Vec::new();
            block_on(run(c, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
            events
        };
        let whole = events(&config);
        let parts = PathStar::split(&config, 2);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].config.modes, [Mode::Forward, Mode::Reverse]);
        assert_eq!(
            (parts[1].config.modes.as_slice(), parts[1].first_task),
            ([Mode::Teacherless].as_slice(), 2)
        );
        assert_eq!(PathStar::split(&config, 8).len(), 3, "no more parts than modes");
        assert_eq!(PathStar::split(&config, 1)[0].config, config);
        let mut merged_losses = vec![Vec::new(); 3];
        let mut merged_results = Vec::new();
        for part in &parts {
            for e in events(&part.config) {
                match e {
                    Event::Progress { task, loss, .. } => merged_losses[part.first_task + task].push(loss),
                    Event::Result(r) => merged_results.push(r),
                    _ => {}
                }
            }
        }
        let mut whole_losses = vec![Vec::new(); 3];
        let mut whole_results = Vec::new();
        for e in whole {
            match e {
                Event::Progress { task, loss, .. } => whole_losses[task].push(loss),
                Event::Result(r) => whole_results.push(r),
                _ => {}
            }
        }
        assert!(whole_losses.iter().all(|l| !l.is_empty()));
        assert_eq!(merged_losses, whole_losses);
        assert_eq!(merged_results.len(), 3);
        for r in &whole_results {
            assert!(merged_results.contains(r), "{r:?} missing from the parts");
        }
    }

    /// Asks one question between the first two steps and two after the run.
    struct Asker {
        text: String,
        asked: std::cell::Cell<usize>,
    }

    impl Control for Asker {
        async fn between_steps(&self) -> crate::demos::Flow {
            let n = self.asked.replace(self.asked.get() + 1);
            if n == 0 {
                crate::demos::Flow::Answer(Query::PathStar(PathStarQuery { text: self.text.clone() }))
            } else {
                crate::demos::Flow::Run
            }
        }

        async fn after_run(&self) -> Option<crate::demos::AfterRun> {
            let n = self.asked.replace(self.asked.get() + 1);
            match n {
                _ if n < 1000 => {
                    self.asked.set(1000);
                    Some(crate::demos::AfterRun::Ask(Query::PathStar(PathStarQuery {
                        text: self.text.clone(),
                    })))
                }
                1000 => Some(crate::demos::AfterRun::Ask(Query::PathStar(PathStarQuery {
                    text: "1,2/3,4".into(),
                }))),
                _ => None,
            }
        }
    }

    #[test]
    fn the_models_answer_questions_during_and_after_the_run() {
        let config = PathStarConfig {
            d_model: 16,
            layers: 1,
            batch_size: 8,
            steps: 3,
            eval_every: 3,
            eval_graphs: 5,
            modes: vec![Mode::Reverse, Mode::Teacherless],
            ..Default::default()
        };
        let shape = config.shape();
        let graph = shape.sample(&mut Rng::new(9));
        let text = shape.text(&graph);
        let control = Asker { text: text.clone(), asked: std::cell::Cell::new(0) };
        let device = Device::flex().autodiff();
        let mut events = Vec::new();
        block_on(drive::<PathStar, _>(&config, Backend::Flex, &device, &control, &mut |e| events.push(e)));
        let evals: Vec<&Evaluation> = events
            .iter()
            .filter_map(|e| match e {
                Event::Result(r) => match PathStar::result_of(r) {
                    Some(Report::Evaluation(v)) => Some(v),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(evals[0].samples.len(), 5, "every held-out graph when there are fewer than SAMPLE_GRAPHS");
        assert_eq!(evals[0].samples[0].predicted.len(), 5);
        let answers: Vec<&Answer> = events
            .iter()
            .filter_map(|e| match e {
                Event::Answer(r) => match PathStar::result_of(r) {
                    Some(Report::Answer(a)) => Some(a),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(answers.len(), 3);
        // After the first mode's first step: every mode's model, as far as it has trained.
        assert_eq!(answers[0].graph.as_ref(), Some(&graph));
        let modes = |a: &Answer| a.paths.iter().map(|p| (p.mode, p.step)).collect::<Vec<_>>();
        assert_eq!(modes(answers[0]), [(Mode::Reverse, 1), (Mode::Teacherless, 0)]);
        // After the run: both trained models.
        assert_eq!(modes(answers[1]), [(Mode::Reverse, 3), (Mode::Teacherless, 3)]);
        assert!(answers[1].paths.iter().all(|p| p.path.len() == 5));
        // A text that is not a graph of the shape: a problem, no paths.
        assert!(answers[2].problem.as_ref().unwrap().contains("8 edges"), "{:?}", answers[2]);
        assert!(answers[2].paths.is_empty());
        let finished = events.iter().position(|e| matches!(e, Event::Finished { .. })).unwrap();
        assert!(finished < events.iter().rposition(|e| matches!(e, Event::Answer(_))).unwrap());
    }
}

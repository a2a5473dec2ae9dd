//! Training and evaluating the three modes, side by side. Each mode trains its own GPT from the
//! same initialisation on the same stream of graphs, and is evaluated on the same held-out set. Between
//! steps and after the run, the trained models answer questions about graphs the page sends.

use super::config::PathStarConfig;
use crate::data::path_star::{Graph, Mode, Shape};
use crate::engine::{Backend, EngineError, read_ints};
use crate::experiments::{Answerer, Control, Event, Query, StepReport, after_step, answer_after_run};
use crate::models::gpt::Gpt;
use crate::rng::Rng;
use crate::training::grads::clip_global_norm;
use crate::training::schedule::warmup_cosine;
use burn::module::Module;
use burn::optim::{AdamWConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// Held-out graphs whose predicted paths every evaluation carries, for the page to draw.
pub const SAMPLE_GRAPHS: usize = 12;

/// One mode measured on the held-out graphs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The training mode.
    pub mode: Mode,
    /// Steps this mode has trained.
    pub step: usize,
    /// Fraction of held-out graphs whose whole path the model generates greedily (the paper's
    /// metric). Teacherless models predict all tokens in one pass from `$` inputs.
    pub exact_match: f64,
    /// Per path position: accuracy of the greedily generated token.
    pub generated: Vec<f64>,
    /// Per path position: accuracy given the true previous tokens (teacher-forced). Position 0
    /// is the source, position 1 the one real decision.
    pub forced: Vec<f64>,
    /// The first [`SAMPLE_GRAPHS`] held-out graphs and the paths the model generated for them.
    pub samples: Vec<Sample>,
}

/// A held-out graph and the model's path for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// The graph, with its true path.
    pub graph: Graph,
    /// The generated path, source to goal (a reverse model's output is turned around).
    pub predicted: Vec<u32>,
}

/// One mode's path for an asked graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModePath {
    /// The mode.
    pub mode: Mode,
    /// Steps its model had trained.
    pub step: usize,
    /// The generated path, source to goal.
    pub path: Vec<u32>,
}

/// The answer to [`Query::PathStar`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The text asked about.
    pub text: String,
    /// The graph read from it, with its true path.
    pub graph: Option<Graph>,
    /// Why the text is not a graph of the trained shape.
    pub problem: Option<String>,
    /// The path of every mode that has a model so far.
    pub paths: Vec<ModePath>,
}

/// The models of a run, for answering questions: each mode's model and the steps it has taken.
struct Models<'a> {
    shape: &'a Shape,
    device: &'a Device,
    models: Vec<(Mode, usize, &'a Gpt)>,
}

impl Answerer for Models<'_> {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        let Query::PathStar { text } = query else {
            return Ok(Event::Error { message: format!("the path-star demo cannot answer {query:?}") });
        };
        let graph = match self.shape.read_text(&text) {
            Ok(g) => g,
            Err(problem) => {
                return Ok(Event::PathStarAnswer(Answer {
                    text,
                    graph: None,
                    problem: Some(problem),
                    paths: vec![],
                }));
            }
        };
        let device = &self.device.clone().without_autodiff();
        let mut paths = Vec::new();
        for &(mode, step, model) in &self.models {
            let predicted =
                generate(&model.valid(), self.shape, std::slice::from_ref(&graph), mode, device).await?;
            paths.push(ModePath { mode, step, path: source_to_goal(&predicted[0], mode) });
        }
        Ok(Event::PathStarAnswer(Answer { text, graph: Some(graph), problem: None, paths }))
    }
}

/// A path in the mode's target order, turned to source-to-goal order.
fn source_to_goal(tokens: &[u32], mode: Mode) -> Vec<u32> {
    let mut path = tokens.to_vec();
    if mode == Mode::Reverse {
        path.reverse();
    }
    path
}

/// One mode in training: its model, optimiser and stream of graphs.
struct Trainee {
    mode: Mode,
    model: Gpt,
    optimizer: ModuleOptimizer,
    graphs: Rng,
    steps: usize,
}

/// Runs every mode of `config` side by side: each round, every mode takes one step (mode `i` is
/// task `i`). Emits `Started`, `Progress`, a `PathStar` evaluation every `eval_every` steps of
/// each mode, then `Finished` (or `Stopped`); then answers questions while the control has them.
pub async fn run<C: Control>(
    config: &PathStarConfig,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Vec<Evaluation>, EngineError> {
    let shape = config.shape();
    let mut eval_rng = Rng::for_component(config.eval_seed, "eval-graphs", 0);
    let held_out: Vec<Graph> = (0..config.eval_graphs).map(|_| shape.sample(&mut eval_rng)).collect();
    // A fixed training set when asked for; otherwise fresh graphs every batch.
    let mut fixed_rng = Rng::for_component(config.data_seed, "train-set", 0);
    let fixed: Vec<Graph> = (0..config.train_graphs).map(|_| shape.sample(&mut fixed_rng)).collect();
    let total_steps = config.total_steps();
    emit(Event::Started { backend, total_steps });
    let started = Instant::now();
    let mut step = 0u64;
    let mut results = Vec::new();
    // Every mode starts from the same weights and sees the same graphs in the same order.
    let mut trainees: Vec<Trainee> = config
        .modes
        .iter()
        .map(|&mode| Trainee {
            mode,
            model: config.gpt().init(config.init_seed, device),
            optimizer: AdamWConfig::new().with_beta_2(0.99).with_weight_decay(0.0).with_epsilon(1e-8).init(),
            graphs: Rng::for_component(config.data_seed, "train-graphs", 0),
            steps: 0,
        })
        .collect();
    let report_every = (config.steps / 100).max(1);
    for mode_step in 0..config.steps {
        for task in 0..trainees.len() {
            // Taken out while it steps, so that the optimiser holds the only handle on the weights.
            let mut t = trainees.remove(task);
            let graphs: Vec<Graph> = (0..config.batch_size)
                .map(|_| {
                    if fixed.is_empty() {
                        shape.sample(&mut t.graphs)
                    } else {
                        fixed[t.graphs.below(fixed.len())].clone()
                    }
                })
                .collect();
            let (inputs, targets) = batch(&shape, &graphs, t.mode, device);
            let loss = target_loss(&shape, t.model.forward(inputs), targets); // [1]
            let last_loss = loss.clone().detach();
            let mut grads = GradientsParams::from_grads(loss.backward(), &t.model);
            clip_global_norm(&t.model, &mut grads, config.clip);
            let lr = warmup_cosine(
                mode_step,
                config.warmup_steps,
                config.steps,
                config.learning_rate,
                config.min_learning_rate,
            );
            t.model = t.optimizer.step(lr, t.model, grads);
            t.steps += 1;
            step += 1;
            let done = t.steps;
            if done.is_multiple_of(config.eval_every) || done == config.steps {
                let evaluation = evaluate(&t.model, &shape, &held_out, t.mode, done, device).await?;
                emit(Event::PathStar(evaluation.clone()));
                results.push(evaluation);
            }
            trainees.insert(task, t);
            let due = mode_step.is_multiple_of(report_every) || done == config.steps;
            let report = StepReport { task, step, total_steps, losses: last_loss };
            let models = Models {
                shape: &shape,
                device,
                models: trainees.iter().map(|t| (t.mode, t.steps, &t.model)).collect(),
            };
            if after_step(control, emit, due, report, &models).await? {
                emit(Event::Stopped { step });
                return Ok(results);
            }
        }
    }
    emit(Event::Finished { steps: step, seconds: started.elapsed().as_secs_f64() });
    let models = Models {
        shape: &shape,
        device,
        models: trainees.iter().map(|t| (t.mode, t.steps, &t.model)).collect(),
    };
    answer_after_run(control, emit, &models).await?;
    Ok(results)
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

/// Mean cross-entropy on the target positions only: `logits [B, T, V]`, `targets [B, l]` → `[1]`.
fn target_loss(shape: &Shape, logits: Tensor<3>, targets: Tensor<2, Int>) -> Tensor<1> {
    let answer = logits.narrow(1, shape.prefix_len() - 1, shape.path_len); // [B, l, V]
    let picked = log_softmax(answer, 2).gather(2, targets.unsqueeze_dim::<3>(2)); // [B, l, 1]
    -picked.mean()
}

/// The model's argmax at the `l` target positions of `n` sequences, `[n][l]`.
async fn predict(
    model: &Gpt,
    shape: &Shape,
    inputs: Vec<i64>,
    n: usize,
    device: &Device,
) -> Result<Vec<Vec<u32>>, EngineError> {
    let tokens = Tensor::<2, Int>::from_data(TensorData::new(inputs, [n, shape.seq_len()]), device);
    let answer = model.forward(tokens).narrow(1, shape.prefix_len() - 1, shape.path_len); // [n, l, V]
    let flat = read_ints(answer.argmax(2)).await?;
    Ok(flat.chunks(shape.path_len).map(|c| c.iter().map(|&t| t as u32).collect()).collect())
}

/// The paths `model` writes for `graphs` without seeing any answer token, in the mode's target
/// order: greedy decoding (each token fed back in) for teacher forcing and reverse, one pass
/// over `$` inputs for teacherless.
async fn generate(
    model: &Gpt,
    shape: &Shape,
    graphs: &[Graph],
    mode: Mode,
    device: &Device,
) -> Result<Vec<Vec<u32>>, EngineError> {
    let (n, l, p) = (graphs.len(), shape.path_len, shape.prefix_len());
    // Prefix, then fillers; positions after the one being predicted cannot influence it (causal
    // attention), so the fillers stand in for tokens not written yet.
    let mut tokens: Vec<Vec<i64>> = graphs
        .iter()
        .map(|g| {
            let mut t: Vec<i64> = shape.prefix(g).into_iter().map(i64::from).collect();
            t.extend(std::iter::repeat_n(i64::from(shape.filler()), l - 1));
            t
        })
        .collect();
    if mode == Mode::Teacherless {
        return predict(model, shape, tokens.concat(), n, device).await;
    }
    let mut out = vec![vec![0u32; l]; n];
    for i in 0..l {
        let preds = predict(model, shape, tokens.concat(), n, device).await?;
        for (g, pred) in preds.iter().enumerate() {
            out[g][i] = pred[i];
            if i + 1 < l {
                tokens[g][p + i] = i64::from(pred[i]);
            }
        }
    }
    Ok(out)
}

async fn evaluate(
    model: &Gpt,
    shape: &Shape,
    graphs: &[Graph],
    mode: Mode,
    step: usize,
    device: &Device,
) -> Result<Evaluation, EngineError> {
    let model = model.valid();
    let device = &device.clone().without_autodiff();
    let (n, l) = (graphs.len(), shape.path_len);
    let examples: Vec<_> = graphs.iter().map(|g| shape.example(g, mode)).collect();
    let forced_inputs: Vec<i64> =
        examples.iter().flat_map(|e| e.input.iter().map(|&t| i64::from(t))).collect();
    let forced = predict(&model, shape, forced_inputs, n, device).await?;
    let generated = if mode == Mode::Teacherless {
        forced.clone()
    } else {
        generate(&model, shape, graphs, mode, device).await?
    };
    let accuracy = |preds: &[Vec<u32>]| -> Vec<f64> {
        (0..l)
            .map(|i| {
                examples.iter().zip(preds).filter(|(e, p)| e.target[i] == p[i]).count() as f64 / n as f64
            })
            .collect()
    };
    let exact = examples.iter().zip(&generated).filter(|(e, p)| e.target == **p).count() as f64 / n as f64;
    let samples = graphs
        .iter()
        .zip(&generated)
        .take(SAMPLE_GRAPHS)
        .map(|(g, p)| Sample { graph: g.clone(), predicted: source_to_goal(p, mode) })
        .collect();
    Ok(Evaluation {
        mode,
        step,
        exact_match: exact,
        generated: accuracy(&generated),
        forced: accuracy(&forced),
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::block_on;
    use crate::experiments::RunToEnd;

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
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let mut events = Vec::new();
        let evals =
            block_on(run(&config, Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        assert_eq!(evals.len(), 6, "3 modes × evaluations at steps 2 and 4");
        assert!(matches!(events.last(), Some(Event::Finished { steps: 12, .. })));
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

    /// Asks one question between the first two steps and two after the run.
    struct Asker {
        text: String,
        asked: std::cell::Cell<usize>,
    }

    impl Control for Asker {
        async fn between_steps(&self) -> crate::experiments::Flow {
            let n = self.asked.replace(self.asked.get() + 1);
            if n == 0 {
                crate::experiments::Flow::Answer(Query::PathStar { text: self.text.clone() })
            } else {
                crate::experiments::Flow::Run
            }
        }

        async fn after_run(&self) -> Option<Query> {
            let n = self.asked.replace(self.asked.get() + 1);
            match n {
                _ if n < 1000 => {
                    self.asked.set(1000);
                    Some(Query::PathStar { text: self.text.clone() })
                }
                1000 => Some(Query::PathStar { text: "1,2/3,4".into() }),
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
        let evals =
            block_on(run(&config, Backend::Flex, &device, &control, &mut |e| events.push(e))).unwrap();
        assert_eq!(evals[0].samples.len(), 5, "every held-out graph when there are fewer than SAMPLE_GRAPHS");
        assert_eq!(evals[0].samples[0].predicted.len(), 5);
        let answers: Vec<&Answer> = events
            .iter()
            .filter_map(|e| match e {
                Event::PathStarAnswer(a) => Some(a),
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
        assert!(finished < events.iter().rposition(|e| matches!(e, Event::PathStarAnswer(_))).unwrap());
    }
}

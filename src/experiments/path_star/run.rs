//! Training and evaluating the three modes. Each mode trains its own GPT from the same
//! initialisation on the same stream of fresh graphs, and is evaluated on the same held-out set.

use super::config::PathStarConfig;
use crate::data::path_star::{Graph, Mode, Shape};
use crate::engine::{Backend, EngineError, read_ints};
use crate::experiments::{Control, Event, StepReport, after_step};
use crate::models::gpt::Gpt;
use crate::rng::Rng;
use crate::training::grads::clip_global_norm;
use crate::training::schedule::warmup_cosine;
use burn::module::Module;
use burn::optim::{AdamWConfig, GradientsParams};
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use web_time::Instant;

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
}

/// Runs every mode of `config`. Emits `Started`, `Progress`, a `PathStar` evaluation every
/// `eval_every` steps of each mode, then `Finished` (or `Stopped`).
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
    let total_steps = config.total_steps();
    emit(Event::Started { backend, total_steps });
    let started = Instant::now();
    let mut step = 0u64;
    let mut results = Vec::new();
    let report_every = (config.steps / 100).max(1);
    for (task, &mode) in config.modes.iter().enumerate() {
        let mut model = config.gpt().init(config.init_seed, device);
        let mut optimizer =
            AdamWConfig::new().with_beta_2(0.99).with_weight_decay(0.0).with_epsilon(1e-8).init();
        // The same graphs, in the same order, for every mode.
        let mut rng = Rng::for_component(config.data_seed, "train-graphs", 0);
        for mode_step in 0..config.steps {
            let graphs: Vec<Graph> = (0..config.batch_size).map(|_| shape.sample(&mut rng)).collect();
            let (inputs, targets) = batch(&shape, &graphs, mode, device);
            let loss = target_loss(&shape, model.forward(inputs), targets); // [1]
            let last_loss = loss.clone().detach();
            let mut grads = GradientsParams::from_grads(loss.backward(), &model);
            clip_global_norm(&model, &mut grads, config.clip);
            let lr = warmup_cosine(
                mode_step,
                config.warmup_steps,
                config.steps,
                config.learning_rate,
                config.min_learning_rate,
            );
            model = optimizer.step(lr, model, grads);
            step += 1;
            let done = mode_step + 1;
            if done.is_multiple_of(config.eval_every) || done == config.steps {
                let evaluation = evaluate(&model, &shape, &held_out, mode, done, device).await?;
                emit(Event::PathStar(evaluation.clone()));
                results.push(evaluation);
            }
            let due = mode_step.is_multiple_of(report_every) || done == config.steps;
            let report = StepReport { task, step, total_steps, losses: last_loss };
            if after_step(control, emit, due, report).await? {
                emit(Event::Stopped { step });
                return Ok(results);
            }
        }
    }
    emit(Event::Finished { steps: step, seconds: started.elapsed().as_secs_f64() });
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

/// The model's argmax at the `l` target positions, `[n][l]`.
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
    let n = graphs.len();
    let l = shape.path_len;
    let examples: Vec<_> = graphs.iter().map(|g| shape.example(g, mode)).collect();
    let forced_inputs: Vec<i64> =
        examples.iter().flat_map(|e| e.input.iter().map(|&t| i64::from(t))).collect();
    let forced = predict(&model, shape, forced_inputs, n, device).await?;
    let generated = if mode == Mode::Teacherless {
        forced.clone()
    } else {
        // Greedy decoding: fill the answer positions one by one with the model's own tokens.
        // Positions after the one being predicted cannot influence it (causal attention).
        let mut tokens: Vec<Vec<i64>> = examples
            .iter()
            .map(|e| {
                let mut t: Vec<i64> = e.input.iter().map(|&x| i64::from(x)).collect();
                t[shape.prefix_len()..].iter_mut().for_each(|x| *x = i64::from(shape.filler()));
                t
            })
            .collect();
        let mut out = vec![vec![0u32; l]; n];
        for i in 0..l {
            let preds = predict(&model, shape, tokens.concat(), n, device).await?;
            for (g, p) in preds.iter().enumerate() {
                out[g][i] = p[i];
                if i + 1 < l {
                    tokens[g][shape.prefix_len() + i] = i64::from(p[i]);
                }
            }
        }
        out
    };
    let accuracy = |preds: &[Vec<u32>]| -> Vec<f64> {
        (0..l)
            .map(|i| {
                examples.iter().zip(preds).filter(|(e, p)| e.target[i] == p[i]).count() as f64 / n as f64
            })
            .collect()
    };
    let exact = examples.iter().zip(&generated).filter(|(e, p)| e.target == **p).count() as f64 / n as f64;
    Ok(Evaluation {
        mode,
        step,
        exact_match: exact,
        generated: accuracy(&generated),
        forced: accuracy(&forced),
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
}

//! Measuring the modes' models: greedy generation, teacher-forced accuracy by position, exact
//! match on the held-out graphs, and the answers to graphs the page asks about.

use super::attention;
use crate::data::path_star::{Graph, Mode, Shape};
use crate::demos::keep::SavedFile;
use crate::demos::path_star::PathStarQuery;
use crate::demos::path_star::{Answer, Evaluation, ModePath, Report, SAMPLE_GRAPHS, Sample};
use crate::demos::{Answerer, Event, Query};
use crate::engine::{EngineError, read_ints};
use crate::models::gpt::Gpt;
use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};
use std::borrow::Borrow;
use std::rc::Rc;

/// The models of a run, for answering questions: each mode's model (borrowed during the run,
/// owned after it) and the steps it has taken.
pub struct Models<M> {
    pub(super) shape: Shape,
    pub(super) device: Device,
    pub(super) models: Vec<(Mode, usize, M)>,
    /// Held-out graphs the attention table is measured on.
    pub(super) focus_graphs: Rc<[Graph]>,
}

impl<M: Borrow<Gpt>> Answerer for Models<M> {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        let Query::PathStar(PathStarQuery { text }) = query else {
            return Ok(Event::Error { message: format!("the path-star demo cannot answer {query:?}") });
        };
        let graph = match self.shape.read_text(&text) {
            Ok(g) => g,
            Err(problem) => {
                return Ok(Event::result(Report::Answer(Answer {
                    text,
                    graph: None,
                    problem: Some(problem),
                    paths: vec![],
                    focus: vec![],
                })));
            }
        };
        let device = &self.device.clone().without_autodiff();
        let (mut paths, mut focus) = (Vec::new(), Vec::new());
        for (mode, step, model) in &self.models {
            let (mode, step, model) = (*mode, *step, model.borrow().valid());
            let one = std::slice::from_ref(&graph);
            let predicted = generate(&model, &self.shape, one, mode, None, device).await?;
            let map = attention::map(&model, &self.shape, &graph, mode, &predicted[0], device).await?;
            let path = source_to_goal(&predicted[0], mode);
            paths.push(ModePath { mode, step, path, attention: Some(map) });
            focus
                .extend(attention::focus(&model, &self.shape, &self.focus_graphs, mode, step, device).await?);
        }
        Ok(Event::result(Report::Answer(Answer { text, graph: Some(graph), problem: None, paths, focus })))
    }

    async fn save(&self, header: &serde_json::Value) -> Result<Vec<SavedFile>, EngineError> {
        super::keep::save(self, header).await
    }
}

/// A path in the mode's target order, turned to source-to-goal order.
pub(super) fn source_to_goal(tokens: &[u32], mode: Mode) -> Vec<u32> {
    let mut path = tokens.to_vec();
    if mode == Mode::Reverse {
        path.reverse();
    }
    path
}

/// `n` token sequences of `shape`'s length, `inputs` one after the other, as the model's input.
pub(super) fn sequences(shape: &Shape, inputs: Vec<i64>, n: usize, device: &Device) -> Tensor<2, Int> {
    Tensor::from_data(TensorData::new(inputs, [n, shape.seq_len()]), device)
}

/// The model's argmax at the `l` target positions of `n` sequences, `[n][l]`.
async fn predict(
    model: &Gpt,
    shape: &Shape,
    inputs: Vec<i64>,
    n: usize,
    device: &Device,
) -> Result<Vec<Vec<u32>>, EngineError> {
    let answer = model.forward_from(sequences(shape, inputs, n, device), shape.prefix_len() - 1); // [n, l, V]
    let flat = read_ints(answer.argmax(2)).await?;
    Ok(flat.chunks(shape.path_len).map(|c| c.iter().map(|&t| t as u32).collect()).collect())
}

/// What greedy decoding may skip: the graphs' paths in the mode's target order and the model's
/// predictions with them fed in (teacher-forced).
struct Guide<'a> {
    targets: &'a [&'a [u32]],
    forced: &'a [Vec<u32>],
}

/// The paths `model` writes for `graphs` without seeing any answer token, in the mode's target
/// order: greedy decoding (each token fed back in) for teacher forcing and reverse, one pass over
/// `$` inputs for teacherless. With a [`Guide`], while a graph's written tokens equal its target's
/// its input up to the next position is the teacher-forced one (attention is causal), so its next
/// token is the forced prediction, and only graphs that have left their target run again: the
/// same paths as running every graph at every position, in about one pass on a trained model
/// instead of `path_len`.
async fn generate(
    model: &Gpt,
    shape: &Shape,
    graphs: &[Graph],
    mode: Mode,
    guide: Option<Guide<'_>>,
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
    // Whether a graph's written tokens have left its target: without a guide, all run always.
    let (mut out, mut has_left) = match &guide {
        Some(guide) => (guide.forced.to_vec(), vec![false; n]),
        None => (vec![vec![0u32; l]; n], vec![true; n]),
    };
    for i in 0..l {
        let left: Vec<usize> = (0..n).filter(|&g| has_left[g]).collect();
        if !left.is_empty() {
            let inputs: Vec<i64> = left.iter().flat_map(|&g| tokens[g].iter().copied()).collect();
            let preds = predict(model, shape, inputs, left.len(), device).await?;
            for (pred, &g) in preds.iter().zip(&left) {
                out[g][i] = pred[i];
            }
        }
        for (g, written) in out.iter().enumerate() {
            if i + 1 < l {
                tokens[g][p + i] = i64::from(written[i]);
            }
            has_left[g] |= guide.as_ref().is_none_or(|guide| written[i] != guide.targets[g][i]);
        }
    }
    Ok(out)
}

/// One mode's model measured on the held-out `graphs`.
pub(super) async fn evaluate(
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
        let targets: Vec<&[u32]> = examples.iter().map(|e| e.target.as_slice()).collect();
        generate(&model, shape, graphs, mode, Some(Guide { targets: &targets, forced: &forced }), device)
            .await?
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

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::path_star::PathStarConfig;
    use crate::engine::block_on;
    use crate::rng::Rng;

    fn forced(
        model: &Gpt,
        shape: &Shape,
        graphs: &[Graph],
        paths: &[&[u32]],
        device: &Device,
    ) -> Vec<Vec<u32>> {
        let inputs: Vec<i64> = graphs
            .iter()
            .zip(paths)
            .flat_map(|(g, path)| {
                let mut t: Vec<i64> = shape.prefix(g).into_iter().map(i64::from).collect();
                t.extend(path[..shape.path_len - 1].iter().map(|&x| i64::from(x)));
                t
            })
            .collect();
        block_on(predict(model, shape, inputs, graphs.len(), device)).unwrap()
    }

    #[test]
    fn skipping_graphs_on_their_target_writes_the_same_paths_as_running_every_graph() {
        let config = PathStarConfig { degree: 3, ..Default::default() };
        let shape = config.shape();
        let device = Device::flex();
        let mut rng = Rng::for_component(7, "evaluate-test", 0);
        let graphs: Vec<Graph> = (0..40).map(|_| shape.sample(&mut rng)).collect();
        for mode in [Mode::Forward, Mode::Reverse] {
            for seed in [0, 1] {
                let model = config.gpt().init(seed, &device);
                let every = block_on(generate(&model, &shape, &graphs, mode, None, &device)).unwrap();
                // The true paths: an untrained model leaves most of them at once, so most run again.
                let examples: Vec<_> = graphs.iter().map(|g| shape.example(g, mode)).collect();
                let targets: Vec<&[u32]> = examples.iter().map(|e| e.target.as_slice()).collect();
                let forced_true = forced(&model, &shape, &graphs, &targets, &device);
                let guide = Guide { targets: &targets, forced: &forced_true };
                let guided = block_on(generate(&model, &shape, &graphs, mode, Some(guide), &device)).unwrap();
                assert_eq!(guided, every, "{mode:?} seed {seed}, true paths");
                // Its own paths as targets: no graph leaves them, and no pass after the forced one.
                let own: Vec<&[u32]> = every.iter().map(Vec::as_slice).collect();
                let forced_own = forced(&model, &shape, &graphs, &own, &device);
                let guide = Guide { targets: &own, forced: &forced_own };
                let guided = block_on(generate(&model, &shape, &graphs, mode, Some(guide), &device)).unwrap();
                assert_eq!(guided, every, "{mode:?} seed {seed}, its own paths");
            }
        }
    }
}

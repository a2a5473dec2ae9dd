//! Reading the path-star models' attention (the `train` build only): the map for an asked graph
//! and the table over held-out graphs ([`crate::demos::path_star::attention`]). Read back
//! asynchronously, as WebGPU in wasm requires.

use super::evaluate::sequences;
use crate::data::path_star::{Graph, Mode, Shape};
use crate::demos::path_star::attention::{AttentionMap, Focus, shares, uniform_share};
use crate::engine::{EngineError, read_floats};
use crate::models::gpt::Gpt;
use burn::tensor::Device;

/// Each block's attention `[block][n · heads · l · T]` from the `l` answer positions of the `n`
/// sequences `inputs`, read back.
async fn answer_rows(
    model: &Gpt,
    shape: &Shape,
    inputs: Vec<i64>,
    n: usize,
    device: &Device,
) -> Result<Vec<Vec<f32>>, EngineError> {
    let mut out = Vec::new();
    for weights in model.attention(sequences(shape, inputs, n, device)) {
        out.push(read_floats(weights.narrow(2, shape.prefix_len() - 1, shape.path_len)).await?);
    }
    Ok(out)
}

/// The sequence a model reads while it writes `written` (its path in the mode's order).
fn sequence(shape: &Shape, graph: &Graph, mode: Mode, written: &[u32]) -> Vec<u32> {
    let mut tokens = shape.prefix(graph);
    match mode {
        Mode::Teacherless => tokens.extend(std::iter::repeat_n(shape.filler(), shape.path_len - 1)),
        Mode::Forward | Mode::Reverse => tokens.extend_from_slice(&written[..shape.path_len - 1]),
    }
    tokens
}

/// Where `model` (trained in `mode`) looks on `graph` while it writes `written`, the path it
/// generated in the mode's order.
pub(super) async fn map(
    model: &Gpt,
    shape: &Shape,
    graph: &Graph,
    mode: Mode,
    written: &[u32],
    device: &Device,
) -> Result<AttentionMap, EngineError> {
    let tokens = sequence(shape, graph, mode, written);
    let rows = answer_rows(model, shape, tokens.iter().map(|&t| i64::from(t)).collect(), 1, device).await?;
    let t = shape.seq_len();
    let weights = rows
        .iter()
        .map(|block| {
            block
                .chunks(shape.path_len * t)
                .map(|head| head.chunks(t).map(<[f32]>::to_vec).collect())
                .collect()
        })
        .collect();
    Ok(AttentionMap { tokens, first: shape.prefix_len() - 1, weights })
}

/// The attention table of `model` (trained in `mode` for `step` steps) over `graphs`, each read
/// teacher-forced: one row per answer position after the first and block.
pub(super) async fn focus(
    model: &Gpt,
    shape: &Shape,
    graphs: &[Graph],
    mode: Mode,
    step: usize,
    device: &Device,
) -> Result<Vec<Focus>, EngineError> {
    let inputs: Vec<i64> =
        graphs.iter().flat_map(|g| shape.example(g, mode).input.into_iter().map(i64::from)).collect();
    let rows = answer_rows(model, shape, inputs, graphs.len(), device).await?;
    let (l, t) = (shape.path_len, shape.seq_len());
    let mut out = Vec::new();
    for position in 1..l {
        for (block, weights) in rows.iter().enumerate() {
            let heads = weights.len() / (graphs.len() * l * t);
            let mut sum = [0.0; 3];
            for (g, graph) in graphs.iter().enumerate() {
                for h in 0..heads {
                    let at = ((g * heads + h) * l + position) * t;
                    let s = shares(shape, graph, mode, position, &weights[at..at + t]);
                    sum.iter_mut().zip(s).for_each(|(a, b)| *a += b);
                }
            }
            let count = (graphs.len() * heads) as f64;
            out.push(Focus {
                mode,
                step,
                position,
                block,
                answer_edge: sum[0] / count,
                other_edges: sum[1] / count,
                rest: sum[2] / count,
                uniform: uniform_share(shape, position),
                graphs: graphs.len(),
            });
        }
    }
    Ok(out)
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::path_star::PathStarConfig;
    use crate::engine::block_on;
    use crate::rng::Rng;

    #[test]
    fn the_map_and_the_table_read_distributions() {
        let config = PathStarConfig::default();
        let shape = config.shape();
        let device = Device::flex();
        let model = config.gpt().init(0, &device);
        let mut rng = Rng::for_component(5, "attention-test", 0);
        let graphs: Vec<Graph> = (0..6).map(|_| shape.sample(&mut rng)).collect();
        let written = shape.target(&graphs[0], Mode::Reverse);
        let m = block_on(map(&model, &shape, &graphs[0], Mode::Reverse, &written, &device)).unwrap();
        assert_eq!(m.tokens, shape.example(&graphs[0], Mode::Reverse).input);
        assert_eq!((m.weights.len(), m.weights[0].len(), m.weights[0][0].len()), (2, 2, shape.path_len));
        for (i, row) in m.weights[1][1].iter().enumerate() {
            assert_eq!(row.len(), shape.seq_len());
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4, "row {i}");
            assert!(row[m.first + i + 1..].iter().all(|&w| w == 0.0), "row {i} sees the future");
        }
        let table = block_on(focus(&model, &shape, &graphs, Mode::Forward, 7, &device)).unwrap();
        assert_eq!(table.len(), 2 * (shape.path_len - 1));
        for f in &table {
            assert!((f.answer_edge + f.other_edges + f.rest - 1.0).abs() < 1e-4, "{f:?}");
            // Untrained: near uniform.
            assert!((f.answer_edge - f.uniform).abs() < 0.5 * f.uniform, "{f:?}");
            assert_eq!((f.step, f.graphs), (7, 6));
        }
    }
}

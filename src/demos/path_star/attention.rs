//! Where the path-star models look: each block's attention from the answer positions to the
//! sequence, for one graph ([`AttentionMap`]) and summed over held-out graphs ([`Focus`]).
//!
//! The measure is the share of attention on the **answer edge**, the edge that joins the node
//! written before and the node to write: the edge `(previous, next)` under teacher forcing (the
//! Clever-Hans lookup the input hands it), `(next, previous)` in reverse (the edge that leads
//! into the node just written). An edge `u,v` is two tokens of the prefix; its `|` separator
//! counts with the rest.

use crate::data::path_star::{Graph, Mode, Shape};
use serde::{Deserialize, Serialize};

/// Held-out graphs the attention table is measured on (teacher-forced: each sequence holds the
/// true path, so every position has an answer edge).
pub const FOCUS_GRAPHS: usize = 200;

/// One model's attention on one sequence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttentionMap {
    /// The tokens the model read: the prefix, then the path it wrote (fillers for teacherless).
    pub tokens: Vec<u32>,
    /// The sequence position that writes the first path token; answer position `i` is
    /// `first + i`.
    pub first: usize,
    /// `[block][head][answer position][sequence position]`: each row a distribution over the
    /// positions up to its own.
    pub weights: Vec<Vec<Vec<Vec<f32>>>>,
}

/// How one block attends from one answer position, over held-out graphs (mean over graphs and
/// heads): `answer_edge + other_edges + rest` = 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// The mode.
    pub mode: Mode,
    /// Steps its model had trained.
    pub step: usize,
    /// The path position written, 1 to `l − 1` in the mode's order (1 is teacher forcing's
    /// decision: the first node after the source).
    pub position: usize,
    /// The block, 0 first.
    pub block: usize,
    /// Share on the two tokens of the answer edge.
    pub answer_edge: f64,
    /// Share on the tokens of every other edge.
    pub other_edges: f64,
    /// Share on everything else: separators, `/ source goal =` and the path so far.
    pub rest: f64,
    /// The answer edge's share if attention were uniform over the visible positions.
    pub uniform: f64,
    /// Graphs measured.
    pub graphs: usize,
}

/// The shares `[answer edge, other edges, rest]` of one attention `row` (over sequence positions
/// `0..row.len()`) at answer position `position` of `graph` trained in `mode`.
pub fn shares(shape: &Shape, graph: &Graph, mode: Mode, position: usize, row: &[f32]) -> [f64; 3] {
    let target = shape.target(graph, mode);
    let (a, b) = (target[position - 1], target[position]);
    let answer = graph.edges.iter().position(|&(u, v)| (u, v) == (a, b) || (u, v) == (b, a));
    let mut out = [0.0; 3];
    for (j, &w) in row.iter().enumerate() {
        let edge = j / 3;
        let on_edge = j < 3 * graph.edges.len() && j % 3 < 2;
        let slot = match (on_edge, Some(edge) == answer) {
            (true, true) => 0,
            (true, false) => 1,
            (false, _) => 2,
        };
        out[slot] += f64::from(w);
    }
    out
}

/// The answer edge's share under uniform attention at answer position `position`: its two tokens
/// among the positions the query sees.
pub fn uniform_share(shape: &Shape, position: usize) -> f64 {
    2.0 / (shape.prefix_len() + position) as f64
}

/// What the table says, one sentence per mode, from its rows (`focus`, in any order) of a
/// model writing paths of `path_len` nodes: where its last block looks while it writes the nodes
/// that are edge lookups, at teacher forcing's decision and at the last node (named by the task).
pub fn reading(focus: &[Focus], path_len: usize) -> Vec<String> {
    let mut modes: Vec<Mode> = Vec::new();
    for f in focus {
        if !modes.contains(&f.mode) {
            modes.push(f.mode);
        }
    }
    let pct = |v: f64| format!("{:.0} %", 100.0 * v);
    modes
        .into_iter()
        .map(|mode| {
            let rows: Vec<&Focus> = focus.iter().filter(|f| f.mode == mode).collect();
            let last = rows.iter().map(|f| f.block).max().unwrap_or(0);
            let at = |position: usize| rows.iter().find(|f| f.block == last && f.position == position);
            let first_lookup = if mode == Mode::Forward { 2 } else { 1 };
            let lookups: Vec<&&Focus> = (first_lookup..path_len.saturating_sub(1)).filter_map(at).collect();
            let mean = |get: fn(&Focus) -> f64| lookups.iter().map(|f| get(f)).sum::<f64>() / lookups.len() as f64;
            let edge = match mode {
                Mode::Forward => "the edge out of the node before, which the input hands it",
                Mode::Reverse => "the edge into the node it wrote before",
                Mode::Teacherless => "the edge joining the node before and the next (not in its input)",
            };
            let step = rows.first().map_or(0, |f| f.step);
            let label = mode.label();
            let mut text = format!("{}{} (step {step}), last block:", label[..1].to_uppercase(), &label[1..]);
            if !lookups.is_empty() {
                text += &format!(
                    " writing the nodes that are edge lookups, {} of its attention is on {edge} (spread evenly: {}).",
                    pct(mean(|f| f.answer_edge)),
                    pct(mean(|f| f.uniform)),
                );
            }
            if mode == Mode::Forward
                && let Some(d) = at(1)
            {
                text += &format!(
                    " At the decision, {} is on the right edge out of the source and {} on the other edges.",
                    pct(d.answer_edge),
                    pct(d.other_edges)
                );
            }
            if let Some(end) = at(path_len - 1) {
                let named = if mode == Mode::Reverse { "source" } else { "goal" };
                text += &format!(
                    " Writing the {named}, which the task names, {} is off the edges (the task, separators, the path).",
                    pct(end.rest)
                );
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn shares_find_the_edge_joining_the_previous_and_the_next_node() {
        let shape = Shape { degree: 2, path_len: 3, labels: 10 };
        // 9,1|7,2|2,5|7,9/7,1=7,9,1: arms 7→2→5 and 7→9→1, goal 1.
        let graph =
            Graph { edges: vec![(9, 1), (7, 2), (2, 5), (7, 9)], source: 7, goal: 1, path: vec![7, 9, 1] };
        let row_on = |j: usize| {
            let mut row = vec![0f32; shape.seq_len()];
            row[j] = 1.0;
            row
        };
        // Teacher forcing writes 9 after 7: edge 7,9 (tokens 9 and 10).
        assert_eq!(shares(&shape, &graph, Mode::Forward, 1, &row_on(10)), [1.0, 0.0, 0.0]);
        assert_eq!(shares(&shape, &graph, Mode::Forward, 1, &row_on(4)), [0.0, 1.0, 0.0]);
        assert_eq!(shares(&shape, &graph, Mode::Forward, 1, &row_on(2)), [0.0, 0.0, 1.0], "a separator");
        assert_eq!(shares(&shape, &graph, Mode::Forward, 1, &row_on(12)), [0.0, 0.0, 1.0], "the source");
        // Then 1 after 9: edge 9,1 (tokens 0 and 1).
        assert_eq!(shares(&shape, &graph, Mode::Forward, 2, &row_on(1)), [1.0, 0.0, 0.0]);
        // Reverse writes 9 after 1: the edge into 1 is 9,1.
        assert_eq!(shares(&shape, &graph, Mode::Reverse, 1, &row_on(0)), [1.0, 0.0, 0.0]);
        assert_eq!(
            shares(&shape, &graph, Mode::Reverse, 2, &row_on(9)),
            [1.0, 0.0, 0.0],
            "7 after 9: edge 7,9"
        );
    }

    #[test]
    fn shares_of_a_distribution_sum_to_one() {
        let shape = Shape { degree: 3, path_len: 4, labels: 30 };
        let mut rng = Rng::for_component(3, "attention-test", 0);
        let graph = shape.sample(&mut rng);
        let n = shape.seq_len();
        let row: Vec<f32> = (0..n).map(|j| (j % 7 + 1) as f32).collect();
        let total: f32 = row.iter().sum();
        let row: Vec<f32> = row.iter().map(|w| w / total).collect();
        for mode in [Mode::Forward, Mode::Reverse] {
            for position in 1..shape.path_len {
                let s = shares(&shape, &graph, mode, position, &row);
                assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-6, "{s:?}");
                assert!(s.iter().all(|&v| v > 0.0), "{s:?}");
            }
        }
        assert!((uniform_share(&shape, 1) - 2.0 / (shape.prefix_len() + 1) as f64).abs() < 1e-12);
    }

    #[test]
    fn the_reading_quotes_the_last_block_s_rows() {
        let row = |mode, position, block, answer_edge: f64, other_edges: f64| Focus {
            mode,
            step: 500,
            position,
            block,
            answer_edge,
            other_edges,
            rest: 1.0 - answer_edge - other_edges,
            uniform: 0.07,
            graphs: 200,
        };
        let focus = vec![
            row(Mode::Forward, 1, 1, 0.46, 0.51),
            row(Mode::Forward, 2, 0, 0.01, 0.05),
            row(Mode::Forward, 2, 1, 0.89, 0.10),
            row(Mode::Forward, 3, 1, 0.91, 0.08),
            row(Mode::Forward, 4, 1, 0.0, 0.004),
            row(Mode::Reverse, 1, 1, 0.80, 0.10),
        ];
        let text = reading(&focus, 5);
        assert_eq!(text.len(), 2);
        assert!(text[0].starts_with("Teacher forcing (step 500), last block: writing"), "{}", text[0]);
        assert!(
            text[0].contains("90 % of its attention is on the edge out of the node before"),
            "{}",
            text[0]
        );
        assert!(
            text[0].contains("46 % is on the right edge out of the source and 51 % on the other"),
            "{}",
            text[0]
        );
        assert!(
            text[0].contains("Writing the goal, which the task names, 100 % is off the edges"),
            "{}",
            text[0]
        );
        assert!(
            text[1].contains("80 % of its attention is on the edge into the node it wrote before"),
            "{}",
            text[1]
        );
        assert!(!text[1].contains("Writing the source"), "no row for position 4: {}", text[1]);
        assert!(reading(&[], 5).is_empty());
    }
}

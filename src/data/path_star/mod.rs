//! Path-star graphs and their tokenisation, after Bachmann & Nagarajan, "The Pitfalls of
//! Next-Token Prediction" (ICML 2024), and their code (gregorbachmann/Next-Token-Failures,
//! `data/graphs.py`, `tokenizing/numeral_tokenizer.py`).
//!
//! A graph G(d, l, N) is a star: `d` arms of `l − 1` nodes hang off a source; the goal is the
//! last node of one arm, so the path from source to goal has `l` nodes (source and goal
//! included). All `1 + d(l − 1)` labels are distinct, drawn from `0..N`; the `d(l − 1)` edges are
//! listed in random order.
//!
//! The text is `u,v|u,v|…|u,v/source,goal=path`; commas are dropped, so the tokens are the labels
//! `0..N`, `|` = N, `=` = N + 1, `/` = N + 2 and `$` = N + 3 (the teacherless filler).
//!
//! One encoded graph, d = 2, l = 3, N = 10: arms 7→2→5 and 7→9→1, goal 1.
//!
//! ```text
//! text:    9,1|7,2|2,5|7,9/7,1=7,9,1
//! tokens:  9 1 10 7 2 10 2 5 10 7 9 12 7 1 11 | 7 9 1
//!          ───────────── prefix (3·4 + 3 = 15) ─────────────  target (l = 3)
//! ```
//!
//! The model reads the prefix and must write the path. Only the first step away from the source
//! is a real decision (which arm leads to the goal?); every later step is an edge lookup from the
//! previous node — the "Clever Hans" cheat that teacher forcing hands the model.

mod text;

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// One path-star graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    /// Edges `(u, v)` in the order they are written.
    pub edges: Vec<(u32, u32)>,
    /// The source (centre of the star).
    pub source: u32,
    /// The goal (end of one arm).
    pub goal: u32,
    /// Source to goal, `l` labels.
    pub path: Vec<u32>,
}

/// What a prefix says: the edge list and the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefix {
    /// Edges in the order written.
    pub edges: Vec<(u32, u32)>,
    /// The source.
    pub source: u32,
    /// The goal.
    pub goal: u32,
}

/// The size of a graph family G(d, l, N).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Degree of the source (number of arms).
    pub degree: usize,
    /// Path length, source and goal included.
    pub path_len: usize,
    /// Number of node labels.
    pub labels: usize,
}

impl Shape {
    /// Nodes in a graph: the source and `d` arms of `l − 1`.
    pub fn nodes(&self) -> usize {
        1 + self.degree * (self.path_len - 1)
    }

    /// Edges in a graph.
    pub fn edges(&self) -> usize {
        self.degree * (self.path_len - 1)
    }

    /// Token of `|`.
    pub fn pipe(&self) -> u32 {
        self.labels as u32
    }

    /// Token of `=`.
    pub fn equals(&self) -> u32 {
        self.labels as u32 + 1
    }

    /// Token of `/`.
    pub fn slash(&self) -> u32 {
        self.labels as u32 + 2
    }

    /// Token of `$` (teacherless filler).
    pub fn filler(&self) -> u32 {
        self.labels as u32 + 3
    }

    /// Vocabulary size: labels and the four symbols.
    pub fn vocab(&self) -> usize {
        self.labels + 4
    }

    /// Prefix length: `3·edges − 1` for the edge list, then `/ s g =`.
    pub fn prefix_len(&self) -> usize {
        3 * self.edges() + 3
    }

    /// Whether a graph of this shape can be drawn (enough labels, at least one arm of one edge).
    pub fn is_valid(&self) -> bool {
        self.degree >= 1 && self.path_len >= 2 && self.labels >= self.nodes()
    }

    /// A random graph: distinct labels, the goal on a random arm, edges shuffled.
    pub fn sample(&self, rng: &mut Rng) -> Graph {
        assert!(self.is_valid(), "invalid graph shape {self:?}");
        // A random injection of the nodes into 0..N: the first `nodes` of a partial shuffle.
        let mut labels: Vec<u32> = (0..self.labels as u32).collect();
        for i in 0..self.nodes() {
            let j = i + rng.below(self.labels - i);
            labels.swap(i, j);
        }
        let source = labels[0];
        let arm_len = self.path_len - 1;
        let arms: Vec<&[u32]> =
            (0..self.degree).map(|a| &labels[1 + a * arm_len..1 + (a + 1) * arm_len]).collect();
        let mut edges = Vec::with_capacity(self.edges());
        for arm in &arms {
            edges.push((source, arm[0]));
            edges.extend(arm.windows(2).map(|w| (w[0], w[1])));
        }
        rng.shuffle(&mut edges);
        let goal_arm = arms[rng.below(self.degree)];
        let mut path = vec![source];
        path.extend_from_slice(goal_arm);
        Graph { edges, source, goal: *goal_arm.last().unwrap(), path }
    }

    /// The prefix tokens: edge list, `/`, source, goal, `=`.
    pub fn prefix(&self, graph: &Graph) -> Vec<u32> {
        let mut tokens = Vec::with_capacity(self.prefix_len());
        for (i, &(u, v)) in graph.edges.iter().enumerate() {
            if i > 0 {
                tokens.push(self.pipe());
            }
            tokens.extend([u, v]);
        }
        tokens.extend([self.slash(), graph.source, graph.goal, self.equals()]);
        tokens
    }

    /// The text form, for people (`9,1|7,2/7,1=7,9,1`).
    pub fn text(&self, graph: &Graph) -> String {
        let edges: Vec<String> = graph.edges.iter().map(|(u, v)| format!("{u},{v}")).collect();
        let path: Vec<String> = graph.path.iter().map(u32::to_string).collect();
        format!("{}/{},{}={}", edges.join("|"), graph.source, graph.goal, path.join(","))
    }

    /// Parses the prefix of a tokenised graph back; `None` if malformed.
    pub fn parse_prefix(&self, tokens: &[u32]) -> Option<Prefix> {
        if tokens.len() != self.prefix_len() || tokens[tokens.len() - 1] != self.equals() {
            return None;
        }
        let edge_part = &tokens[..3 * self.edges() - 1];
        let mut edges = Vec::new();
        for (i, chunk) in edge_part.chunks(3).enumerate() {
            let (u, v) = (chunk[0], chunk[1]);
            if u >= self.labels as u32 || v >= self.labels as u32 {
                return None;
            }
            if i + 1 < self.edges() && chunk.get(2) != Some(&self.pipe()) {
                return None;
            }
            edges.push((u, v));
        }
        let tail = &tokens[3 * self.edges() - 1..];
        (tail[0] == self.slash()).then_some(Prefix { edges, source: tail[1], goal: tail[2] })
    }
}

/// How the model is trained to produce the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Next-token prediction with the true previous path nodes as input.
    #[default]
    Forward,
    /// The same, with the target written goal to source: every step is an edge lookup.
    Reverse,
    /// Inputs after the prefix replaced by `$`: all path tokens from one forward pass.
    Teacherless,
}

impl Mode {
    /// All three, in the page's order.
    pub const ALL: [Mode; 3] = [Mode::Forward, Mode::Reverse, Mode::Teacherless];

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Forward => "teacher forcing",
            Mode::Reverse => "reverse",
            Mode::Teacherless => "teacherless",
        }
    }
}

/// One training or evaluation sequence: the model reads `input` (length `prefix + l − 1`) and is
/// scored on its predictions at the last `l` positions against `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Model input tokens.
    pub input: Vec<u32>,
    /// The `l` target tokens (the path, reversed in reverse mode).
    pub target: Vec<u32>,
}

impl Shape {
    /// The target the mode trains on: the path, or the path reversed.
    pub fn target(&self, graph: &Graph, mode: Mode) -> Vec<u32> {
        let mut t = graph.path.clone();
        if mode == Mode::Reverse {
            t.reverse();
        }
        t
    }

    /// The sequence for `mode`: prefix then the target shifted right (teacher forcing, reverse),
    /// or prefix then `$` fillers (teacherless). Position `prefix_len − 1 + i` predicts target `i`.
    pub fn example(&self, graph: &Graph, mode: Mode) -> Example {
        let target = self.target(graph, mode);
        let mut input = self.prefix(graph);
        match mode {
            Mode::Teacherless => input.extend(std::iter::repeat_n(self.filler(), self.path_len - 1)),
            Mode::Forward | Mode::Reverse => input.extend_from_slice(&target[..self.path_len - 1]),
        }
        Example { input, target }
    }

    /// Sequence length the model sees.
    pub fn seq_len(&self) -> usize {
        self.prefix_len() + self.path_len - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    const SHAPE: Shape = Shape { degree: 2, path_len: 5, labels: 50 };

    #[test]
    fn graphs_are_stars_with_one_path_and_distinct_labels() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let g = SHAPE.sample(&mut rng);
            assert_eq!(g.edges.len(), 8);
            let nodes: HashSet<u32> = g.edges.iter().flat_map(|&(u, v)| [u, v]).collect();
            assert_eq!(nodes.len(), SHAPE.nodes(), "all labels distinct");
            assert!(nodes.iter().all(|&n| n < 50));
            let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
            let mut indegree: HashMap<u32, usize> = HashMap::new();
            for &(u, v) in &g.edges {
                out.entry(u).or_default().push(v);
                *indegree.entry(v).or_default() += 1;
            }
            assert_eq!(out[&g.source].len(), 2, "the source has degree d");
            assert!(out.iter().all(|(&u, vs)| u == g.source || vs.len() == 1), "arms do not branch");
            assert!(indegree.values().all(|&d| d == 1) && !indegree.contains_key(&g.source));
            // Following the unique out-edges from the path's second node reaches the goal.
            assert_eq!(g.path.len(), 5);
            assert_eq!((g.path[0], g.path[4]), (g.source, g.goal));
            for w in g.path.windows(2) {
                assert!(g.edges.contains(&(w[0], w[1])));
            }
            assert!(!out.contains_key(&g.goal), "the goal ends an arm");
        }
    }

    #[test]
    fn goals_and_edge_orders_are_shuffled() {
        let mut rng = Rng::new(2);
        let graphs: Vec<Graph> = (0..400).map(|_| SHAPE.sample(&mut rng)).collect();
        // The edge leaving the source is not always listed first.
        let first_from_source = graphs.iter().filter(|g| g.edges[0].0 == g.source).count();
        assert!((50..200).contains(&first_from_source), "{first_from_source}");
        // Each arm is the goal arm about half the time: the smaller arm label wins ~half.
        let goal_on_lower = graphs
            .iter()
            .filter(|g| {
                let firsts: Vec<u32> = g.edges.iter().filter(|e| e.0 == g.source).map(|e| e.1).collect();
                g.path[1] == *firsts.iter().min().unwrap()
            })
            .count();
        assert!((160..240).contains(&goal_on_lower), "{goal_on_lower}");
    }

    #[test]
    fn tokenisation_round_trips_and_matches_the_documented_example() {
        let shape = Shape { degree: 2, path_len: 3, labels: 10 };
        let g =
            Graph { edges: vec![(9, 1), (7, 2), (2, 5), (7, 9)], source: 7, goal: 1, path: vec![7, 9, 1] };
        assert_eq!(shape.text(&g), "9,1|7,2|2,5|7,9/7,1=7,9,1");
        let prefix = shape.prefix(&g);
        assert_eq!(prefix, vec![9, 1, 10, 7, 2, 10, 2, 5, 10, 7, 9, 12, 7, 1, 11]);
        assert_eq!(prefix.len(), shape.prefix_len());
        assert_eq!(shape.parse_prefix(&prefix), Some(Prefix { edges: g.edges.clone(), source: 7, goal: 1 }));
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let g = SHAPE.sample(&mut rng);
            let p = SHAPE.prefix(&g);
            assert_eq!(p.len(), 27);
            assert_eq!(
                SHAPE.parse_prefix(&p),
                Some(Prefix { edges: g.edges.clone(), source: g.source, goal: g.goal })
            );
        }
        assert_eq!(SHAPE.parse_prefix(&[1, 2, 3]), None);
    }

    #[test]
    fn the_three_modes_build_their_inputs_and_targets() {
        let mut rng = Rng::new(4);
        let g = SHAPE.sample(&mut rng);
        let prefix = SHAPE.prefix(&g);
        let forward = SHAPE.example(&g, Mode::Forward);
        assert_eq!(forward.input.len(), SHAPE.seq_len());
        assert_eq!(&forward.input[..27], &prefix[..]);
        assert_eq!(forward.target, g.path);
        assert_eq!(&forward.input[27..], &g.path[..4], "teacher forcing feeds the answer in");
        let reverse = SHAPE.example(&g, Mode::Reverse);
        let mut rev = g.path.clone();
        rev.reverse();
        assert_eq!(reverse.target, rev);
        assert_eq!(&reverse.input[27..], &rev[..4]);
        let teacherless = SHAPE.example(&g, Mode::Teacherless);
        assert_eq!(teacherless.target, g.path);
        assert!(teacherless.input[27..].iter().all(|&t| t == SHAPE.filler()));
        assert_eq!(SHAPE.vocab(), 54);
    }
}

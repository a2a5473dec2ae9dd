//! What a path-star run reports: each mode's evaluations on the held-out graphs, and the
//! models' answers to graphs the page asks about.

use super::attention::{AttentionMap, Focus};
use crate::data::path_star::{Graph, Mode};
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModePath {
    /// The mode.
    pub mode: Mode,
    /// Steps its model had trained.
    pub step: usize,
    /// The generated path, source to goal.
    pub path: Vec<u32>,
    /// Where the model looked while it wrote that path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<AttentionMap>,
}

/// The answer to a [`PathStarQuery`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The text asked about.
    pub text: String,
    /// The graph read from it, with its true path.
    pub graph: Option<Graph>,
    /// Why the text is not a graph of the trained shape.
    pub problem: Option<String>,
    /// The path of every mode that has a model so far.
    pub paths: Vec<ModePath>,
    /// Where every mode's blocks attend, over held-out graphs (not about the asked graph).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Focus>,
}

/// One result of a path-star run: `{"kind": "evaluation" | "answer", …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// One mode measured on the held-out graphs.
    Evaluation(Evaluation),
    /// The models' paths for a graph the page asked about.
    Answer(Answer),
}

/// A question to a path-star run: each trained mode's path for a graph typed in the paper's
/// text form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathStarQuery {
    /// `u,v|u,v|…/source,goal`.
    pub text: String,
}

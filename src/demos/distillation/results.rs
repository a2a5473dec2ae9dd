//! What a distillation run reports: the linear view at a number of steps (again whenever the
//! page asks for another T), and the classifier view once the students have trained.

use super::linear::Direction;
use serde::{Deserialize, Serialize};

/// The linear view: every eigendirection's share of the least-squares solution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearView {
    /// Gradient-descent steps T.
    pub steps: usize,
    /// Step size η.
    pub step_size: f64,
    /// Largest eigenvalue first.
    pub directions: Vec<Direction>,
}

/// One teacher–student pair, measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// Seed index.
    pub seed: usize,
    /// Least-squares slope of the student's log-odds on the teacher's (of the given label, over
    /// the training points): above 1, the student exaggerates the teacher's confidence and doubt.
    pub slope: f64,
    /// Intercept of that fit.
    pub intercept: f64,
    /// Mean of student − teacher probability of the given label on the teacher's least confident
    /// tenth of the training points.
    pub least_confident_gap: f64,
    /// The same on the teacher's most confident half.
    pub most_confident_gap: f64,
    /// Share of the training points whose given label the teacher predicts.
    pub teacher_fit: f64,
    /// Test accuracy of the teacher, and of the student.
    pub test_accuracy: (f64, f64),
}

/// The scatter of one pair: teacher and student log-odds of the given label at every training
/// point, and which labels were flipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scatter {
    /// Seed index of the pair drawn.
    pub seed: usize,
    /// (teacher, student) log-odds, clamped to ±12.
    pub points: Vec<(f32, f32)>,
    /// Whether each point's label was flipped.
    pub flipped: Vec<bool>,
}

/// The classifier view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classifier {
    /// Every pair, by seed.
    pub pairs: Vec<Pair>,
    /// The first pair's scatter.
    pub scatter: Scatter,
    /// Epochs the students had trained when measured: the run measures them at checkpoints, and
    /// its last view is the one after all `student_epochs`.
    pub student_epochs: usize,
    /// Seconds the teachers and students took.
    pub seconds: f64,
}

/// What a run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// The linear view.
    Linear(LinearView),
    /// The classifier view.
    Classifier(Classifier),
}

impl Report {
    /// The linear view, if this is one.
    pub fn linear(&self) -> Option<&LinearView> {
        match self {
            Report::Linear(l) => Some(l),
            Report::Classifier(_) => None,
        }
    }

    /// The classifier view, if this is one.
    pub fn classifier(&self) -> Option<&Classifier> {
        match self {
            Report::Classifier(c) => Some(c),
            Report::Linear(_) => None,
        }
    }
}

/// A question to a distillation run: the linear view computed again with `steps`
/// gradient-descent steps of teacher and student.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistillationQuery {
    /// Steps T of teacher and student.
    pub steps: usize,
}

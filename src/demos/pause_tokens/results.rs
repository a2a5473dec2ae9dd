//! What a pause-tokens run reports: each arm's evaluations on the held-out questions.

use crate::data::pointer::Arm;
use serde::{Deserialize, Serialize};

/// One arm measured on the held-out questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The arm.
    pub arm: Arm,
    /// Steps this arm has trained.
    pub step: usize,
    /// Share of held-out questions answered right (a chain of thought written by the model
    /// itself, greedily, before its answer).
    pub accuracy: f64,
    /// Share answered with the start itself.
    pub answered_start: f64,
    /// What answering the start scores on these questions: right wherever the start lies on a
    /// cycle whose length divides k. The score of a model that learned nothing of the hops.
    pub baseline: f64,
    /// Per hop, the share of held-out questions whose pointer after that hop the model writes
    /// right (the chain of thought's hops, then the answer; one entry in the other arms).
    pub hops_right: Vec<f64>,
}

/// One result of a pause-tokens run: `{"kind": "evaluation", …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// One arm measured on the held-out questions.
    Evaluation(Evaluation),
}

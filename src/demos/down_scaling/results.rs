//! What a down-scaling run reports: each trained model measured at every sparsity (or, for a
//! dense model, as it is), and answers at the sparsity the page's slider asks for.

use serde::{Deserialize, Serialize};

/// Accuracies of one model at one sparsity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Share of the blocks' weights removed (0 for the model as trained).
    pub sparsity: f64,
    /// Closed-book accuracy over every stored fact.
    pub facts: f64,
    /// Open-book accuracy over the held-out in-context questions.
    pub in_context: f64,
}

/// One trained model, measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Index of the model in the run ([`crate::demos::down_scaling::DownScalingConfig::tasks`]).
    pub task: usize,
    /// Seed index.
    pub seed: usize,
    /// Width of its residual stream.
    pub width: usize,
    /// A dense model trained at a smaller width (its `points` hold the model as trained, at the
    /// sparsity that equals the share of block weights it lacks against the full width).
    pub dense: bool,
    /// Weights in its blocks' matrices.
    pub block_weights: usize,
    /// Training loss of its last step.
    pub final_loss: f64,
    /// Seconds it took to train and measure.
    pub seconds: f64,
    /// `Some(step)` for a full model measured while it trains, after `step` of its steps (it
    /// shows a value early; a later report of the same task replaces it); `None` once trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<usize>,
    /// Accuracies, by increasing sparsity.
    pub points: Vec<Point>,
}

impl Measured {
    /// Whether the model is measured after its last step (not at a checkpoint).
    pub fn is_final(&self) -> bool {
        self.checkpoint.is_none()
    }
}

/// Which kind of question an example is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Book {
    /// A stored fact: `key SEP`.
    Closed,
    /// An in-context question: pairs, then a key and SEP.
    Open,
}

/// A question and the first seed's answer at the asked sparsity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Closed- or open-book.
    pub book: Book,
    /// The question for people: `f17 →` or `c3 v42 c9 v7 … c9 →`.
    pub question: String,
    /// The right value.
    pub answer: u32,
    /// The model's value.
    pub predicted: u32,
}

/// The trained full models measured again at one sparsity (the page's slider).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The sparsity asked for.
    pub sparsity: f64,
    /// Each trained full model of this worker: seed index and accuracies.
    pub models: Vec<(usize, Point)>,
    /// The seed whose model answered the examples (this worker's first).
    pub examples_seed: Option<usize>,
    /// Example questions answered by that model.
    pub examples: Vec<Example>,
}

/// What a run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// A model, measured after training.
    Measured(Measured),
    /// Answers at a sparsity.
    Answer(Answer),
}

impl Report {
    /// The measured model, if this is one.
    pub fn measured(&self) -> Option<&Measured> {
        match self {
            Report::Measured(m) => Some(m),
            Report::Answer(_) => None,
        }
    }

    /// The answer, if this is one.
    pub fn answer(&self) -> Option<&Answer> {
        match self {
            Report::Answer(a) => Some(a),
            Report::Measured(_) => None,
        }
    }
}

/// A token for people: values `v0…`, SEP `→`, fact keys `f0…`, context keys `c0…`.
pub fn token_text(token: u32, values: usize, facts: usize) -> String {
    let t = token as usize;
    if t < values {
        format!("v{t}")
    } else if t == values {
        "→".into()
    } else if t <= values + facts {
        format!("f{}", t - values - 1)
    } else {
        format!("c{}", t - values - 1 - facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_read_as_their_kind() {
        let texts: Vec<String> =
            [0, 63, 64, 65, 2112, 2113].iter().map(|&t| token_text(t, 64, 2048)).collect();
        assert_eq!(texts, ["v0", "v63", "→", "f0", "f2047", "c0"]);
    }

    #[test]
    fn reports_are_tagged() {
        let answer =
            Report::Answer(Answer { sparsity: 0.3, models: vec![], examples_seed: None, examples: vec![] });
        let json = serde_json::to_value(&answer).unwrap();
        assert_eq!(json["kind"], "answer");
        assert_eq!(serde_json::from_value::<Report>(json).unwrap(), answer);
        assert!(answer.measured().is_none() && answer.answer().is_some());
    }
}

/// The answers of every worker at `sparsity` merged into one: each seed's latest accuracies, by
/// seed, and the examples of the lowest seed that gave some; `None` if no worker has answered
/// at it yet.
pub fn merge_answers<'a>(answers: impl IntoIterator<Item = &'a Answer>, sparsity: f64) -> Option<Answer> {
    let mut merged: Option<Answer> = None;
    for a in answers.into_iter().filter(|a| (a.sparsity - sparsity).abs() < 1e-9) {
        let m = merged.get_or_insert_with(|| Answer {
            sparsity,
            models: vec![],
            examples_seed: None,
            examples: vec![],
        });
        for &(seed, point) in &a.models {
            m.models.retain(|(s, _)| *s != seed);
            m.models.push((seed, point));
        }
        if a.examples_seed.is_some() && (m.examples_seed.is_none() || a.examples_seed < m.examples_seed) {
            m.examples_seed = a.examples_seed;
            m.examples = a.examples.clone();
        }
    }
    if let Some(m) = merged.as_mut() {
        m.models.sort_by_key(|(s, _)| *s);
    }
    merged
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn answers_merge_by_seed_at_one_sparsity() {
        let p = |f: f64| Point { sparsity: 0.3, facts: f, in_context: 1.0 };
        let a = Answer { sparsity: 0.3, models: vec![(2, p(0.5))], examples_seed: Some(2), examples: vec![] };
        let b = Answer {
            sparsity: 0.3,
            models: vec![(0, p(0.6)), (1, p(0.7))],
            examples_seed: Some(0),
            examples: vec![],
        };
        let old =
            Answer { sparsity: 0.2, models: vec![(0, p(0.9))], examples_seed: Some(0), examples: vec![] };
        let m = merge_answers([&a, &old, &b], 0.3).unwrap();
        assert_eq!(
            m.models.iter().map(|(s, q)| (*s, q.facts)).collect::<Vec<_>>(),
            vec![(0, 0.6), (1, 0.7), (2, 0.5)]
        );
        assert_eq!(m.examples_seed, Some(0));
        assert!(merge_answers([&a], 0.4).is_none());
    }
}

/// A question to a down-scaling run: every trained full model pruned to `sparsity` and measured
/// again, with example answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DownScalingQuery {
    /// Share of the blocks' weights removed (0..1).
    pub sparsity: f64,
}

//! What a memorisation run reports: the examples once (images, given and true labels, how many
//! networks saw each), then each batch of K networks measured on every example.

use super::config::Kind;
use serde::{Deserialize, Serialize};

/// The data every measurement refers to, sent once at the start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Examples {
    /// Pixels 0..=16 of every image, `[n · 64]`, row-major per image.
    pub pixels: Vec<u8>,
    /// The label each network trained on (some flipped), `[n]`.
    pub given: Vec<u8>,
    /// The original label, `[n]`.
    pub truth: Vec<u8>,
    /// Networks (of K) whose half holds each example, `[n]`: the same at every width.
    pub in_count: Vec<u16>,
    /// K.
    pub models: usize,
}

impl Examples {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.given.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
    }

    /// Whether example `i`'s label was flipped.
    pub fn flipped(&self, i: usize) -> bool {
        self.given[i] != self.truth[i]
    }

    /// Whether both estimates of example `i` exist: some networks saw it and some did not.
    pub fn estimable(&self, i: usize) -> bool {
        let seen = self.in_count[i] as usize;
        seen > 0 && seen < self.models
    }

    /// The 8×8 image of example `i`.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * 64..(i + 1) * 64]
    }
}

/// One batch of K networks of one width (label-trained or distilled), measured on every example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Width and training.
    pub kind: Kind,
    /// Per example: share of the networks that trained on it that predict its given label,
    /// P[h(xᵢ) = yᵢ | i ∈ S] (0 when none did).
    pub in_accuracy: Vec<f32>,
    /// Per example: the same over the networks that did not, P[h(xᵢ) = yᵢ | i ∉ S].
    pub out_accuracy: Vec<f32>,
    /// Accuracy of each network on its own half, against the given labels, averaged over K.
    pub train_accuracy: f64,
    /// Accuracy of each network on the clean examples outside its half, averaged over K: the
    /// test accuracy.
    pub test_accuracy: f64,
    /// Seconds this batch took to train and measure.
    pub seconds: f64,
}

impl Measured {
    /// Feldman's memorisation score of each example, in − out.
    pub fn memorisation(&self) -> Vec<f32> {
        self.in_accuracy.iter().zip(&self.out_accuracy).map(|(a, b)| a - b).collect()
    }
}

/// What a run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Report {
    /// The examples, once per worker.
    Examples(Examples),
    /// One batch of networks, after it trained.
    Measured(Measured),
}

impl Report {
    /// The examples, if this is them.
    pub fn examples(&self) -> Option<&Examples> {
        match self {
            Report::Examples(e) => Some(e),
            Report::Measured(_) => None,
        }
    }

    /// The measurement, if this is one.
    pub fn measured(&self) -> Option<&Measured> {
        match self {
            Report::Measured(m) => Some(m),
            Report::Examples(_) => None,
        }
    }
}

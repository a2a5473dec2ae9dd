//! Datasets. Each is a pure generator or loader: plain host vectors, no tensors, no DOM.

pub mod digits;
pub mod easy_hard;
pub mod facts;
pub mod path_star;
pub mod plane;
pub mod pointer;
pub mod spheres;

use crate::rng::Rng;

/// A labelled classification set held as plain host data.
#[derive(Clone, Debug, PartialEq)]
pub struct Labelled {
    /// Inputs, row-major: `[len, dim]`.
    pub inputs: Vec<f32>,
    /// Class of each row, `0..classes`.
    pub labels: Vec<u8>,
    /// Features per row.
    pub dim: usize,
    /// Number of classes.
    pub classes: usize,
}

impl Labelled {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// One example's inputs.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.inputs[i * self.dim..(i + 1) * self.dim]
    }

    /// One-hot targets, row-major `[len, classes]`.
    pub fn one_hot(&self) -> Vec<f32> {
        let mut out = vec![0.0; self.len() * self.classes];
        for (i, &y) in self.labels.iter().enumerate() {
            out[i * self.classes + y as usize] = 1.0;
        }
        out
    }
}

/// Changes `round(fraction · n)` labels, chosen by `rng` (a permutation, then one draw per chosen
/// label), each to another of `classes` classes drawn uniformly. Returns the given labels and
/// which were changed. The caller's stream keeps each demo's draws its own.
pub fn flip_labels(labels: &[u8], classes: usize, fraction: f64, rng: &mut Rng) -> (Vec<u8>, Vec<bool>) {
    let mut given = labels.to_vec();
    let mut flipped = vec![false; labels.len()];
    let count = ((fraction * labels.len() as f64).round() as usize).min(labels.len());
    for &i in &rng.permutation(labels.len())[..count] {
        given[i] = ((labels[i] as usize + 1 + rng.below(classes - 1)) % classes) as u8;
        flipped[i] = true;
    }
    (given, flipped)
}

/// Optimiser steps of one epoch over `n` examples in batches of `batch_size`.
pub fn steps_per_epoch(n: usize, batch_size: usize) -> usize {
    n.div_ceil(batch_size.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flips_the_share_asked_to_other_classes() {
        let labels: Vec<u8> = (0..1000).map(|i| (i % 10) as u8).collect();
        let flip = |seed| flip_labels(&labels, 10, 0.1, &mut Rng::for_component(seed, "flip", 0));
        let (given, flipped) = flip(3);
        let changed: Vec<bool> = labels.iter().zip(&given).map(|(a, b)| a != b).collect();
        assert_eq!(changed, flipped);
        assert_eq!(flipped.iter().filter(|&&f| f).count(), 100);
        assert!(given.iter().all(|&y| y < 10));
        assert_eq!(given, flip(3).0);
        assert_ne!(given, flip(4).0);
        assert_eq!(flip_labels(&labels, 10, 0.0, &mut Rng::new(1)).0, labels);
    }
}

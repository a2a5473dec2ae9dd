//! Datasets. Each is a pure generator or loader: plain host vectors, no tensors, no DOM.

pub mod digits;
pub mod easy_hard;
pub mod facts;
pub mod path_star;
pub mod plane;
pub mod spheres;

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

/// Optimiser steps of one epoch over `n` examples in batches of `batch_size`.
pub fn steps_per_epoch(n: usize, batch_size: usize) -> usize {
    n.div_ceil(batch_size.max(1))
}

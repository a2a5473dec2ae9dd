//! Configuration of the ResMem digits sweep. Defaults are the reference setting of
//! `shared/papers.md` §3: a one-hidden-layer MLP on the raw 8×8 digits, trained for 5 epochs,
//! at widths 8 and 32, corrected with k = 5 neighbours at σ = 0.05 in its penultimate layer.

use crate::data::digits::{self, Resolution};
use crate::experiments::Problem;
use serde::{Deserialize, Serialize};

/// Images held out for testing (the last ones of the file); the first 1,200 train.
pub const TEST_SIZE: usize = 597;
/// Training images.
pub const TRAIN_SIZE: usize = digits::COUNT - TEST_SIZE;

/// Where the neighbours are searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Embedding {
    /// The base model's hidden layer, L2-normalised (the paper's choice).
    #[default]
    Penultimate,
    /// The input pixels, L2-normalised.
    Input,
}

/// The sweep: for each (width, epochs) configuration, `seeds` base networks are trained at once
/// and each is corrected by its own residual memory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResMemConfig {
    /// Hidden widths of the base MLPs. Default 8, 32.
    pub widths: Vec<usize>,
    /// Epochs of base training for each width. Default 5.
    pub epochs: Vec<usize>,
    /// Base networks per configuration, each from its own seed (init and order). Default 3.
    pub seeds: usize,
    /// Neighbours. Default 5.
    pub k: usize,
    /// Temperature of the neighbour weights, in units of L2-normalised distance. Default 0.05.
    pub sigma: f32,
    /// Where neighbours are searched. Default penultimate.
    pub embedding: Embedding,
    /// SGD learning rate. Default 0.01.
    pub learning_rate: f64,
    /// Batch size. Default 32.
    pub batch_size: usize,
    /// Input resolution. Default raw 8×8.
    pub resolution: Resolution,
    /// Seed of the training order. Default 0.
    pub data_seed: u64,
    /// Seed of the initialisations. Default 0.
    pub init_seed: u64,
}

impl Default for ResMemConfig {
    fn default() -> Self {
        Self {
            widths: vec![8, 32],
            epochs: vec![5],
            seeds: 3,
            k: 5,
            sigma: 0.05,
            embedding: Embedding::Penultimate,
            learning_rate: 0.01,
            batch_size: 32,
            resolution: Resolution::Raw8,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

impl ResMemConfig {
    /// Every (width, epochs) configuration, widths outermost.
    pub fn jobs(&self) -> Vec<(usize, usize)> {
        self.widths.iter().flat_map(|&w| self.epochs.iter().map(move |&e| (w, e))).collect()
    }

    /// Optimiser steps per epoch.
    pub fn steps_per_epoch(&self) -> usize {
        TRAIN_SIZE.div_ceil(self.batch_size.max(1))
    }

    /// Optimiser steps of the whole sweep.
    pub fn total_steps(&self) -> u64 {
        self.jobs().iter().map(|&(_, e)| (e * self.steps_per_epoch()) as u64).sum()
    }

    /// Every problem with this configuration; empty when it can run.
    pub fn validate(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        let mut list = |key: &str, v: &[usize], lo: usize, hi: usize| {
            if v.is_empty() || v.len() > 6 || v.iter().any(|x| !(lo..=hi).contains(x)) {
                p.push(Problem::new(key, format!("give 1 to 6 values in {lo}..={hi}")));
            }
        };
        list("widths", &self.widths, 1, 1024);
        list("epochs", &self.epochs, 1, 1000);
        let mut range = |key: &str, v: usize, lo: usize, hi: usize| {
            if !(lo..=hi).contains(&v) {
                p.push(Problem::new(key, format!("{v} is outside {lo}..={hi}")));
            }
        };
        range("seeds", self.seeds, 1, 8);
        range("k", self.k, 1, 100);
        range("batch_size", self.batch_size, 1, 512);
        if !(1e-4..=10.0).contains(&self.sigma) {
            p.push(Problem::new("sigma", format!("{} is outside 0.0001..=10", self.sigma)));
        }
        if !(1e-5..=10.0).contains(&self.learning_rate) {
            p.push(Problem::new("learning_rate", format!("{} is outside 0.00001..=10", self.learning_rate)));
        }
        p
    }
}

//! Configuration of the ResMem demo: a 2-D playground (a narrow MLP on a picture in the plane)
//! and the digits sweep. The digits defaults are the setting of the NumPy reference
//! `bench/reference/resmem_numpy.py`: a one-hidden-layer MLP on the raw 8×8 digits, trained for 5
//! epochs (the sweep adds 1, 20 and 100, up to interpolation), corrected with k = 5 neighbours at
//! σ = 0.05 in its penultimate layer.

use crate::data::digits::{self, Resolution};
use crate::data::plane::Plane;
use crate::data::steps_per_epoch;
use serde::{Deserialize, Serialize};

/// Images held out for testing (the last ones of the file); the first 1,200 train.
pub const TEST_SIZE: usize = 597;
/// Training images.
pub const TRAIN_SIZE: usize = digits::COUNT - TEST_SIZE;
/// Playground batch size.
pub const PLANE_BATCH: usize = 10;

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

/// The playground, then the sweep: for each (width, epochs) configuration, `seeds` base
/// networks are trained at once and each is corrected by its own residual memory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResMemConfig {
    /// Playground: the picture. Default two spirals.
    pub plane: Plane,
    /// Playground: training points (as many again are drawn for testing). Default 300.
    pub points: usize,
    /// Playground: fraction of labels flipped, in training and test points alike. Default 0.05.
    pub label_noise: f64,
    /// Playground: hidden width of its MLP, too narrow for the picture. Default 6.
    pub plane_width: usize,
    /// Playground: epochs of base training. Default 150.
    pub plane_epochs: usize,
    /// Playground: SGD learning rate (batch 10). Default 0.1.
    pub plane_learning_rate: f64,
    /// Hidden widths of the base MLPs. Default 8, 32.
    pub widths: Vec<usize>,
    /// Epochs of base training for each width: from far from fitting to interpolating. Default
    /// 1, 5, 20, 100.
    pub epochs: Vec<usize>,
    /// Base networks per configuration, each from its own seed (init and order). Default 3.
    pub seeds: usize,
    /// Neighbours. Default 5.
    pub k: usize,
    /// Temperature of the neighbour weights, in units of L2-normalised distance. Default 0.05.
    pub sigma: f64,
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
            plane: Plane::Spirals,
            points: 300,
            label_noise: 0.05,
            plane_width: 6,
            plane_epochs: 150,
            plane_learning_rate: 0.1,
            widths: vec![8, 32],
            epochs: vec![1, 5, 20, 100],
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

    /// Optimiser steps of the playground.
    pub fn plane_steps(&self) -> u64 {
        (steps_per_epoch(self.points, PLANE_BATCH) * self.plane_epochs) as u64
    }

    /// Optimiser steps of the playground and the whole sweep.
    pub fn total_steps(&self) -> u64 {
        let per_epoch = steps_per_epoch(TRAIN_SIZE, self.batch_size);
        self.plane_steps() + self.jobs().iter().map(|&(_, e)| (e * per_epoch) as u64).sum::<u64>()
    }
}

//! Configuration of the disagreement sweep. Defaults are the setting of the NumPy reference
//! `bench/reference/disagreement_numpy.py` (digits pooled to 4×4, n ∈ {100, 200}, width ∈
//! {32, 128}, SGD lr 0.05, batch 8, 50 and 200 epochs).

use crate::data::digits::{self, Resolution};
use crate::data::steps_per_epoch;
use serde::{Deserialize, Serialize};

/// The last 597 images are the (unlabeled, for disagreement) test set.
pub const TEST_SIZE: usize = 597;
/// Training sets are drawn from the first 1,200 images.
pub const TRAIN_POOL: usize = digits::COUNT - TEST_SIZE;

/// Which source of SGD randomness differs between the runs of a configuration (the paper's §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Randomness {
    /// Different initialisations; same data and order.
    DiffInit,
    /// Different data orders; same data and initialisation.
    DiffOrder,
    /// Disjoint training sets; same initialisation and (position) order.
    DiffData,
    /// Everything differs: data, order and initialisation.
    #[default]
    AllDiff,
}

impl Randomness {
    /// All four, in the paper's order.
    pub const ALL: [Randomness; 4] =
        [Randomness::AllDiff, Randomness::DiffData, Randomness::DiffInit, Randomness::DiffOrder];

    /// Runs start from different weights.
    pub fn varies_init(self) -> bool {
        matches!(self, Randomness::DiffInit | Randomness::AllDiff)
    }

    /// Runs see their examples in different orders.
    pub fn varies_order(self) -> bool {
        matches!(self, Randomness::DiffOrder | Randomness::AllDiff)
    }

    /// Runs train on disjoint training sets.
    pub fn varies_data(self) -> bool {
        matches!(self, Randomness::DiffData | Randomness::AllDiff)
    }

    /// The paper's name.
    pub fn label(self) -> &'static str {
        match self {
            Randomness::DiffInit => "DiffInit",
            Randomness::DiffOrder => "DiffOrder",
            Randomness::DiffData => "DiffData",
            Randomness::AllDiff => "AllDiff",
        }
    }
}

/// The sweep: every (width, training-set size) pair trains `models` networks as one batched model;
/// each is measured at every epoch in `epochs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisagreementConfig {
    /// Hidden-layer widths of the one-hidden-layer ReLU MLPs. Default `[32, 128]`.
    pub widths: Vec<usize>,
    /// Training-set sizes, drawn from the first 1,200 images. Default `[100, 200]`.
    pub train_sizes: Vec<usize>,
    /// Epochs at which every run is measured; training goes on to the largest. Default `[50, 200]`
    /// (the 50-epoch point is the 200-epoch run seen earlier: same seeds, same steps).
    pub epochs: Vec<usize>,
    /// Networks trained per configuration; every pair of them is compared. Default 4 (6 pairs).
    pub models: usize,
    /// The source of randomness that differs between those networks. Default AllDiff.
    pub randomness: Randomness,
    /// SGD learning rate (no momentum, no weight decay). Default 0.05.
    pub learning_rate: f64,
    /// Minibatch size. Default 8.
    pub batch_size: usize,
    /// Input resolution: 4×4 pooled (16 inputs, default) or raw 8×8 (64).
    pub resolution: Resolution,
    /// Seed of the training-set draw and the batch orders. Default 0.
    pub data_seed: u64,
    /// Seed of the weight initialisation. Default 0.
    pub init_seed: u64,
}

impl Default for DisagreementConfig {
    fn default() -> Self {
        Self {
            widths: vec![32, 128],
            train_sizes: vec![100, 200],
            epochs: vec![50, 200],
            models: 4,
            randomness: Randomness::AllDiff,
            learning_rate: 0.05,
            batch_size: 8,
            resolution: Resolution::Pool4,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

/// One configuration of the sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Hidden width.
    pub width: usize,
    /// Training-set size.
    pub train_size: usize,
}

impl Job {
    /// A short name for people, e.g. "w32 n100".
    pub fn label(&self) -> String {
        format!("width {} · n {}", self.width, self.train_size)
    }
}

impl DisagreementConfig {
    /// The configurations of the sweep, smallest training set first so that points appear early.
    pub fn jobs(&self) -> Vec<Job> {
        let mut sizes = self.train_sizes.clone();
        sizes.sort_unstable();
        sizes.dedup();
        let mut widths = self.widths.clone();
        widths.sort_unstable();
        widths.dedup();
        sizes
            .iter()
            .flat_map(|&train_size| widths.iter().map(move |&width| Job { width, train_size }))
            .collect()
    }

    /// The measurement epochs, sorted and without repeats.
    pub fn checkpoints(&self) -> Vec<usize> {
        let mut e = self.epochs.clone();
        e.sort_unstable();
        e.dedup();
        e
    }

    /// Optimiser steps in one epoch over `train_size` examples (the last batch may be smaller).
    pub fn steps_per_epoch(&self, train_size: usize) -> usize {
        steps_per_epoch(train_size, self.batch_size)
    }

    /// Optimiser steps of the whole sweep.
    pub fn total_steps(&self) -> u64 {
        let epochs = self.checkpoints().last().copied().unwrap_or(0);
        self.jobs().iter().map(|j| (self.steps_per_epoch(j.train_size) * epochs) as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_are_valid_and_sized_as_the_reference() {
        let c = DisagreementConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        assert_eq!(c.jobs().len(), 4);
        assert_eq!(c.jobs()[0], Job { width: 32, train_size: 100 });
        // 100/8 → 13 steps, 200/8 → 25 steps; × 200 epochs × 2 widths.
        assert_eq!(c.total_steps(), (13 + 25) * 200 * 2);
        assert_eq!(TRAIN_POOL, 1200);
    }

    #[test]
    fn every_problem_is_reported() {
        let c = DisagreementConfig {
            widths: vec![],
            epochs: vec![0],
            models: 1,
            learning_rate: -1.0,
            train_sizes: vec![600],
            ..Default::default()
        };
        let keys: Vec<String> = c.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["widths", "epochs", "models", "learning_rate"]);
        // AllDiff with 4 models × 400 examples needs 1,600 > 1,200 images.
        let c = DisagreementConfig { train_sizes: vec![400], ..Default::default() };
        assert_eq!(c.validate()[0].key, "train_sizes");
        let c = DisagreementConfig {
            train_sizes: vec![400],
            randomness: Randomness::DiffInit,
            ..Default::default()
        };
        assert!(c.validate().is_empty());
    }

    #[test]
    fn json_round_trip_and_unknown_fields() {
        let c = DisagreementConfig { models: 3, ..Default::default() };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<DisagreementConfig>(&text).unwrap(), c);
        let partial: DisagreementConfig = serde_json::from_str(r#"{"models": 2}"#).unwrap();
        assert_eq!(partial.widths, vec![32, 128]);
        assert!(serde_json::from_str::<DisagreementConfig>(r#"{"modles": 2}"#).is_err());
    }
}

//! The diabetes regression data (Efron, Hastie, Johnstone & Tibshirani, 2004, as shipped with
//! scikit-learn: 442 patients, 10 baseline variables, disease progression a year later): its
//! shape. The training build embeds the file (`train/split.rs`); provenance, licence and the
//! script that made it are in `data/README.md`.

/// Patients.
pub const COUNT: usize = 442;
/// Baseline variables per patient.
pub const FEATURES: usize = 10;
/// Patients in the training half of a split (the rest, also 221, are the test set).
pub const TRAIN: usize = COUNT / 2;
/// Patients in the test half.
pub const TEST: usize = COUNT - TRAIN;
/// The variables' names, in column order.
pub const NAMES: [&str; FEATURES] = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

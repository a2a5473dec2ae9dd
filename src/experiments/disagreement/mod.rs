//! The disagreement demo: Jiang, Nagarajan, Baek & Kolter, "Assessing Generalization of SGD via
//! Disagreement" (ICLR 2022). Train the same architecture several times with different SGD
//! randomness; the rate at which two runs disagree on *unlabeled* test data estimates their test
//! error (the generalization-disagreement equality, GDE), because SGD ensembles are calibrated in
//! the class-aggregated sense (their Theorem 4.2; see `training::metrics`).

mod config;
mod run;
mod summary;
mod table;

pub use config::{DisagreementConfig, Randomness, TEST_SIZE, TRAIN_POOL};
pub use run::{Checkpoint, Pair, run};
pub use summary::Summary;

//! The disagreement demo: Jiang, Nagarajan, Baek & Kolter, "Assessing Generalization of SGD via
//! Disagreement" (ICLR 2022). Train the same architecture several times with different SGD
//! randomness; the rate at which two runs disagree on *unlabeled* test data estimates their test
//! error (the generalization-disagreement equality, GDE), because SGD ensembles are calibrated in
//! the class-aggregated sense (their Theorem 4.2; see [`crate::metrics`]).

mod claims;
mod config;
mod cost;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
mod summary;
mod table;
#[cfg(feature = "train")]
mod train;

pub use config::{DisagreementConfig, Job, Randomness, TEST_SIZE, TRAIN_POOL};
pub use results::{Checkpoint, Pair};
pub use summary::Summary;
#[cfg(feature = "train")]
pub use train::{run, training_sets};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper};
use crate::estimate::cost::{Cost, CostCase};

/// The disagreement demo.
pub struct Disagreement;

impl Demo for Disagreement {
    const ID: &'static str = "disagreement";
    const TITLE: &'static str = "Disagreement predicts test error";
    const SUMMARY: &'static str = "Train the same network twice; how often the two disagree on unlabeled data \
        estimates their test error (Jiang, Nagarajan, Baek & Kolter, ICLR 2022).";
    const PAPER: Paper = Paper {
        authors: "Jiang, Nagarajan, Baek & Kolter",
        title: "Assessing Generalization of SGD via Disagreement",
        venue: "ICLR 2022",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = DisagreementConfig;
    type Query = crate::demos::NoQuery;
    type Result = Checkpoint;

    fn total_steps(config: &DisagreementConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"epochs": [1, 2]}"#),
        CostCase::to_end(
            r#"{"widths": [1024], "train_sizes": [100], "epochs": [2], "models": 8, "resolution": "raw8"}"#,
        ),
    ];

    fn cost(config: &DisagreementConfig) -> Cost {
        config.cost()
    }
}

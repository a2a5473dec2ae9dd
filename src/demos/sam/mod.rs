//! The SAM demo: Springer, Nagarajan & Raghunathan, "Sharpness-Aware Minimization Enhances
//! Feature Quality via Balanced Learning" (ICLR 2024). An easy and a hard feature both predict
//! the label ([`crate::data::easy_hard`]); SGD rides the easy one and lets the hard one fade,
//! SAM (`training::sam`) keeps learning it. Each feature's quality is a linear probe
//! (`training::probe`) on the frozen 16-unit penultimate layer, on data where the two features
//! are independent.

mod claims;
mod config;
mod cost;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
mod table;
#[cfg(feature = "train")]
mod train;

pub use config::SamConfig;
pub use results::{Checkpoint, Method};
#[cfg(feature = "train")]
pub use train::{WIDTHS, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper};
use crate::estimate::cost::{Cost, CostCase};

/// The SAM demo.
pub struct Sam;

impl Demo for Sam {
    const ID: &'static str = "sam";
    const TITLE: &'static str = "SAM balances features";
    const SUMMARY: &'static str = "Sharpness-aware minimization learns a harder, redundant feature that SGD neglects \
        (Springer, Nagarajan & Raghunathan, ICLR 2024).";
    const PAPER: Paper = Paper {
        authors: "Springer, Nagarajan & Raghunathan",
        title: "Sharpness-Aware Minimization Enhances Feature Quality via Balanced Learning",
        venue: "ICLR 2024",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = SamConfig;
    type Query = crate::demos::NoQuery;
    type Result = Checkpoint;

    fn total_steps(config: &SamConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"epochs": 2}"#),
        CostCase::to_end(r#"{"epochs": 2, "seeds": 16, "batch_size": 512}"#),
    ];

    fn cost(config: &SamConfig) -> Cost {
        config.cost()
    }
}

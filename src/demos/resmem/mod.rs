//! The ResMem demo: Yang, Lukasik, Nagarajan et al., "ResMem: Learn what you can and memorize the
//! rest" (NeurIPS 2023). A base MLP too small or too briefly trained to fit its data is corrected
//! by a soft k-nearest-neighbour model of its training residuals (`training::knn_memory`):
//! first in a 2-D playground, where both decision surfaces can be drawn, then on the digits,
//! where the correction raises test accuracy and the gain vanishes once the base interpolates.

mod claims;
pub(crate) mod config;
mod cost;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
pub(crate) mod table;
#[cfg(feature = "train")]
mod train;

pub use config::{Embedding, ResMemConfig, TEST_SIZE, TRAIN_SIZE};
pub use results::{Answer, GRID, Measurement, Outcome, Report, ResMemQuery, Surface, VIEW};
#[cfg(feature = "train")]
pub use train::run;

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper};
use crate::estimate::cost::{Cost, CostCase};

/// The ResMem demo.
pub struct ResMem;

impl Demo for ResMem {
    const ID: &'static str = "resmem";
    const TITLE: &'static str = "ResMem: memorize the residuals";
    const SUMMARY: &'static str = "A k-nearest-neighbour model of a network's residuals raises its test accuracy (Yang \
        et al., NeurIPS 2023).";
    const PAPER: Paper = Paper {
        authors: "Yang, Lukasik, Nagarajan et al.",
        title: "ResMem: Learn what you can and memorize the rest",
        venue: "NeurIPS 2023",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = ResMemConfig;
    type Query = ResMemQuery;
    type Result = Report;

    fn total_steps(config: &ResMemConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"epochs": [1, 2], "plane_epochs": 1}"#),
        CostCase::to_end(
            r#"{"widths": [512, 1024], "epochs": [1], "seeds": 8, "plane_epochs": 1, "plane_width": 512}"#,
        ),
    ];

    fn cost(config: &ResMemConfig) -> Cost {
        config.cost()
    }

    /// Only the latest re-measurement matters (a dragged slider asks many times).
    fn replaces(new: &Report, old: &Report) -> bool {
        matches!((new, old), (Report::Answer(_), Report::Answer(_)))
    }
}

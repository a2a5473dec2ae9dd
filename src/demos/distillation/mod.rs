//! The distillation demo: Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar, "On student-teacher
//! deviations in distillation: does it pay to disobey?" (NeurIPS 2023). A student trained on
//! its teacher's probabilities does not copy them: where the teacher is unsure the student is
//! even less sure, and in a linear model, gradient descent on the teacher's predictions squares
//! each eigendirection's progress, exaggerating the bias toward the top directions.

mod analysis;
mod claims;
mod config;
mod cost;
pub mod limits;
mod linear;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
mod table;
#[cfg(feature = "train")]
mod train;

pub use analysis::{fit, gap_by_teacher_rank, log_odds};
pub use config::{DistillationConfig, MAX_TRAIN, OptimizerChoice};
pub use linear::{Direction, LinearSetup};
pub use results::{Classifier, DistillationQuery, LinearView, Pair, Report, Scatter};
#[cfg(feature = "train")]
pub use train::{Trained, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper};
use crate::estimate::cost::{Cost, CostCase};

/// The distillation demo.
pub struct Distillation;

impl Demo for Distillation {
    const ID: &'static str = "distillation";
    const TITLE: &'static str = "Distillation: a student that disobeys";
    const SUMMARY: &'static str = "Train a student on its teacher's probabilities: where the teacher is unsure the \
        student is even less sure, and in a linear model distillation squares gradient descent's progress in every \
        direction (Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar, NeurIPS 2023).";
    const PAPER: Paper = Paper {
        authors: "Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar",
        title: "On student-teacher deviations in distillation: does it pay to disobey?",
        venue: "NeurIPS 2023",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = DistillationConfig;
    type Query = DistillationQuery;
    type Result = Report;

    fn total_steps(config: &DistillationConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"epochs": 1, "student_epochs": 1}"#),
        CostCase::to_end(
            r#"{"widths": [1024, 1024], "seeds": 16, "epochs": 1, "student_epochs": 1, "batch_size": 512}"#,
        ),
    ];

    fn cost(config: &DistillationConfig) -> Cost {
        config.cost()
    }

    /// A newer linear view replaces an older one (the page asks for another T).
    fn replaces(new: &Report, old: &Report) -> bool {
        matches!((new, old), (Report::Linear(_), Report::Linear(_)))
    }
}

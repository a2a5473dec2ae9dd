//! The path-star demo: Bachmann & Nagarajan, "The Pitfalls of Next-Token Prediction" (ICML
//! 2024). A GPT trained with teacher forcing learns the "Clever Hans" cheat (each path node is an
//! edge lookup from the previous one, which the input hands it) and never learns the one real
//! decision, the first step away from the source: exact match stays near 1/d. Training on the
//! reversed path (every step an edge lookup from the goal) solves the task; teacherless training
//! (no answer in the input) must learn the decision too; at this size it does not, in any budget
//! tried (see docs/demos/path-star.md).

pub mod attention;
mod claims;
mod config;
mod cost;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
pub mod plateau;
pub mod presets;
mod reference;
mod results;
mod table;
#[cfg(feature = "train")]
mod train;

pub use claims::CHEAT_LEARNED;
pub use config::PathStarConfig;
pub use results::{Answer, Evaluation, ModePath, PathStarQuery, Report, SAMPLE_GRAPHS, Sample};
#[cfg(feature = "train")]
pub use train::{Models, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::demo::contiguous_parts;
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The path-star demo.
pub struct PathStar;

impl Demo for PathStar {
    const ID: &'static str = "path-star";
    const TITLE: &'static str = "Path-star planning";
    const SUMMARY: &'static str = "Teacher-forced next-token training fails a trivially learnable planning task; \
        reverse and teacherless training solve it (Bachmann & Nagarajan, ICML 2024).";
    const PAPER: Paper = Paper {
        authors: "Bachmann & Nagarajan",
        title: "The Pitfalls of Next-Token Prediction",
        venue: "ICML 2024",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = PathStarConfig;
    type Query = PathStarQuery;
    type Result = Report;

    fn total_steps(config: &PathStarConfig) -> u64 {
        config.total_steps()
    }

    const RESUMES: bool = true;

    const COST_CASES: &'static [CostCase] = &[
        CostCase::steps(r#"{"eval_every": 2, "steps": 4}"#, 4),
        CostCase::steps(
            r#"{"eval_every": 2, "steps": 4, "layers": 4, "d_model": 128, "heads": 4, "batch_size": 256}"#,
            4,
        ),
        CostCase::steps(r#"{"eval_every": 2, "steps": 4, "eval_graphs": 100, "batch_size": 512}"#, 4),
    ];

    fn cost(config: &PathStarConfig) -> Cost {
        config.cost()
    }

    /// The modes, in contiguous groups: every mode starts from the same weights and draws the
    /// same graphs from its own generator, so a mode trained alone reports what it reports
    /// beside the others (`train::run`'s test `modes_split_across_parts_report_the_same`).
    fn split(config: &PathStarConfig, parts: usize) -> Vec<Part<PathStarConfig>> {
        contiguous_parts(&config.modes, parts, |modes| PathStarConfig { modes, ..config.clone() })
    }
}

//! The down-scaling demo: Jin, Clement, Dong, Nagarajan, Carbin, Ragan-Kelley & Dziugaite, "The
//! Cost of Down-Scaling Language Models: Fact Recall Deteriorates before In-Context Learning"
//! (ICLR 2024). A small transformer learns facts (closed-book) and to read pairs given in its
//! context (open-book); removing the smallest weights of its blocks erases the facts long before
//! it stops answering from context.

mod analysis;
mod config;
mod cost;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
mod table;
#[cfg(feature = "train")]
mod train;

pub use analysis::{Band, Crossings, HALF, bands, below_half, removed_share};
pub use config::{CONTEXT_KEYS, DownScalingConfig, EVAL_CHUNK, Switch, Task};
pub use results::{Answer, Book, Example, Measured, Point, Report, token_text};
#[cfg(feature = "train")]
pub use train::{Trained, prune, run};

use crate::demos::cost::Cost;
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper};

/// The down-scaling demo.
pub struct DownScaling;

impl Demo for DownScaling {
    const ID: &'static str = "down-scaling";
    const TITLE: &'static str = "Down-scaling: facts go before in-context learning";
    const SUMMARY: &'static str = "Prune the smallest weights of a small transformer: recall of facts it stored in training collapses long before it stops answering from pairs given in its context (Jin, Nagarajan, Dziugaite et al., ICLR 2024).";
    const PAPER: Paper = Paper {
        authors: "Jin, Clement, Dong, Nagarajan, Carbin, Ragan-Kelley & Dziugaite",
        title: "The Cost of Down-Scaling Language Models: Fact Recall Deteriorates before In-Context Learning",
        venue: "ICLR 2024",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    type Config = DownScalingConfig;
    type Result = Report;

    fn total_steps(config: &DownScalingConfig) -> u64 {
        config.total_steps()
    }

    fn cost(config: &DownScalingConfig) -> Cost {
        config.cost()
    }

    /// A newer answer replaces an older one that covers no other seed.
    fn replaces(new: &Report, old: &Report) -> bool {
        match (new, old) {
            (Report::Answer(new), Report::Answer(old)) => {
                old.models.iter().all(|(s, _)| new.models.iter().any(|(n, _)| n == s))
                    && (new.examples.len() >= old.examples.len())
            }
            _ => false,
        }
    }
}

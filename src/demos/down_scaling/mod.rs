//! The down-scaling demo: Jin, Clement, Dong, Nagarajan, Carbin, Ragan-Kelley & Dziugaite, "The
//! Cost of Down-Scaling Language Models: Fact Recall Deteriorates before In-Context Learning"
//! (ICLR 2024). A small transformer learns facts (closed-book) and to read pairs given in its
//! context (open-book); removing the smallest weights of its blocks erases the facts long before
//! it stops answering from context.

mod analysis;
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

pub use analysis::{Band, Crossings, HALF, at_one_step, bands, below_half, removed_share};
pub use config::{CHECKPOINTS, CONTEXT_KEYS, DownScalingConfig, EVAL_CHUNK, Switch, Task};
pub use results::{
    Answer, Book, DownScalingQuery, Example, Measured, Point, Report, merge_answers, token_text,
};
#[cfg(feature = "train")]
pub use train::{Trained, prune, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The down-scaling demo.
pub struct DownScaling;

impl Demo for DownScaling {
    const ID: &'static str = "down-scaling";
    const TITLE: &'static str = "Down-scaling: facts go before in-context learning";
    const SUMMARY: &'static str = "Prune the smallest weights of a small transformer: recall of facts it stored in \
        training collapses long before it stops answering from pairs given in its context (Jin, Nagarajan, Dziugaite \
        et al., ICLR 2024).";
    const PAPER: Paper = Paper {
        authors: "Jin, Clement, Dong, Nagarajan, Carbin, Ragan-Kelley & Dziugaite",
        title: "The Cost of Down-Scaling Language Models: Fact Recall Deteriorates before In-Context Learning",
        venue: "ICLR 2024",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = DownScalingConfig;
    type Query = DownScalingQuery;
    type Result = Report;

    fn total_steps(config: &DownScalingConfig) -> u64 {
        config.total_steps()
    }

    const RESUMES: bool = true;

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"steps": 2}"#),
        CostCase::to_end(concat!(
            r#"{"d_model": 64, "steps": 2, "closed_batch": 512, "open_batch": 1024, "seeds": 2, "#,
            r#""dense_widths": [32], "facts": 8192}"#
        )),
    ];

    fn cost(config: &DownScalingConfig) -> Cost {
        config.cost()
    }

    /// A newer answer replaces an older one that covers no other seed (each worker answers for
    /// its own models). Measurements stay: the curves are read at a step every seed reached
    /// ([`at_one_step`]).
    fn replaces(new: &Report, old: &Report) -> bool {
        match (new, old) {
            (Report::Answer(new), Report::Answer(old)) => {
                old.models.iter().all(|(s, _)| new.models.iter().any(|(n, _)| n == s))
            }
            _ => false,
        }
    }

    /// Every model is independent (its streams are keyed by seed index and width, never by
    /// position): the tasks are cut into contiguous groups, one per worker, each written with
    /// `first_seed`, `seeds` and `dense_widths` (0: none).
    fn split(config: &DownScalingConfig, parts: usize) -> Vec<Part<DownScalingConfig>> {
        let tasks = config.tasks();
        let parts = parts.clamp(1, tasks.len().max(1));
        if parts == 1 {
            return vec![Part { config: config.clone(), first_task: 0 }];
        }
        let mut out = Vec::with_capacity(parts);
        let mut first = 0;
        for i in 0..parts {
            let len = tasks.len() / parts + usize::from(i < tasks.len() % parts);
            let mine = &tasks[first..first + len];
            let full: Vec<usize> = mine.iter().filter(|t| !t.dense).map(|t| t.seed).collect();
            let dense: Vec<usize> = mine.iter().filter(|t| t.dense).map(|t| t.width).collect();
            let config = DownScalingConfig {
                first_seed: full.first().copied().unwrap_or(config.first_seed),
                seeds: full.len(),
                dense_widths: if dense.is_empty() { vec![0] } else { dense },
                ..config.clone()
            };
            out.push(Part { config, first_task: first });
            first += len;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn a_split_covers_every_task_once_in_order() {
        // The paper-scale setting: three full models and two dense ones.
        let config = DownScalingConfig::paper_scale();
        for parts in 1..=8 {
            let split = DownScaling::split(&config, parts);
            let mut tasks = Vec::new();
            for p in &split {
                assert_eq!(p.first_task, tasks.len(), "{parts} parts");
                tasks.extend(p.config.tasks());
                assert!(p.config.validate().is_empty(), "{:?}", p.config.validate());
            }
            assert_eq!(tasks, config.tasks(), "{parts} parts");
        }
        assert_eq!(DownScaling::split(&config, 8).len(), 5);
    }
}

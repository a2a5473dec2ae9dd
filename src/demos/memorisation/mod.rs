//! The memorisation demo: Lukasik, Nagarajan et al., "What do larger image classifiers
//! memorise?" (2023). Feldman's memorisation score of a training example compares networks
//! trained with it against networks trained without it; measured across widths, examples follow
//! different trajectories (most decrease, some are cap-shaped, some increase: mislabeled and
//! atypical ones), and distillation inhibits memorisation, mostly of the increasing ones.

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

pub use analysis::{
    CHANGE, Comparison, MEMORISED, Trajectories, Trajectory, WidthSummary, by_width, comparisons, mean_where,
    standard_error, summaries, worst_standard_error,
};
pub use config::{Distillation, EXAMPLES, Kind, MemorisationConfig};
pub use results::{Examples, Measured, Report};
#[cfg(feature = "train")]
pub use train::{Prepared, half, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The memorisation demo.
pub struct Memorisation;

impl Demo for Memorisation {
    const ID: &'static str = "memorisation";
    const TITLE: &'static str = "What larger networks memorise";
    const SUMMARY: &'static str = "Train many networks of each width on random halves of 300 digits: which examples \
        does each width memorise? Mislabeled ones more and more as networks grow; most memorised correctly labelled \
        ones less (Lukasik, Nagarajan et al., 2023).";
    const PAPER: Paper = Paper {
        authors: "Lukasik, Nagarajan, Rawat, Menon, Chang, Kumar et al.",
        title: "What do larger image classifiers memorise?",
        venue: "TMLR 2024 (arXiv 2310.05337)",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = MemorisationConfig;
    type Query = crate::demos::NoQuery;
    type Result = Report;

    fn total_steps(config: &MemorisationConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"epochs": 1}"#),
        CostCase::to_end(r#"{"widths": [256], "models": 32, "epochs": 1, "student_widths": [64]}"#),
        CostCase::to_end(
            r#"{"widths": [256], "models": 32, "examples": 1797, "epochs": 1, "student_widths": [64]}"#,
        ),
    ];

    fn cost(config: &MemorisationConfig) -> Cost {
        config.cost()
    }

    /// The examples are the same in every worker: the newest copy stands for all.
    fn replaces(new: &Report, old: &Report) -> bool {
        matches!((new, old), (Report::Examples(_), Report::Examples(_)))
    }

    /// Each width's batch is independent of the others except the students, which need the
    /// teachers (the largest width): part 0 trains the largest width and every student; the
    /// other widths are cut into contiguous groups, one per remaining worker, without students.
    /// Seeds are keyed by width and network, never by position, so a part measures exactly what
    /// the whole run measures for its batches.
    fn split(config: &MemorisationConfig, parts: usize) -> Vec<Part<MemorisationConfig>> {
        let widths = config.sorted_widths();
        let students = config.students();
        let others = widths.len().saturating_sub(1);
        let parts = parts.clamp(1, others + 1);
        if parts == 1 || students.is_empty() && others == 0 {
            return vec![Part { config: config.clone(), first_task: 0 }];
        }
        let off = |widths: Vec<usize>| MemorisationConfig {
            widths,
            distillation: Distillation::Off,
            ..config.clone()
        };
        let mut out = Vec::with_capacity(parts);
        let groups = parts - 1;
        let mut first = 0;
        for i in 0..groups {
            let len = others / groups + usize::from(i < others % groups);
            out.push(Part { config: off(widths[first..first + len].to_vec()), first_task: first });
            first += len;
        }
        let last = MemorisationConfig { widths: vec![widths[others]], ..config.clone() };
        // The largest width is task `others`; its students follow it: one contiguous block.
        out.push(Part { config: last, first_task: others });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_covers_every_task_once_in_order() {
        let config = MemorisationConfig::default();
        for parts in 1..=8 {
            let split = Memorisation::split(&config, parts);
            let mut tasks = Vec::new();
            for p in &split {
                assert_eq!(p.first_task, tasks.len(), "{parts} parts");
                tasks.extend(p.config.tasks());
                assert!(crate::settings::Settings::validate(&p.config).is_empty());
            }
            assert_eq!(tasks, config.tasks(), "{parts} parts");
            let steps: u64 = split.iter().map(|p| p.config.total_steps()).sum();
            assert_eq!(steps, config.total_steps());
        }
        assert_eq!(Memorisation::split(&config, 4).len(), 4);
        assert_eq!(Memorisation::split(&config, 20).len(), 5);
    }
}

//! The local-explainability demo: Li, Nagarajan, Plumb & Talwalkar, "A Learning Theoretic
//! Perspective on Local Explainability" (ICLR 2021). A zoo of MLPs on the diabetes regression
//! data, some trained with a penalty that makes them locally close to affine (ExpO); for each,
//! how well local linear explanations fit it over neighbourhoods of width σ (NF and the mirrored
//! MNF, `train/probes.rs`) against its generalisation gap; and whether explanations fitted on the
//! finite training set generalise (they need wide neighbourhoods).

mod claims;
mod config;
mod cost;
mod diabetes;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
mod page;
mod reference;
mod results;
mod table;
#[cfg(feature = "train")]
mod train;

pub use claims::{correlation, spearman};
pub use config::{
    CLAIM_SIGMA, FIT_POINTS, Job, LocalExplainabilityConfig, MIRRORS, REG_NEIGHBOURS, REG_POINTS, REG_SIGMA,
    WIDE_SIGMA,
};
pub use diabetes::{FEATURES, NAMES, TEST, TRAIN};
pub use results::{Fidelity, Generalisation, Measurement, Slice};
#[cfg(feature = "train")]
pub use train::run;

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The local-explainability demo.
pub struct LocalExplainability;

impl Demo for LocalExplainability {
    const ID: &'static str = "local-explainability";
    const TITLE: &'static str = "Local explanations and generalisation";
    const SUMMARY: &'static str = "Networks whose local linear explanations hold over wider neighbourhoods generalise \
        better, and explanations need wide neighbourhoods to generalise themselves (Li, Nagarajan, Plumb & \
        Talwalkar, ICLR 2021).";
    const PAPER: Paper = Paper {
        authors: "Li, Nagarajan, Plumb & Talwalkar",
        title: "A Learning Theoretic Perspective on Local Explainability",
        venue: "ICLR 2021",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = LocalExplainabilityConfig;
    type Query = crate::demos::NoQuery;
    type Result = Measurement;

    fn total_steps(config: &LocalExplainabilityConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"steps": [20, 40], "eval_points": 20}"#),
        CostCase::to_end(r#"{"widths": [512], "seeds": 1, "steps": [10], "batch_size": 221}"#),
    ];

    fn cost(config: &LocalExplainabilityConfig) -> Cost {
        config.cost()
    }

    /// Each seed's batches are independent of the others': the seeds are cut into contiguous
    /// groups, one per worker (`first_seed` says where a group starts). Every random stream is
    /// keyed by the seed and width, never by position, so a part measures exactly what the whole
    /// run measures for its seeds.
    fn split(config: &LocalExplainabilityConfig, parts: usize) -> Vec<Part<LocalExplainabilityConfig>> {
        let parts = parts.clamp(1, config.seeds.max(1));
        let per_seed = config.jobs().len() / config.seeds.max(1);
        let mut out = Vec::with_capacity(parts);
        let mut first = 0;
        for i in 0..parts {
            let len = config.seeds / parts + usize::from(i < config.seeds % parts);
            let part = LocalExplainabilityConfig {
                seeds: len,
                first_seed: config.first_seed + first,
                ..config.clone()
            };
            out.push(Part { config: part, first_task: first * per_seed });
            first += len;
        }
        out
    }
}

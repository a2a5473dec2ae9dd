//! The pause-tokens demo: Goyal, Ji, Rawat, Menon, Kumar & Nagarajan, "Think before you speak:
//! Training Language Models With Pause Tokens" (ICLR 2024). Learnable `<pause>` tokens appended to
//! the input let a model compute on more hidden vectors before it answers; at 1B parameters, with
//! pauses in pretraining and finetuning, 8 of 9 tasks improved. No small setting of this project's
//! study (`docs/studies/pause-tokens.md`) reproduced a gain, and the demo shows why on the study's
//! contrast: k-hop pointer chasing with two layers, learned with no extra tokens, with pauses and
//! with a chain of thought. Pauses add positions that compute in parallel (width); a chain of
//! thought feeds each hop back in (depth).

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

pub use claims::SAME;
pub use config::PauseTokensConfig;
pub use results::{Evaluation, Report};
#[cfg(feature = "train")]
pub use train::run;

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::demo::contiguous_parts;
use crate::demos::reference::Reference;
use crate::demos::{Demo, NoQuery, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The pause-tokens demo.
pub struct PauseTokens;

impl Demo for PauseTokens {
    const ID: &'static str = "pause-tokens";
    const TITLE: &'static str = "Pause tokens";
    const SUMMARY: &'static str = "Pause tokens add width, not depth: two layers that cannot chase four pointers \
        gain nothing from pauses, and solve it with a chain of thought (Goyal et al., ICLR 2024).";
    const PAPER: Paper = Paper {
        authors: "Goyal, Ji, Rawat, Menon, Kumar & Nagarajan",
        title: "Think before you speak: Training Language Models With Pause Tokens",
        venue: "ICLR 2024",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = PauseTokensConfig;
    type Query = NoQuery;
    type Result = Report;

    fn total_steps(config: &PauseTokensConfig) -> u64 {
        config.total_steps()
    }

    const RESUMES: bool = true;

    const COST_CASES: &'static [CostCase] = &[
        CostCase::steps(r#"{"eval_every": 2, "steps": 4}"#, 4),
        CostCase::steps(
            r#"{"eval_every": 2, "steps": 4, "layers": 4, "d_model": 128, "batch_size": 256}"#,
            4,
        ),
    ];

    fn cost(config: &PauseTokensConfig) -> Cost {
        config.cost()
    }

    /// The arms, in contiguous groups: every arm starts from the same weights and draws the same
    /// questions from its own generator, so an arm trained alone reports what it reports beside
    /// the others.
    fn split(config: &PauseTokensConfig, parts: usize) -> Vec<Part<PauseTokensConfig>> {
        contiguous_parts(&config.arms, parts, |arms| PauseTokensConfig { arms, ..config.clone() })
    }
}

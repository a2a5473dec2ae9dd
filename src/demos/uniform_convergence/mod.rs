//! The uniform-convergence demo: Nagarajan & Kolter, "Uniform convergence may be unable to
//! explain generalization in deep learning" (NeurIPS 2019). A network trained by SGD on two
//! concentric hyperspheres generalises better as the training set S grows, yet misclassifies
//! almost all of S′ (S moved onto the other sphere, labels flipped), which is distributed like
//! fresh data: any two-sided uniform-convergence bound over the networks SGD outputs is at least
//! that error, so it is vacuous, while norm-based quantities (distance from initialisation) grow
//! with m.

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

pub use config::{TEST_SIZE, UniformConvergenceConfig};
pub use results::{
    GRID, Measurement, Report, Slice, SliceSurface, UniformConvergenceQuery, cell_centres, rises_at_most,
    slice_points,
};
#[cfg(feature = "train")]
pub use train::{Outcome, Trained, run};

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::demos::{Demo, Paper, Part};
use crate::estimate::cost::{Cost, CostCase};

/// The uniform-convergence demo.
pub struct UniformConvergence;

impl Demo for UniformConvergence {
    const ID: &'static str = "uniform-convergence";
    const TITLE: &'static str = "Uniform convergence cannot explain this";
    const SUMMARY: &'static str = "More data, lower test error — yet the network misclassifies almost all of its own \
        training set moved to the other sphere, so every uniform-convergence bound is vacuous (Nagarajan & Kolter, \
        NeurIPS 2019).";
    const PAPER: Paper = Paper {
        authors: "Nagarajan & Kolter",
        title: "Uniform convergence may be unable to explain generalization in deep learning",
        venue: "NeurIPS 2019",
    };
    const REFERENCES: &'static [Reference] = reference::REFERENCES;
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>] = claims::CLAIMS;
    const CONTROLS: &'static [NegativeControl] = claims::CONTROLS;
    type Config = UniformConvergenceConfig;
    type Query = UniformConvergenceQuery;
    type Result = Report;

    fn total_steps(config: &UniformConvergenceConfig) -> u64 {
        config.total_steps()
    }

    const COST_CASES: &'static [CostCase] = &[
        CostCase::to_end(r#"{"max_epochs": 2}"#),
        CostCase::to_end(
            r#"{"dim": 1000, "width": 2048, "train_sizes": [512, 2048], "max_epochs": 1, "batch_size": 256}"#,
        ),
    ];

    fn cost(config: &UniformConvergenceConfig) -> Cost {
        config.cost()
    }

    /// A newer slice replaces an older one of the same worker (it draws the same networks and
    /// more); measurements accumulate.
    fn replaces(new: &Report, old: &Report) -> bool {
        match (new, old) {
            (Report::Slice(new), Report::Slice(old)) => {
                let sizes = new.sizes();
                old.sizes().iter().all(|m| sizes.contains(m))
            }
            _ => false,
        }
    }

    /// Each training-set size is its own network: the sizes are cut into contiguous groups, one
    /// per worker. Every random stream is keyed by the point or by m, never by the position in
    /// the list, so a part measures exactly what the whole run measures for its sizes.
    fn split(config: &UniformConvergenceConfig, parts: usize) -> Vec<Part<UniformConvergenceConfig>> {
        let sizes = config.sizes();
        let parts = parts.clamp(1, sizes.len().max(1));
        let mut out = Vec::with_capacity(parts);
        let mut first = 0;
        for i in 0..parts {
            // Sizes differ by at most one, the larger groups first.
            let len = sizes.len() / parts + usize::from(i < sizes.len() % parts);
            let train_sizes = sizes[first..first + len].to_vec();
            out.push(Part {
                config: UniformConvergenceConfig { train_sizes, ..config.clone() },
                first_task: first,
            });
            first += len;
        }
        out
    }
}

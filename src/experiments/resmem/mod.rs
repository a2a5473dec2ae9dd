//! The ResMem demo: Yang, Lukasik, Nagarajan et al., "ResMem: Learn what you can and memorize the
//! rest" (NeurIPS 2023). A base MLP too small or too briefly trained to fit the digits is
//! corrected by a soft k-nearest-neighbour model of its training residuals
//! ([`crate::models::resmem`]); the correction raises test accuracy, and the gain vanishes once
//! the base model interpolates its training set.

mod config;
mod run;

pub use config::{Embedding, ResMemConfig};
pub use run::{Measurement, run};

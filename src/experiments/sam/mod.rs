//! The SAM demo: Springer, Nagarajan & Raghunathan, "Sharpness-Aware Minimization Enhances
//! Feature Quality via Balanced Learning" (ICLR 2024). An easy and a hard feature both predict
//! the label ([`crate::data::easy_hard`]); SGD rides the easy one and lets the hard one fade,
//! SAM ([`crate::training::sam`]) keeps learning it. Each feature's quality is a linear probe
//! ([`crate::training::probe`]) on the frozen 16-unit penultimate layer, on data where the two
//! features are independent.

mod config;
mod run;
mod step_time;
mod table;

pub use config::SamConfig;
pub use run::{Checkpoint, Method, WIDTHS, run};
pub use step_time::step_times;

//! The path-star demo: Bachmann & Nagarajan, "The Pitfalls of Next-Token Prediction" (ICML
//! 2024). A GPT trained with teacher forcing learns the "Clever Hans" cheat (each path node is an
//! edge lookup from the previous one, which the input hands it) and never learns the one real
//! decision, the first step away from the source: exact match stays near 1/d. Training on the
//! reversed path (every step an edge lookup from the goal) solves the task; teacherless training
//! (no answer in the input) must learn the decision too; at this size it does not, in any budget
//! tried (see README: 10,000 steps at the reference size, 6,000 with one node between).

mod config;
mod run;
mod table;

pub use config::PathStarConfig;
pub use run::{Answer, Evaluation, ModePath, SAMPLE_GRAPHS, Sample, run};

//! What a demo is: the [`Demo`] trait (what describes it; no burn), the [`Paper`] it reproduces,
//! and the [`Part`]s a run splits into. The one list of demos is the folders of `src/demos/`
//! ([`registry!`](super::registry)).

use crate::demos::claims::{Claim, NegativeControl};
use crate::demos::reference::Reference;
use crate::estimate::cost::{Cost, CostCase};
use crate::settings::Settings;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// A paper a demo reproduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paper {
    /// Authors as cited: "Jiang, Nagarajan, Baek & Kolter".
    pub authors: &'static str,
    /// The paper's title.
    pub title: &'static str,
    /// Where and when: "ICLR 2022".
    pub venue: &'static str,
}

impl Paper {
    /// "Authors, *Title*, Venue" in plain text.
    pub fn citation(&self) -> String {
        format!("{}, “{}”, {}", self.authors, self.title, self.venue)
    }
}

/// What describes a demo. Compiles without burn: the page build needs only this.
pub trait Demo: 'static {
    /// The id in URLs (`#demo=ID`), messages, exports and the CLI.
    const ID: &'static str;
    /// The title on the landing page (the page itself may state the result at more length).
    const TITLE: &'static str;
    /// One sentence: the result the demo reproduces.
    const SUMMARY: &'static str;
    /// The paper.
    const PAPER: Paper;
    /// Numbers measured elsewhere (the paper, a PyTorch reference, our native or GPU runs), each
    /// with its source; pages show them labelled as references, never as measured here.
    const REFERENCES: &'static [Reference];
    /// What the paper claims, as this setting tests it: judged live on the page's "Does it
    /// reproduce?" card, by the science tests, `minima check` and the README's claims table
    /// ([`crate::demos::claims`]). At least one.
    const CLAIMS: &'static [Claim<Self::Config, Self::Result>];
    /// Negative controls: configurations where some claims must not hold, each run by
    /// `tests/check.rs` through `minima check` (seconds each natively; at least one per demo).
    const CONTROLS: &'static [NegativeControl];
    /// The configuration; its settings table drives URLs, controls and bounds.
    type Config: Settings + Debug;
    /// What a run reports besides progress (a checkpoint, an evaluation, an answer…).
    type Result: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// A question the page may ask the run's models between steps or after the run (a typed
    /// graph, a new sparsity…); [`NoQuery`] for a demo whose page asks none.
    type Query: Clone + Debug + PartialEq + Serialize + DeserializeOwned;

    /// Optimiser steps a run of `config` takes.
    fn total_steps(config: &Self::Config) -> u64;

    /// What a run of `config` costs, from the configuration alone ([`crate::estimate::cost`]):
    /// parameters, peak memory, the largest buffer and the work. `tests/cost.rs` checks it
    /// against what the run allocates; the page shows it and refuses what cannot fit.
    fn cost(config: &Self::Config) -> Cost;

    /// Where `tests/cost.rs` checks [`Demo::cost`] against a measured peak: at least two cases,
    /// the defaults' size with a shorter training and a larger size.
    const COST_CASES: &'static [CostCase];

    /// Whether a run on the CPU writes checkpoints that a reload or a failed worker resumes from
    /// (its `Train::resume`): the page stores a run's checkpoints only for such a demo. By default
    /// not: a demo whose defaults train for seconds loses little by starting again.
    const RESUMES: bool = false;

    /// Whether result `new` makes the earlier `old` obsolete (the page keeps only the latest
    /// answer to a question asked again and again, say). By default results accumulate.
    fn replaces(new: &Self::Result, old: &Self::Result) -> bool {
        let _ = (new, old);
        false
    }

    /// The run cut into at most `parts` independent runs that the page trains in parallel
    /// workers and whose events it merges: each part must report exactly what the whole run
    /// reports for its tasks (same seeds, same data), so that the split changes the wall clock,
    /// never a number. Parts are in task order. By default a run is one part.
    fn split(config: &Self::Config, parts: usize) -> Vec<Part<Self::Config>> {
        let _ = parts;
        vec![Part { config: config.clone(), first_task: 0 }]
    }
}

/// The [`Demo::Query`] of a demo whose page asks its models nothing: no value has this type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum NoQuery {}

/// One independent part of a run ([`Demo::split`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Part<C> {
    /// The part's own configuration.
    pub config: C,
    /// The whole run's index of the part's first task: its `Progress { task: t }` is task
    /// `first_task + t` of the whole run.
    pub first_task: usize,
}

/// The steps of a run of `steps` steps after which it evaluates: `first`, doubling, while before
/// the first `every` (none for `first` = 0), then every `every` steps, and the last step.
pub fn evaluation_steps(steps: usize, every: usize, first: usize) -> Vec<usize> {
    let every = every.max(1);
    let mut out = Vec::new();
    let mut early = first;
    while early > 0 && early < every && early < steps {
        out.push(early);
        early *= 2;
    }
    out.extend((1..=steps / every).map(|k| k * every));
    if out.last() != Some(&steps) {
        out.push(steps);
    }
    out
}

/// `tasks` cut into at most `parts` contiguous groups (at least one), sizes differing by at most
/// one, the larger groups first; each group's configuration is `with(group)`. For demos whose
/// tasks are independent and train alike alone or beside the others.
pub fn contiguous_parts<T: Clone, C>(tasks: &[T], parts: usize, with: impl Fn(Vec<T>) -> C) -> Vec<Part<C>> {
    let parts = parts.clamp(1, tasks.len().max(1));
    let mut out = Vec::with_capacity(parts);
    let mut first = 0;
    for i in 0..parts {
        let len = tasks.len() / parts + usize::from(i < tasks.len() % parts);
        out.push(Part { config: with(tasks[first..first + len].to_vec()), first_task: first });
        first += len;
    }
    out
}

//! A run part-way through (no burn: the page stores it, the worker writes and reads it): the steps
//! taken, what the run emitted so far, and the training state as files (each model's weights, its
//! optimiser's moments, the positions of the data streams). A run resumed from it
//! ([`crate::demos::train::drive_from`]) first emits those events again, so that a page rebuilds its
//! figures from them as it did the first time, then trains on from the state: on the CPU it ends
//! bit-identical to a run that was never interrupted.

use crate::demos::bundle::SavedFile;
use crate::demos::{DemoConfig, Event};
use serde::{Deserialize, Serialize};

/// Seconds of training between two checkpoints of a browser run on the CPU (the worker's interval;
/// a run that ends sooner writes none).
pub const CHECKPOINT_EVERY_SECONDS: u64 = 10;

/// What a run needs to go on from `step` as if it had never stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Optimiser steps the run has taken.
    pub step: u64,
    /// Every progress and result event the run emitted before the checkpoint, in order.
    pub events: Vec<Event>,
    /// The training state, in the demo's own files.
    pub files: Vec<SavedFile>,
}

impl Checkpoint {
    /// A checkpoint of the state in `files` after `step` steps; the events are filled in by the
    /// one place that sees them all ([`crate::demos::train::drive`]).
    pub fn new(step: u64, files: Vec<SavedFile>) -> Self {
        Self { step, events: Vec::new(), files }
    }

    /// Bytes held, for the page's storage cap.
    pub fn size(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// A run as the page stores it while it trains: the whole run's settings, its parts (each trained in
/// its own worker from its first task, with its own settings), when it began, and each part's latest
/// checkpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    /// The whole run's demo and settings (the page's).
    pub config: DemoConfig,
    /// Each part's first task and settings, in task order.
    pub parts: Vec<(usize, DemoConfig)>,
    /// When the run began, in milliseconds since 1970 (the browser's clock).
    pub began: f64,
    /// Each part's latest checkpoint, where it has one yet (not in the run's own file: each part's is
    /// its own).
    #[serde(skip)]
    pub checkpoints: Vec<Option<Checkpoint>>,
}

impl SavedRun {
    /// Whether every part has a checkpoint: only then can the run go on.
    pub fn resumable(&self) -> bool {
        self.checkpoints.len() == self.parts.len() && self.checkpoints.iter().all(Option::is_some)
    }

    /// Whether every part's checkpoint is of its last step: nothing is left to resume.
    pub fn finished(&self) -> bool {
        self.resumable()
            && self
                .parts
                .iter()
                .zip(&self.checkpoints)
                .all(|((_, c), k)| k.as_ref().map(|k| k.step) == Some(c.total_steps()))
    }

    /// Steps the run takes, all parts together.
    pub fn total_steps(&self) -> u64 {
        self.parts.iter().map(|(_, c)| c.total_steps()).sum()
    }

    /// Steps saved, all parts together.
    pub fn step(&self) -> u64 {
        self.checkpoints.iter().flatten().map(|c| c.step).sum()
    }

    /// Bytes held by the checkpoints.
    pub fn size(&self) -> usize {
        self.checkpoints.iter().flatten().map(Checkpoint::size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::path_star::PathStarConfig;

    #[test]
    fn a_stored_run_resumes_once_every_part_has_a_checkpoint_and_is_done_at_the_last_step() {
        let part = |steps| {
            DemoConfig::from(PathStarConfig { steps, modes: vec![Default::default()], ..Default::default() })
        };
        let (a, b) = (part(10), part(20));
        let mut run = SavedRun {
            config: a.clone(),
            parts: vec![(0, a), (1, b)],
            began: 0.0,
            checkpoints: vec![Some(Checkpoint::new(10, vec![])), None],
        };
        assert_eq!(run.total_steps(), 30);
        assert!(!run.resumable() && !run.finished());
        run.checkpoints[1] = Some(Checkpoint::new(12, vec![]));
        assert!(run.resumable() && !run.finished());
        assert_eq!(run.step(), 22);
        run.checkpoints[1] = Some(Checkpoint::new(20, vec![]));
        assert!(run.finished());
        // The checkpoints are each part's own file, not the run's.
        let json = serde_json::to_value(&run).unwrap();
        assert!(json.get("checkpoints").is_none() && json["parts"].as_array().unwrap().len() == 2);
    }
}

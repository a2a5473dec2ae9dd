//! A run part-way through (no burn: the page stores it, the worker writes and reads it): the steps
//! taken, what the run emitted so far, and the training state as files (each model's weights, its
//! optimiser's moments, the positions of the data streams). A run resumed from it
//! ([`crate::demos::train::drive_from`]) first emits those events again, so that a page rebuilds its
//! figures from them as it did the first time, then trains on from the state: on the CPU it ends
//! bit-identical to a run that was never interrupted.

use crate::demos::Event;
use crate::demos::bundle::SavedFile;
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

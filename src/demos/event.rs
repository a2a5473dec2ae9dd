//! What a run tells the outside world ([`Event`]) and what the page asks of a worker ([`Command`]). Shared by the page,
//! the worker, the command line and the embedding protocol; no burn.

use crate::demos::bundle::SavedFile;
use crate::demos::checkpoint::Checkpoint;
use crate::demos::{DemoConfig, DemoResult, Query};
use crate::engine::Backend;
use serde::{Deserialize, Serialize};

/// What a run tells the outside world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The run is valid and about to start training (emitted by `demos::train::drive`, for
    /// every demo).
    Started {
        /// Where the tensors live.
        backend: Backend,
        /// Optimiser steps the whole run will take.
        total_steps: u64,
    },
    /// Training progress of one task of the run (a configuration of a sweep, say).
    Progress {
        /// Index of the task.
        task: usize,
        /// Steps taken by the whole run so far.
        step: u64,
        /// Steps the whole run will take.
        total_steps: u64,
        /// Training loss at this step, averaged over the task's models.
        loss: f32,
    },
    /// One of the demo's results: `{"event": "result", "demo": ID, "result": {…}}`.
    Result(DemoResult),
    /// The trained models' answer to a question (the page's, `--query`): `{"event": "answer", "demo": ID,
    /// "result": {…}}`. Not something the run measured: it depends on what was asked, and when, so the
    /// results' digest ([`crate::demos::digest`]) leaves it out.
    Answer(DemoResult),
    /// The trained models as files, after `Finished`, when asked ([`Command::Keep`]; the page's
    /// "Download run" bundles them with the results).
    Kept {
        /// The models and their extras.
        files: Vec<SavedFile>,
    },
    /// The run's state part-way (on the CPU in a browser, every few seconds, and after the last step
    /// once it has written one): what it needs to resume from there (`Command::ResumeFrom`).
    Checkpoint(Checkpoint),
    /// The run completed.
    Finished {
        /// Optimiser steps taken.
        steps: u64,
        /// Wall-clock seconds from `Started` to the end, data preparation and evaluation included.
        seconds: f64,
    },
    /// The run is paused between steps (sent by the browser worker's control, not by runs).
    Paused,
    /// The run was stopped before the end.
    Stopped {
        /// Steps taken before the stop.
        step: u64,
    },
    /// The run failed; the message is for people.
    Error {
        /// What went wrong.
        message: String,
    },
    /// A run's steps timed on `backend` ([`Command::Time`]): `steps` steps after the warm-up
    /// took `seconds`; no steps if the run ended before it could be timed.
    Timed {
        /// Where the steps ran.
        backend: Backend,
        /// Steps timed.
        steps: u64,
        /// Their wall-clock seconds.
        seconds: f64,
    },
}

impl Event {
    /// A result event of any registered demo.
    pub fn result(result: impl Into<DemoResult>) -> Self {
        Event::Result(result.into())
    }

    /// The event as an answer to a question: a result becomes an [`Event::Answer`], anything else (an
    /// error) stays as it is.
    pub fn into_answer(self) -> Self {
        match self {
            Event::Result(r) => Event::Answer(r),
            other => other,
        }
    }
}

/// What the page asks of the training worker (the page never touches tensors).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Initialise `backend` and run `config`, starting paused if asked.
    Start { backend: Backend, config: DemoConfig, paused: bool },
    /// Pause between steps.
    Pause,
    /// Go on.
    Resume,
    /// While paused: take one optimiser step and report it.
    Step,
    /// Ask the run's models a question (answered between steps, or after the run).
    Ask { query: Query },
    /// After the run: hand over its trained models as files ([`Event::Kept`], empty where the demo
    /// keeps none). The page asks when the reader downloads the run, not after every run.
    Keep,
    /// Initialise `backend` and load the models of a kept run of `config` from `files`: no training;
    /// they answer [`Command::Ask`] as after a run.
    Load { backend: Backend, config: DemoConfig, files: Vec<SavedFile> },
    /// Initialise `backend` and train `config` on from the checkpoint of `step` steps whose state is
    /// `files` (written by a run of the same config), as if never interrupted. Its events are not
    /// sent: the page has them and shows them itself (a worker that read events would carry every
    /// demo's result parser, 15 % of its download).
    ResumeFrom { backend: Backend, config: DemoConfig, step: u64, files: Vec<SavedFile> },
    /// Time a few optimiser steps of `config` on `backend` after a warm-up
    /// (`crate::demos::timing`), report [`Event::Timed`] and nothing else of the run: the page
    /// picks the faster backend with it.
    Time { backend: Backend, config: DemoConfig },
    /// Fail on purpose, as a run can (tests of the messages a person sees); the page never sends
    /// it.
    Provoke { failure: Failure },
}

/// A failure [`Command::Provoke`] causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// A Rust panic in the worker.
    Panic,
    /// Allocations until the wasm heap is exhausted.
    OutOfMemory,
    /// The WebGPU device destroyed under the run (`GPUDevice.destroy()`, as a driver reset
    /// would lose it).
    LostDevice,
}

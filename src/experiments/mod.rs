//! Experiments: one module per demo. Each has a `Config` (serde, documented defaults, explicit
//! seeds, `validate()`) and an async `run` that emits [`Event`]s and asks a [`Control`] between
//! optimiser steps whether to go on. Experiments know nothing of the DOM or the worker: the same
//! code runs in a browser worker, in the command-line runner and in tests.

pub mod disagreement;

use crate::engine::Backend;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// What a run tells the outside world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The run has its device and data and is about to take its first step.
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
    /// A measurement of the disagreement demo.
    Disagreement(disagreement::Checkpoint),
    /// The run completed.
    Finished {
        /// Optimiser steps taken.
        steps: u64,
        /// Wall-clock seconds from the first step to the end, evaluation included.
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
}

/// What a run should do after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Run,
    /// Report progress for the step just taken (if not reported yet), then ask again. A paused
    /// control says this once before it waits, so the page sees where the run stopped.
    Report,
    /// Stop now.
    Stop,
}

/// Asked between optimiser steps: this is where pause, single step and stop take effect, and
/// where a browser worker yields to its event loop.
pub trait Control {
    /// Waits while paused; says whether and how to go on.
    fn between_steps(&self) -> impl Future<Output = Flow>;
}

/// A control that never pauses or stops (command line, tests, benchmarks).
pub struct RunToEnd;

impl Control for RunToEnd {
    async fn between_steps(&self) -> Flow {
        Flow::Run
    }
}

/// One problem with a configuration, for people: which setting and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The setting's key, as in the URL.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem with setting `key`.
    pub fn new(key: &str, message: impl Into<String>) -> Self {
        Self { key: key.into(), message: message.into() }
    }
}

/// Every demo's configuration, as sent to a worker or read by the command line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "demo", content = "config", rename_all = "kebab-case")]
pub enum DemoConfig {
    /// [`disagreement`].
    Disagreement(disagreement::DisagreementConfig),
}

impl DemoConfig {
    /// Every problem with the configuration (empty when valid).
    pub fn validate(&self) -> Vec<Problem> {
        match self {
            DemoConfig::Disagreement(c) => c.validate(),
        }
    }

    /// Runs the demo on `device`, emitting events; returns when finished, stopped or failed.
    pub async fn run<C: Control>(
        &self,
        backend: Backend,
        device: &burn::tensor::Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) {
        let problems = self.validate();
        if !problems.is_empty() {
            let message =
                problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect::<Vec<_>>().join("; ");
            emit(Event::Error { message });
            return;
        }
        let result = match self {
            DemoConfig::Disagreement(c) => {
                disagreement::run(c, backend, device, control, emit).await.map(|_| ())
            }
        };
        if let Err(e) = result {
            emit(Event::Error { message: e.to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::block_on;

    #[test]
    fn an_invalid_config_ends_with_an_error_naming_the_setting() {
        let config =
            DemoConfig::Disagreement(disagreement::DisagreementConfig { models: 1, ..Default::default() });
        let mut events = Vec::new();
        let device = burn::tensor::Device::flex().autodiff();
        block_on(config.run(Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e)));
        assert_eq!(events, vec![Event::Error { message: "models: 1 is outside 2..=8".into() }]);
    }

    #[test]
    fn events_and_configs_have_a_stable_json_shape() {
        let e = Event::Progress { task: 1, step: 2, total_steps: 3, loss: 0.5 };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"event":"progress","task":1,"step":2,"total_steps":3,"loss":0.5}"#
        );
        let c: DemoConfig = serde_json::from_str(r#"{"demo":"disagreement","config":{"models":3}}"#).unwrap();
        assert!(matches!(c, DemoConfig::Disagreement(ref d) if d.models == 3));
    }
}

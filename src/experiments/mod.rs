//! Experiments: one module per demo. Each has a `Config` (serde, documented defaults, explicit
//! seeds, `validate()`) and an async `run` that emits [`Event`]s and asks a [`Control`] between
//! optimiser steps whether to go on. Experiments know nothing of the DOM or the worker: the same
//! code runs in a browser worker, in the command-line runner and in tests.

pub mod disagreement;
pub mod path_star;
pub mod resmem;
pub mod sam;

use crate::engine::{Backend, EngineError, read_floats};
use burn::tensor::Tensor;
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
    /// An evaluation of the path-star demo.
    PathStar(path_star::Evaluation),
    /// The path-star models' answers to a graph the page asked about.
    PathStarAnswer(path_star::Answer),
    /// ResMem: the playground's surfaces at the configured (k, σ).
    ResMemSurface(resmem::Surface),
    /// ResMem: one digits configuration measured at the configured (k, σ).
    ResMem(resmem::Measurement),
    /// ResMem: everything trained so far, re-measured at the (k, σ) the page asked about.
    ResMemAnswer(resmem::Answer),
    /// SAM: one method's networks measured (training accuracy and both probes).
    Sam(sam::Checkpoint),
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

/// A question the page asks about a run's models, between steps or after the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "query", rename_all = "snake_case")]
pub enum Query {
    /// Path-star: each trained mode's path for a graph typed in the paper's text form.
    PathStar {
        /// `u,v|u,v|…/source,goal`.
        text: String,
    },
    /// ResMem: every trained model re-corrected with `k` neighbours at temperature `sigma`.
    #[serde(rename = "resmem")]
    ResMem {
        /// Neighbours.
        k: usize,
        /// Neighbour-weight temperature.
        sigma: f64,
    },
}

/// What a run should do after a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Flow {
    /// Go on.
    Run,
    /// Report progress for the step just taken (if not reported yet), then ask again. A paused
    /// control says this once before it waits, so the page sees where the run stopped.
    Report,
    /// Stop now.
    Stop,
    /// Answer this question with the models as they are, then ask again.
    Answer(Query),
}

/// Asked between optimiser steps: this is where pause, single step and stop take effect, and
/// where a browser worker yields to its event loop.
pub trait Control {
    /// Waits while paused; says whether and how to go on.
    fn between_steps(&self) -> impl Future<Output = Flow>;

    /// After the last step: waits for the next question about the trained models; `None` ends
    /// the run. By default there are none.
    fn after_run(&self) -> impl Future<Output = Option<Query>> {
        std::future::ready(None)
    }
}

/// Answers questions about a run's models (see [`Query`]).
pub(crate) trait Answerer {
    /// The event that answers `query`.
    fn answer(&self, query: Query) -> impl Future<Output = Result<Event, EngineError>>;
}

/// For runs whose models take no questions.
pub(crate) struct NoAnswers;

impl Answerer for NoAnswers {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        Ok(Event::Error { message: format!("this demo answers no questions ({query:?})") })
    }
}

/// A control that never pauses or stops (command line, tests, benchmarks).
pub struct RunToEnd;

impl Control for RunToEnd {
    async fn between_steps(&self) -> Flow {
        Flow::Run
    }
}

/// The step a run just took, for [`after_step`].
pub(crate) struct StepReport {
    /// Index of the task.
    pub task: usize,
    /// Steps taken by the whole run.
    pub step: u64,
    /// Steps the run will take.
    pub total_steps: u64,
    /// The step's loss per model, `[M]` (or `[1]`), still on the device.
    pub losses: Tensor<1>,
}

impl StepReport {
    /// The progress event (the mean of the losses); an error once training has diverged.
    async fn event(self) -> Result<Event, EngineError> {
        let losses = read_floats(self.losses).await?;
        let loss = losses.iter().sum::<f32>() / losses.len() as f32;
        if !loss.is_finite() {
            return Err(EngineError(format!(
                "training diverged: the loss is {loss} at step {}; lower the learning rate",
                self.step
            )));
        }
        Ok(Event::Progress { task: self.task, step: self.step, total_steps: self.total_steps, loss })
    }
}

/// What every run does after an optimiser step: report progress when `due` (reading the loss
/// back only then), then ask the control, reporting this step if it asks, answering questions
/// and waiting while it pauses. Returns `true` when the run must stop.
pub(crate) async fn after_step<C: Control>(
    control: &C,
    emit: &mut impl FnMut(Event),
    due: bool,
    report: StepReport,
    answerer: &impl Answerer,
) -> Result<bool, EngineError> {
    let mut report = Some(report);
    if due && let Some(r) = report.take() {
        emit(r.event().await?);
    }
    loop {
        match control.between_steps().await {
            Flow::Run => return Ok(false),
            Flow::Stop => return Ok(true),
            Flow::Report => {
                if let Some(r) = report.take() {
                    emit(r.event().await?);
                }
            }
            Flow::Answer(query) => emit(answerer.answer(query).await?),
        }
    }
}

/// What every run does after its last step: answers questions until the control has none.
pub(crate) async fn answer_after_run<C: Control>(
    control: &C,
    emit: &mut impl FnMut(Event),
    answerer: &impl Answerer,
) -> Result<(), EngineError> {
    while let Some(query) = control.after_run().await {
        emit(answerer.answer(query).await?);
    }
    Ok(())
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
    /// [`path_star`].
    PathStar(path_star::PathStarConfig),
    /// [`resmem`].
    #[serde(rename = "resmem")]
    ResMem(resmem::ResMemConfig),
    /// [`sam`].
    Sam(sam::SamConfig),
}

impl DemoConfig {
    /// Every problem with the configuration (empty when valid).
    pub fn validate(&self) -> Vec<Problem> {
        match self {
            DemoConfig::Disagreement(c) => c.validate(),
            DemoConfig::PathStar(c) => c.validate(),
            DemoConfig::ResMem(c) => c.validate(),
            DemoConfig::Sam(c) => c.validate(),
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
            DemoConfig::PathStar(c) => path_star::run(c, backend, device, control, emit).await.map(|_| ()),
            DemoConfig::ResMem(c) => resmem::run(c, backend, device, control, emit).await.map(|_| ()),
            DemoConfig::Sam(c) => sam::run(c, backend, device, control, emit).await.map(|_| ()),
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
    fn a_non_finite_loss_is_reported_as_divergence() {
        let device = burn::tensor::Device::flex();
        let report = |losses: [f32; 2]| StepReport {
            task: 0,
            step: 5,
            total_steps: 10,
            losses: Tensor::from_floats(losses, &device),
        };
        let ok = block_on(report([1.0, 2.0]).event()).unwrap();
        assert_eq!(ok, Event::Progress { task: 0, step: 5, total_steps: 10, loss: 1.5 });
        let nan = block_on(report([f32::NAN, 2.0]).event());
        assert!(nan.unwrap_err().0.contains("diverged: the loss is NaN at step 5"));
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

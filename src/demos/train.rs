//! How every demo trains (the `train` build only): the [`Train`] trait, the [`Control`] a run
//! asks between optimiser steps (pause, single step, stop, questions), and [`drive`], the one
//! place that validates a configuration and emits `Started`, `Finished`, `Stopped` and `Error`
//! (also for a run resumed from a checkpoint, [`drive_from`]). The controls without a page are in
//! [`crate::demos::controls`].

use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::SavedFile;
use crate::demos::{Demo, Event, Query};
use crate::engine::{Backend, EngineError, read_floats};
use crate::settings::Settings;
use burn::tensor::{Device, Tensor};
use std::future::Future;
use web_time::Instant;

/// What a finished run is asked for ([`Control::after_run`]).
#[derive(Clone, Debug, PartialEq)]
pub enum AfterRun {
    /// Answer this question with the trained models.
    Ask(Query),
    /// Hand over the trained models as files ([`Control::keep`]): the page's download asks for them
    /// only when the reader wants them.
    Keep,
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

    /// After the last step: waits for the next request about the trained models (a question, or to
    /// keep them); `None` ends the run. By default there are none.
    fn after_run(&self) -> impl Future<Output = Option<AfterRun>> {
        std::future::ready(None)
    }

    /// Whether the trained models are to be kept as soon as the run finishes ([`Control::keep`]),
    /// not only when asked ([`AfterRun::Keep`]); by default not.
    fn keeps(&self) -> bool {
        false
    }

    /// Takes the finished run's models as files ([`Answerer::save`]).
    fn keep(&self, _files: Vec<SavedFile>) {}

    /// Whether the run should write a checkpoint ([`Event::Checkpoint`]) after the step just taken;
    /// `last` after its last step. By default never. Asked by demos that resume ([`Train::resume`]).
    fn checkpoint_due(&self, _last: bool) -> bool {
        false
    }
}

/// How a run ended, what it measured, and its trained models (which answer questions after a
/// finished run).
pub struct Ran<T, A = NoAnswers> {
    /// The results, in the order they were emitted.
    pub results: T,
    /// Optimiser steps taken.
    pub steps: u64,
    /// Whether the control stopped the run before the end.
    pub stopped: bool,
    /// The trained models, to answer questions.
    pub trained: A,
}

impl<T> Ran<T> {
    /// A run whose models take no questions.
    pub fn new(results: T, steps: u64, stopped: bool) -> Self {
        Self { results, steps, stopped, trained: NoAnswers }
    }
}

/// How a demo trains. Implemented beside the demo, in its `train/` folder.
pub trait Train: Demo {
    /// What a run returns besides its events (its results, for tests and benchmarks).
    type Output;
    /// The trained models, which answer the page's questions after the run ([`NoAnswers`]
    /// for demos that take none).
    type Trained: Answerer;

    /// Trains `config` on `device`: emits `Progress` and result events (never `Started`,
    /// `Finished` or `Stopped`: [`drive`] does) and asks `control` between steps. `config` is
    /// valid.
    fn train<C: Control>(
        config: &Self::Config,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> impl Future<Output = Result<Ran<Self::Output, Self::Trained>, EngineError>>;

    /// Whether a finished run's models can be kept ([`Answerer::save`], [`Train::load`]).
    const KEEPS: bool = false;

    /// The models that [`Answerer::save`] wrote for `config`, loaded back on `device` (async: a
    /// demo may read what it derives from the weights). By default, an error: the demo keeps no
    /// models yet.
    fn load(
        _config: &Self::Config,
        _files: &[SavedFile],
        _device: &Device,
    ) -> impl Future<Output = Result<Self::Trained, EngineError>> {
        std::future::ready(Err(EngineError(format!("the {} demo cannot load saved models yet", Self::ID))))
    }

    /// Trains `config` on from `checkpoint` (one its own run wrote, [`Event::Checkpoint`]) as
    /// [`Train::train`] would have gone on; the checkpoint's events are emitted already. By default,
    /// an error: the demo writes no checkpoints yet.
    fn resume<C: Control>(
        _config: &Self::Config,
        _checkpoint: &Checkpoint,
        _device: &Device,
        _control: &C,
        _emit: &mut impl FnMut(Event),
    ) -> impl Future<Output = Result<Ran<Self::Output, Self::Trained>, EngineError>> {
        std::future::ready(Err(EngineError(format!("the {} demo cannot resume a run yet", Self::ID))))
    }
}

/// Runs demo `D`: checks `config`, emits `Started`, trains, then `Finished` (with the seconds
/// since `Started`) or `Stopped`; any failure ends in one `Error` event. After `Finished`, the
/// trained models answer questions until the control has none.
pub async fn drive<D: Train, C: Control>(
    config: &D::Config,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) {
    drive_from::<D, C>(config, None, backend, device, control, emit).await
}

/// [`drive`], from `checkpoint` when one is given ([`Train::resume`]): its events are emitted again
/// after `Started`, then the run trains on. Every checkpoint the run writes carries the progress and
/// result events before it (filled in here, the one place that sees them all).
pub async fn drive_from<D: Train, C: Control>(
    config: &D::Config,
    checkpoint: Option<&Checkpoint>,
    backend: Backend,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) {
    let problems = config.validate();
    if !problems.is_empty() {
        let message =
            problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect::<Vec<_>>().join("; ");
        emit(Event::Error { message });
        return;
    }
    emit(Event::Started { backend, total_steps: D::total_steps(config) });
    let started = Instant::now();
    let mut so_far: Vec<Event> = Vec::new();
    let mut emit = |event: Event| match event {
        Event::Checkpoint(mut c) => {
            c.events = so_far.clone();
            emit(Event::Checkpoint(c));
        }
        Event::Progress { .. } | Event::Result(_) => {
            so_far.push(event.clone());
            emit(event);
        }
        other => emit(other),
    };
    let trained = match checkpoint {
        None => D::train(config, device, control, &mut emit).await,
        Some(checkpoint) => {
            checkpoint.events.iter().cloned().for_each(&mut emit);
            D::resume(config, checkpoint, device, control, &mut emit).await
        }
    };
    let ran = match trained {
        Ok(ran) => ran,
        Err(e) => return emit(Event::Error { message: e.to_string() }),
    };
    if ran.stopped {
        return emit(Event::Stopped { step: ran.steps });
    }
    emit(Event::Finished { steps: ran.steps, seconds: started.elapsed().as_secs_f64() });
    let header = serde_json::json!({ "demo": D::ID, "config": config });
    if control.keeps() {
        match ran.trained.save(&header).await {
            Ok(files) => control.keep(files),
            Err(e) => return emit(Event::Error { message: e.to_string() }),
        }
    }
    if let Err(e) = answer_after_run(control, &mut emit, &ran.trained, &header).await {
        emit(Event::Error { message: e.to_string() });
    }
}

/// Loads the models of a kept run of demo `D` ([`Train::load`]) and answers `control`'s
/// questions with them, as after a run: no training.
pub async fn answer_saved<D: Train, C: Control>(
    config: &D::Config,
    files: &[SavedFile],
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) {
    let answered = match D::load(config, files, device).await {
        Ok(trained) => {
            let header = serde_json::json!({ "demo": D::ID, "config": config });
            answer_after_run(control, emit, &trained, &header).await
        }
        Err(e) => Err(e),
    };
    if let Err(e) = answered {
        emit(Event::Error { message: e.to_string() });
    }
}

/// Answers questions about a run's models (see [`Query`]).
pub trait Answerer {
    /// The event that answers `query`.
    fn answer(&self, query: Query) -> impl Future<Output = Result<Event, EngineError>>;

    /// The models as files ([`crate::demos::keep`]), each with `header` (the demo and its config)
    /// and its own name and step in its metadata. None by default: the demo keeps no models yet.
    fn save(&self, _header: &serde_json::Value) -> impl Future<Output = Result<Vec<SavedFile>, EngineError>> {
        std::future::ready(Ok(vec![]))
    }
}

/// For runs whose models take no questions.
pub struct NoAnswers;

impl Answerer for NoAnswers {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        Ok(Event::Error { message: format!("this demo answers no questions ({query:?})") })
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
            Flow::Answer(query) => emit(answerer.answer(query).await?.into_answer()),
        }
    }
}

/// What every run does after its last step: answers questions and keeps the models when asked, until the
/// control has no more requests.
async fn answer_after_run<C: Control>(
    control: &C,
    emit: &mut impl FnMut(Event),
    answerer: &impl Answerer,
    header: &serde_json::Value,
) -> Result<(), EngineError> {
    while let Some(request) = control.after_run().await {
        match request {
            AfterRun::Ask(query) => emit(answerer.answer(query).await?.into_answer()),
            AfterRun::Keep => control.keep(answerer.save(header).await?),
        }
    }
    Ok(())
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::disagreement::DisagreementConfig;
    use crate::demos::{DemoConfig, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn an_invalid_config_ends_with_an_error_naming_the_setting() {
        let config = DemoConfig::from(DisagreementConfig { models: 1, ..Default::default() });
        let mut events = Vec::new();
        let device = Device::flex().autodiff();
        block_on(config.run(Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e)));
        assert_eq!(events, vec![Event::Error { message: "models: 1 is outside 2..=8".into() }]);
    }

    #[test]
    fn a_non_finite_loss_is_reported_as_divergence() {
        let device = Device::flex();
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
}

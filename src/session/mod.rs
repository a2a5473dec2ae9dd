//! What a page knows about a run: its phase, steps, loss curves and results, built only from the
//! workers' events by one reducer ([`RunState::apply`]), and the status line said from it. No
//! DOM and no burn: the page's hook (`app::session`) dispatches into it, and it is unit-tested
//! natively.
//!
//! On the CPU a run whose demo splits it ([`crate::demos::Demo::split`]) trains its parts in
//! parallel workers; the state merges their events: task indices shifted by each part's first
//! task, steps summed, finished when every part is. On WebGPU a run is one worker: one device.

use crate::demos::bundle::SavedFile;
use crate::demos::{DemoResult, Event, Registered};
use crate::engine::Backend;

/// Where the run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing started.
    Idle,
    /// Worker and device starting.
    Starting,
    /// Training.
    Running,
    /// Asked to pause; the worker has not confirmed yet.
    Pausing,
    /// Paused between steps.
    Paused,
    /// Completed.
    Finished,
    /// Failed; see the message.
    Failed,
}

impl Phase {
    /// The word for the phase in messages and exports.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Starting => "starting",
            Phase::Running => "running",
            Phase::Pausing => "pausing",
            Phase::Paused => "paused",
            Phase::Finished => "finished",
            Phase::Failed => "failed",
        }
    }
}

/// Everything the page shows about a run, built only from the worker's events.
#[derive(Clone, Debug, PartialEq)]
pub struct RunState {
    /// Where the run is.
    pub phase: Phase,
    /// The backend of the current (or next) run.
    pub backend: Backend,
    /// Steps taken, by all parts together.
    pub step: u64,
    /// Steps the run will take, all parts together.
    pub total_steps: u64,
    /// Loss curve of each task of the whole run: (step of the task's part, loss). With one part
    /// (always, but on a CPU run a demo splits) that is the run's step.
    pub loss: Vec<Vec<(u64, f32)>>,
    /// The parts training in parallel workers, in task order; one when the run is not split.
    pub parts: Vec<PartRun>,
    /// The demo's result events, in order, answers to questions included (as results); a result that
    /// replaces earlier ones ([`crate::demos::Demo::replaces`]) removes them.
    pub results: Vec<Event>,
    /// Every result the training measured, none replaced, answers left out, in the order they came: what
    /// the run's digest covers ([`crate::demos::digest`]).
    pub measured: Vec<DemoResult>,
    /// The trained models the workers handed over after the run (`Event::Kept`), for the download.
    pub kept: Vec<SavedFile>,
    /// The run was loaded from a file, not trained here: its name.
    pub loaded: Option<String>,
    /// Wall-clock seconds of a finished run.
    pub seconds: Option<f64>,
    /// Why the run failed.
    pub error: Option<String>,
    /// Why a checkpoint could not be stored (the run goes on).
    pub unsaved: Option<String>,
    /// The run went on from a stored checkpoint of this many steps (all parts together).
    pub resumed_from: Option<u64>,
    /// Which worker the state belongs to; events of older workers are ignored.
    pub generation: u32,
}

/// Where one part of a run is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartRun {
    /// The whole run's index of the part's first task.
    pub first_task: usize,
    /// Steps the part has taken.
    pub step: u64,
    /// Steps the part will take.
    pub total_steps: u64,
    /// The worker confirmed it is paused.
    pub paused: bool,
    /// Seconds the part took, once finished.
    pub finished: Option<f64>,
    /// Steps of the part's latest checkpoint in the browser's storage (`Event::Checkpoint`).
    pub saved: Option<u64>,
    /// The part's worker has handed over its trained models (`Event::Kept`), or the run was loaded.
    pub kept: bool,
}

impl RunState {
    /// A fresh, idle state on `backend` for worker `generation`.
    pub fn new(backend: Backend, generation: u32) -> Self {
        Self {
            phase: Phase::Idle,
            backend,
            step: 0,
            total_steps: 0,
            loss: Vec::new(),
            parts: vec![PartRun::default()],
            results: Vec::new(),
            measured: Vec::new(),
            kept: Vec::new(),
            loaded: None,
            seconds: None,
            error: None,
            unsaved: None,
            resumed_from: None,
            generation,
        }
    }

    /// The transport's status line. `ready` is shown before the first run, `running` (by default
    /// "step s of n") while training, `finished_note` after the timing of a finished run.
    pub fn status(&self, ready: String, running: Option<String>, finished_note: &str) -> String {
        let backend = self.backend.label();
        match self.phase {
            Phase::Idle => ready,
            Phase::Starting => format!("Starting {backend}…"),
            Phase::Running => {
                let steps = running.unwrap_or_else(|| format!("step {} of {}", self.step, self.total_steps));
                format!("Training on {backend}: {steps}.")
            }
            Phase::Pausing => format!("Pausing after step {}…", self.step),
            Phase::Paused => format!("Paused at step {} of {} ({backend}).", self.step, self.total_steps),
            Phase::Finished if self.loaded.is_some() => format!(
                "Loaded a run of {} steps from {}: not trained here. Its models answer as after a run.",
                self.step,
                self.loaded.as_deref().unwrap_or_default()
            ),
            Phase::Finished => {
                let seconds = self.seconds.unwrap_or(0.0);
                // A resumed run timed only the steps after its checkpoint.
                let from = self.resumed_from.unwrap_or(0);
                let rate = significant(self.step.saturating_sub(from) as f64 / seconds.max(1e-9));
                match self.resumed_from {
                    Some(from) => format!(
                        "Finished {} steps on {backend}, resumed from step {from}: the last {} took {seconds:.1} s \
                         ({rate} steps/s).{finished_note}",
                        self.step,
                        self.step.saturating_sub(from)
                    ),
                    None => format!(
                        "Finished {} steps on {backend} in {seconds:.1} s ({rate} steps/s).{finished_note}",
                        self.step
                    ),
                }
            }
            Phase::Failed => "Stopped by an error (see above). Reset to try again.".into(),
        }
    }

    /// The results of demo `D`, in order.
    pub fn results_of<D: Registered>(&self) -> impl Iterator<Item = &D::Result> {
        self.results.iter().filter_map(|e| match e {
            Event::Result(r) => D::result_of(r),
            _ => None,
        })
    }

    /// Where task `task` of a run of `tasks` tasks sits: its index within its part and how many
    /// tasks that part trains (demos whose parts take turns between tasks map steps with it).
    pub fn task_in_part(&self, task: usize, tasks: usize) -> (usize, usize) {
        let p = self.parts.iter().rposition(|p| p.first_task <= task).unwrap_or(0);
        let first = self.parts.get(p).map_or(0, |p| p.first_task);
        let end = self.parts.get(p + 1).map_or(tasks, |next| next.first_task);
        (task - first, end.saturating_sub(first).max(1))
    }

    /// Steps of the run's latest checkpoint, all parts together, once every part has one: where a
    /// reload resumes.
    pub fn saved(&self) -> Option<u64> {
        self.parts.iter().map(|p| p.saved).sum()
    }

    /// Whether every part's models are here (for the download).
    pub fn all_kept(&self) -> bool {
        self.parts.iter().all(|p| p.kept)
    }

    /// Fraction of the run done, 0..=1.
    pub fn fraction(&self) -> f64 {
        if self.total_steps == 0 { 0.0 } else { self.step as f64 / self.total_steps as f64 }
    }
}

/// `v` with three or four significant figures.
pub fn significant(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Changes to the run state.
pub enum Action {
    /// A fresh, idle state on `backend` for worker `generation`.
    Reset(Backend, u32),
    /// The page asked the workers to start these parts (first task, total steps of each).
    Starting(Vec<(usize, u64)>),
    /// The page paused or resumed.
    SetPaused(bool),
    /// The worker of part `.1` of `generation` said something.
    Event(u32, usize, Event),
    /// The worker of `generation` failed outside the run (could not load, crashed).
    Failed(u32, String),
    /// A checkpoint of `generation`'s run could not be stored: why.
    Unsaved(u32, String),
    /// The run goes on from a stored checkpoint of this many steps.
    Resumed(u64),
    /// A kept run read from the file named `.0`: its results, loss curves and parts (first task,
    /// steps), shown as a finished run.
    Loaded(String, Vec<DemoResult>, Vec<Vec<(u64, f32)>>, Vec<(usize, u64)>),
}

impl RunState {
    /// The state after `action`: events of an older worker, or of a part the run does not have,
    /// change nothing.
    pub fn apply(&self, action: Action) -> RunState {
        let mut s = self.clone();
        match action {
            Action::Reset(backend, generation) => return RunState::new(backend, generation),
            Action::Starting(parts) => {
                s.phase = Phase::Starting;
                s.parts = parts
                    .into_iter()
                    .map(|(first_task, total_steps)| PartRun {
                        first_task,
                        total_steps,
                        ..Default::default()
                    })
                    .collect();
            }
            Action::SetPaused(paused) => {
                s.parts.iter_mut().for_each(|p| p.paused = false);
                if matches!(s.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Starting) {
                    s.phase = if paused { Phase::Pausing } else { Phase::Running };
                }
            }
            Action::Failed(generation, message) if generation == s.generation => {
                s.phase = Phase::Failed;
                s.error = Some(message);
            }
            Action::Failed(..) => return s,
            Action::Unsaved(generation, message) if generation == s.generation => s.unsaved = Some(message),
            Action::Unsaved(..) => return s,
            Action::Resumed(step) => s.resumed_from = Some(step),
            Action::Loaded(name, results, loss, parts) => {
                (s.loss, s.phase, s.loaded) = (loss, Phase::Finished, Some(name));
                s.parts = parts
                    .into_iter()
                    .map(|(first_task, steps)| PartRun {
                        first_task,
                        step: steps,
                        total_steps: steps,
                        finished: Some(0.0),
                        kept: true,
                        ..Default::default()
                    })
                    .collect();
                for result in results {
                    s.measured.push(result.clone());
                    s.show(result);
                }
            }
            Action::Event(generation, ..) if generation != s.generation => return s,
            Action::Event(_, part, _) if part >= s.parts.len() => return s,
            Action::Event(_, part, event) => match event {
                Event::Started { backend, total_steps } => {
                    s.backend = backend;
                    s.parts[part].total_steps = total_steps;
                    if s.phase == Phase::Starting {
                        s.phase = Phase::Running;
                    }
                }
                Event::Progress { task, step, total_steps, loss } => {
                    let task = s.parts[part].first_task + task;
                    if s.loss.len() <= task {
                        s.loss.resize(task + 1, Vec::new());
                    }
                    s.loss[task].push((step, loss));
                    s.parts[part].step = step;
                    s.parts[part].total_steps = total_steps;
                }
                Event::Paused => {
                    s.parts[part].paused = true;
                    if s.phase == Phase::Pausing && s.all_paused() {
                        s.phase = Phase::Paused;
                    }
                }
                Event::Finished { steps, seconds } => {
                    s.parts[part].step = steps;
                    s.parts[part].finished = Some(seconds);
                    // The run took as long as its slowest part.
                    if s.parts.iter().all(|p| p.finished.is_some()) {
                        s.seconds = s.parts.iter().filter_map(|p| p.finished).reduce(f64::max);
                        s.phase = Phase::Finished;
                    } else if s.phase == Phase::Pausing && s.all_paused() {
                        // The part ended while the others were pausing: they need no more word.
                        s.phase = Phase::Paused;
                    }
                }
                Event::Stopped { step } => {
                    s.parts[part].step = step;
                    s.phase = Phase::Idle;
                }
                Event::Error { message } => {
                    s.phase = Phase::Failed;
                    s.error = Some(message);
                }
                Event::Result(result) => {
                    s.measured.push(result.clone());
                    s.show(result);
                }
                Event::Answer(result) => s.show(result),
                Event::Kept { files } => {
                    s.parts[part].kept = true;
                    s.kept.extend(files);
                }
                Event::Checkpoint(c) => s.parts[part].saved = Some(c.step),
                // A timing is the backend pick's (`app::backend_pick`), never a run's.
                Event::Timed { .. } => {}
            },
        }
        // The run's steps are its parts' steps, summed.
        s.step = s.parts.iter().map(|p| p.step).sum();
        s.total_steps = s.parts.iter().map(|p| p.total_steps).sum();
        s
    }

    /// Adds `result` to the results shown. A result may make earlier ones obsolete (the latest answer to a
    /// slider).
    fn show(&mut self, result: DemoResult) {
        self.results.retain(|old| !matches!(old, Event::Result(old) if result.replaces(old)));
        self.results.push(Event::Result(result));
    }

    /// Every part still training has confirmed that it is paused.
    fn all_paused(&self) -> bool {
        self.parts.iter().all(|p| p.paused || p.finished.is_some())
    }
}

#[cfg(test)]
mod tests;

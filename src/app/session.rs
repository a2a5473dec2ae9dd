//! A training session: the workers running one experiment, and the state the page renders from
//! their events. Shared by every demo page through [`use_session`].
//!
//! On the CPU a run whose demo splits it ([`crate::demos::Demo::split`]) trains its parts in
//! parallel workers, one module instance each ([`parallel_parts`]); the state merges their
//! events: task indices shifted by each part's first task, steps summed, finished when every
//! part is. On WebGPU a run is one worker: one device.

use crate::demos::event::Command;
use crate::demos::{DemoConfig, Event, Part, Query, Registered};
use crate::engine::Backend;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

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
    /// The demo's result events, in order.
    pub results: Vec<Event>,
    /// Wall-clock seconds of a finished run.
    pub seconds: Option<f64>,
    /// Why the run failed.
    pub error: Option<String>,
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
}

impl RunState {
    fn new(backend: Backend, generation: u32) -> Self {
        Self {
            phase: Phase::Idle,
            backend,
            step: 0,
            total_steps: 0,
            loss: Vec::new(),
            parts: vec![PartRun::default()],
            results: Vec::new(),
            seconds: None,
            error: None,
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
            Phase::Finished => {
                let seconds = self.seconds.unwrap_or(0.0);
                let rate = significant(self.step as f64 / seconds.max(1e-9));
                format!(
                    "Finished {} steps on {backend} in {seconds:.1} s ({rate} steps/s).{finished_note}",
                    self.step
                )
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
}

impl Reducible for RunState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Reset(backend, generation) => return Rc::new(RunState::new(backend, generation)),
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
            Action::Failed(..) => return self,
            Action::Event(generation, ..) if generation != s.generation => return self,
            Action::Event(_, part, _) if part >= s.parts.len() => return self,
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
                    // Paused once every part still training has confirmed.
                    let all = s.parts.iter().all(|p| p.paused || p.finished.is_some());
                    if s.phase == Phase::Pausing && all {
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
                    // A result may make earlier ones obsolete (the latest answer to a slider).
                    s.results.retain(|old| !matches!(old, Event::Result(old) if result.replaces(old)));
                    s.results.push(Event::Result(result));
                }
            },
        }
        // The run's steps are its parts' steps, summed.
        s.step = s.parts.iter().map(|p| p.step).sum();
        s.total_steps = s.parts.iter().map(|p| p.total_steps).sum();
        Rc::new(s)
    }
}

/// The worker script for `backend`: the CPU module (flex only, the smaller download) or the
/// WebGPU module (flex and wgpu), each its own wasm file, fetched when a run first needs it.
pub fn worker_script(backend: Backend) -> &'static str {
    match backend {
        Backend::Flex => "www/worker.js",
        Backend::Wgpu => "www/worker-webgpu.js",
    }
}

/// A live worker. Dropping it terminates the worker and frees what it held.
struct Runner {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Runner {
    fn spawn(
        backend: Backend,
        generation: u32,
        part: usize,
        state: UseReducerDispatcher<RunState>,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(worker_script(backend), &options)
            .map_err(|e| format!("could not start the training worker: {e:?}"))?;
        let on_message = {
            let state = state.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                match serde_wasm_bindgen::from_value::<Event>(e.data()) {
                    Ok(event) => state.dispatch(Action::Event(generation, part, event)),
                    Err(err) => {
                        state.dispatch(Action::Failed(generation, format!("unreadable event: {err}")))
                    }
                }
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            state
                .dispatch(Action::Failed(generation, format!("the training worker failed: {}", e.message())));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self { worker, _on_message: on_message, _on_error: on_error })
    }

    fn send(&self, command: &Command) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = command.serialize(&serializer) {
            let _ = self.worker.post_message(&value);
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What a demo page gets from [`use_session`].
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The run's state.
    pub state: UseReducerHandle<RunState>,
    /// Start, or resume.
    pub play: Callback<()>,
    /// Pause between steps.
    pub pause: Callback<()>,
    /// One optimiser step (starts paused if nothing runs).
    pub step: Callback<()>,
    /// Terminate the worker and clear the results.
    pub reset: Callback<()>,
    /// Ask the run's models a question; the answer arrives as a result event. Ignored while no
    /// run has started.
    pub ask: Callback<Query>,
}

/// How many parts a CPU run may be cut into: one per core, and up to twice that, so that parts
/// of unequal length keep every core busy (a finished part frees its core for the others); one
/// where there is one core. The page's own thread renders a few frames a second meanwhile.
pub fn parallel_parts() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    if cores <= 1 { 1 } else { (2 * cores).min(8) }
}

/// A training session for `config` on `backend`. Changing either resets the session.
#[hook]
pub fn use_session(config: DemoConfig, backend: Backend) -> Session {
    let state = use_reducer(|| RunState::new(backend, 0));
    let runners: Rc<RefCell<Vec<Runner>>> = use_mut_ref(Vec::new);
    let generation = use_mut_ref(|| 0u32);

    let reset = {
        let (state, runners, generation) = (state.dispatcher(), runners.clone(), generation.clone());
        Callback::from(move |_| {
            runners.borrow_mut().clear();
            *generation.borrow_mut() += 1;
            state.dispatch(Action::Reset(backend, *generation.borrow()));
        })
    };
    {
        let reset = reset.clone();
        use_effect_with((config.clone(), backend), move |_| {
            reset.emit(());
            move || {}
        });
    }
    {
        // Terminate the workers when the page goes away.
        let runners = runners.clone();
        use_effect_with((), move |_| move || runners.borrow_mut().clear());
    }
    let send_all = {
        let runners = runners.clone();
        move |command: &Command| runners.borrow().iter().for_each(|r| r.send(command))
    };
    let start = {
        let (state, runners, generation) = (state.dispatcher(), runners.clone(), generation.clone());
        Rc::new(move |paused: bool| -> bool {
            if !runners.borrow().is_empty() {
                return true;
            }
            let generation = *generation.borrow();
            // One device on WebGPU; on the CPU, parts in parallel workers.
            let parts: Vec<Part<DemoConfig>> =
                config.split(if backend == Backend::Flex { parallel_parts() } else { 1 });
            let mut spawned = Vec::with_capacity(parts.len());
            for i in 0..parts.len() {
                match Runner::spawn(backend, generation, i, state.clone()) {
                    Ok(r) => spawned.push(r),
                    Err(message) => {
                        state.dispatch(Action::Failed(generation, message));
                        return false;
                    }
                }
            }
            state.dispatch(Action::Starting(
                parts.iter().map(|p| (p.first_task, p.config.total_steps())).collect(),
            ));
            for (r, part) in spawned.iter().zip(parts) {
                r.send(&Command::Start { backend, config: part.config, paused });
            }
            *runners.borrow_mut() = spawned;
            true
        })
    };
    let play = {
        let (state, runners, start, send_all) =
            (state.clone(), runners.clone(), start.clone(), send_all.clone());
        Callback::from(move |_| {
            if matches!(state.phase, Phase::Finished | Phase::Failed) {
                return;
            }
            // `start` borrows the runners mutably: the shared borrow must end first.
            let running = !runners.borrow().is_empty();
            if running {
                send_all(&Command::Resume);
            } else if !start(false) {
                return;
            }
            state.dispatch(Action::SetPaused(false));
        })
    };
    let pause = {
        let (state, runners, send_all) = (state.clone(), runners.clone(), send_all.clone());
        Callback::from(move |_| {
            if !runners.borrow().is_empty() {
                send_all(&Command::Pause);
                state.dispatch(Action::SetPaused(true));
            }
        })
    };
    let step = {
        let (state, runners, send_all) = (state.clone(), runners.clone(), send_all.clone());
        Callback::from(move |_| {
            if matches!(state.phase, Phase::Finished | Phase::Failed) {
                return;
            }
            let running = !runners.borrow().is_empty();
            if !running && !start(true) {
                return;
            }
            // Every part takes one step.
            send_all(&Command::Pause);
            send_all(&Command::Step);
            state.dispatch(Action::SetPaused(true));
        })
    };
    // Every part answers for its own models; the page merges the answers.
    let ask = Callback::from(move |query: Query| send_all(&Command::Ask { query }));
    Session { state, play, pause, step, reset, ask }
}

//! A training session: one worker running one experiment, and the state the page renders from
//! its events. Shared by every demo page through [`use_session`].

use crate::demos::event::Command;
use crate::demos::{DemoConfig, Event, Query, Registered};
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
    /// Steps taken.
    pub step: u64,
    /// Steps the run will take.
    pub total_steps: u64,
    /// Loss curve of each task: (step, loss).
    pub loss: Vec<Vec<(u64, f32)>>,
    /// The demo's result events, in order.
    pub results: Vec<Event>,
    /// Wall-clock seconds of a finished run.
    pub seconds: Option<f64>,
    /// Why the run failed.
    pub error: Option<String>,
    /// Which worker the state belongs to; events of older workers are ignored.
    pub generation: u32,
}

impl RunState {
    fn new(backend: Backend, generation: u32) -> Self {
        Self {
            phase: Phase::Idle,
            backend,
            step: 0,
            total_steps: 0,
            loss: Vec::new(),
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
    /// The page asked the worker to start.
    Starting,
    /// The page paused or resumed.
    SetPaused(bool),
    /// The worker of `generation` said something.
    Event(u32, Event),
    /// The worker of `generation` failed outside the run (could not load, crashed).
    Failed(u32, String),
}

impl Reducible for RunState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Reset(backend, generation) => return Rc::new(RunState::new(backend, generation)),
            Action::Starting => s.phase = Phase::Starting,
            Action::SetPaused(paused) => {
                if matches!(s.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Starting) {
                    s.phase = if paused { Phase::Pausing } else { Phase::Running };
                }
            }
            Action::Failed(generation, message) if generation == s.generation => {
                s.phase = Phase::Failed;
                s.error = Some(message);
            }
            Action::Failed(..) => return self,
            Action::Event(generation, _) if generation != s.generation => return self,
            Action::Event(_, event) => match event {
                Event::Started { backend, total_steps } => {
                    s.backend = backend;
                    s.total_steps = total_steps;
                    if s.phase == Phase::Starting {
                        s.phase = Phase::Running;
                    }
                }
                Event::Progress { task, step, total_steps, loss } => {
                    if s.loss.len() <= task {
                        s.loss.resize(task + 1, Vec::new());
                    }
                    s.loss[task].push((step, loss));
                    s.step = step;
                    s.total_steps = total_steps;
                }
                Event::Paused => {
                    if s.phase == Phase::Pausing {
                        s.phase = Phase::Paused;
                    }
                }
                Event::Finished { steps, seconds } => {
                    s.step = steps;
                    s.seconds = Some(seconds);
                    s.phase = Phase::Finished;
                }
                Event::Stopped { step } => {
                    s.step = step;
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
        Rc::new(s)
    }
}

/// A live worker. Dropping it terminates the worker and frees what it held.
struct Runner {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Runner {
    fn spawn(generation: u32, state: UseReducerDispatcher<RunState>) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("www/worker.js", &options)
            .map_err(|e| format!("could not start the training worker: {e:?}"))?;
        let on_message = {
            let state = state.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                match serde_wasm_bindgen::from_value::<Event>(e.data()) {
                    Ok(event) => state.dispatch(Action::Event(generation, event)),
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

/// A training session for `config` on `backend`. Changing either resets the session.
#[hook]
pub fn use_session(config: DemoConfig, backend: Backend) -> Session {
    let state = use_reducer(|| RunState::new(backend, 0));
    let runner: Rc<RefCell<Option<Runner>>> = use_mut_ref(|| None);
    let generation = use_mut_ref(|| 0u32);

    let reset = {
        let (state, runner, generation) = (state.dispatcher(), runner.clone(), generation.clone());
        Callback::from(move |_| {
            runner.borrow_mut().take();
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
        // Terminate the worker when the page goes away.
        let runner = runner.clone();
        use_effect_with((), move |_| move || drop(runner.borrow_mut().take()));
    }
    let start = {
        let (state, runner, generation) = (state.dispatcher(), runner.clone(), generation.clone());
        Rc::new(move |paused: bool| -> bool {
            if runner.borrow().is_some() {
                return true;
            }
            let generation = *generation.borrow();
            match Runner::spawn(generation, state.clone()) {
                Ok(r) => {
                    state.dispatch(Action::Starting);
                    r.send(&Command::Start { backend, config: config.clone(), paused });
                    *runner.borrow_mut() = Some(r);
                    true
                }
                Err(message) => {
                    state.dispatch(Action::Failed(generation, message));
                    false
                }
            }
        })
    };
    let play = {
        let (state, runner, start) = (state.clone(), runner.clone(), start.clone());
        Callback::from(move |_| {
            if matches!(state.phase, Phase::Finished | Phase::Failed) {
                return;
            }
            // `start` borrows the runner mutably: the shared borrow must end first.
            let resumed = runner.borrow().as_ref().map(|r| r.send(&Command::Resume)).is_some();
            if !resumed && !start(false) {
                return;
            }
            state.dispatch(Action::SetPaused(false));
        })
    };
    let pause = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |_| {
            if let Some(r) = runner.borrow().as_ref() {
                r.send(&Command::Pause);
                state.dispatch(Action::SetPaused(true));
            }
        })
    };
    let step = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |_| {
            if matches!(state.phase, Phase::Finished | Phase::Failed) {
                return;
            }
            if runner.borrow().is_none() && !start(true) {
                return;
            }
            if let Some(r) = runner.borrow().as_ref() {
                r.send(&Command::Pause);
                r.send(&Command::Step);
            }
            state.dispatch(Action::SetPaused(true));
        })
    };
    let ask = {
        let runner = runner.clone();
        Callback::from(move |query: Query| {
            if let Some(r) = runner.borrow().as_ref() {
                r.send(&Command::Ask { query });
            }
        })
    };
    Session { state, play, pause, step, reset, ask }
}

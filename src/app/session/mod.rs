//! A training session: the workers running one experiment ([`transport`]) and the state the page
//! renders from their events ([`crate::session`]'s reducer). Shared by every demo page through
//! [`use_session`].
//!
//! On the CPU a run whose demo splits it ([`crate::demos::Demo::split`]) trains its parts in
//! parallel workers, one module instance each ([`parallel_parts`]).

mod transport;

pub use crate::session::{Action, PartRun, Phase, RunState, significant};
pub use transport::{send_command, spawn_worker, worker_script};

use crate::app::checkpoints;
use crate::demos::bundle::KeptRun;
use crate::demos::checkpoint::{Checkpoint, SavedRun};
use crate::demos::event::Command;
use crate::demos::{DemoConfig, Event, Part, Query};
use crate::engine::Backend;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

impl Reducible for RunState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
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
    /// Ask every worker of a finished run for its trained models (`Event::Kept`, for the download).
    pub keep: Callback<()>,
    /// Show a kept run read from the named file, as finished, and load its models into a worker to
    /// answer questions. A run of other settings waits until the page has them (the caller sets them).
    pub load: Callback<(String, KeptRun)>,
    /// Go on with a run stored in the browser from its checkpoints ([`crate::app::checkpoints`]), on
    /// the CPU. A run of other settings waits until the page has them (the caller sets them).
    pub resume: Callback<SavedRun>,
}

/// How many parts a CPU run may be cut into: one per core, and up to twice that, so that parts
/// of unequal length keep every core busy (a finished part frees its core for the others); one
/// where there is one core. The page's own thread renders a few frames a second meanwhile.
pub fn parallel_parts() -> usize {
    let cores = cores();
    if cores <= 1 { 1 } else { (2 * cores).min(8) }
}

/// This machine's cores, as the browser tells them (at least 1).
pub fn cores() -> usize {
    web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()).max(1.0) as usize
}

/// A training session for `config` on `backend`. Changing either resets the session.
#[hook]
pub fn use_session(config: DemoConfig, backend: Backend) -> Session {
    let state = use_reducer(|| RunState::new(backend, 0));
    let runners: Rc<RefCell<Vec<transport::Runner>>> = use_mut_ref(Vec::new);
    let generation = use_mut_ref(|| 0u32);
    let pending: Rc<RefCell<Option<Waiting>>> = use_mut_ref(|| None);
    let current = config.clone();
    // Ends whatever runs and clears the state: the generation of what comes next.
    let renew = {
        let (state, runners, generation) = (state.dispatcher(), runners.clone(), generation.clone());
        Rc::new(move |backend: Backend| -> u32 {
            runners.borrow_mut().clear();
            *generation.borrow_mut() += 1;
            let generation = *generation.borrow();
            state.dispatch(Action::Reset(backend, generation));
            generation
        })
    };
    // Shows a kept run and starts the worker that answers for its models (if it kept any).
    let show_kept = {
        let (state, runners, renew) = (state.dispatcher(), runners.clone(), renew.clone());
        Rc::new(move |name: String, run: KeptRun| {
            let generation = renew(backend);
            state.dispatch(Action::Loaded(name, run.results, run.loss, run.parts));
            if run.files.is_empty() {
                return;
            }
            // The loaded models are the run's kept ones: a download of it holds them again.
            state.dispatch(Action::Event(generation, 0, Event::Kept { files: run.files.clone() }));
            match transport::Runner::spawn(run.config.id(), backend, generation, 0, state.clone(), Vec::new())
            {
                Ok(r) => {
                    r.send(&Command::Load { backend, config: run.config, files: run.files });
                    runners.borrow_mut().push(r);
                }
                Err(message) => state.dispatch(Action::Failed(generation, message)),
            }
        })
    };
    // Goes on with a stored run from its checkpoints, on the CPU (where they were written), each
    // part in its own worker.
    let go_on = {
        let (state, runners, renew) = (state.dispatcher(), runners.clone(), renew.clone());
        Rc::new(move |run: SavedRun| {
            let generation = renew(Backend::Flex);
            let parts = run.parts.iter().map(|(first, c)| (*first, c.total_steps())).collect();
            state.dispatch(Action::Starting(parts));
            state.dispatch(Action::Resumed(run.step()));
            let mut spawned = Vec::new();
            for (i, ((_, config), checkpoint)) in run.parts.into_iter().zip(run.checkpoints).enumerate() {
                let Some(Checkpoint { step, events, files }) = checkpoint else { continue };
                // The page shows the events before the checkpoint itself: the worker only trains on.
                for event in &events {
                    state.dispatch(Action::Event(generation, i, event.clone()));
                }
                match transport::Runner::spawn(
                    config.id(),
                    Backend::Flex,
                    generation,
                    i,
                    state.clone(),
                    events,
                ) {
                    Ok(r) => {
                        r.send(&Command::ResumeFrom { backend: Backend::Flex, config, step, files });
                        spawned.push(r);
                    }
                    Err(message) => return state.dispatch(Action::Failed(generation, message)),
                }
            }
            *runners.borrow_mut() = spawned;
        })
    };

    let reset = {
        let renew = renew.clone();
        Callback::from(move |_| {
            renew(backend);
        })
    };
    {
        let (reset, pending, show_kept, go_on) =
            (reset.clone(), pending.clone(), show_kept.clone(), go_on.clone());
        use_effect_with((config.clone(), backend), move |(config, _)| {
            reset.emit(());
            // A kept or stored run of these settings, waiting for the page to have them.
            match pending.borrow_mut().take_if(|w| w.config() == config) {
                Some(Waiting::Kept(name, run)) => show_kept(name, run),
                Some(Waiting::Stored(run)) => go_on(run),
                None => {}
            }
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
                match transport::Runner::spawn(config.id(), backend, generation, i, state.clone(), Vec::new())
                {
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
            // On the CPU a demo that resumes writes checkpoints: a new run replaces its stored one.
            if backend == Backend::Flex && config.resumes() {
                let run = SavedRun {
                    config: config.clone(),
                    parts: parts.iter().map(|p| (p.first_task, p.config.clone())).collect(),
                    began: js_sys::Date::now(),
                    checkpoints: Vec::new(),
                };
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(message) = checkpoints::begin(&run).await {
                        state.dispatch(Action::Unsaved(generation, message));
                    }
                });
            }
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
    // Every part answers for its own models, and hands them over for the download; the page merges.
    let keep = {
        let send_all = send_all.clone();
        Callback::from(move |_| send_all(&Command::Keep))
    };
    let ask = Callback::from(move |query: Query| send_all(&Command::Ask { query }));
    let load = {
        let (current, pending) = (current.clone(), pending.clone());
        Callback::from(move |(name, run): (String, KeptRun)| {
            if run.config == current {
                show_kept(name, run);
            } else {
                *pending.borrow_mut() = Some(Waiting::Kept(name, run));
            }
        })
    };
    let resume = Callback::from(move |run: SavedRun| {
        if run.config == current {
            go_on(run);
        } else {
            *pending.borrow_mut() = Some(Waiting::Stored(run));
        }
    });
    Session { state, play, pause, step, reset, ask, keep, load, resume }
}

/// A run waiting for the page to have its settings: kept (read from a file) or stored (to resume).
enum Waiting {
    Kept(String, KeptRun),
    Stored(SavedRun),
}

impl Waiting {
    fn config(&self) -> &DemoConfig {
        match self {
            Waiting::Kept(_, run) => &run.config,
            Waiting::Stored(run) => &run.config,
        }
    }
}

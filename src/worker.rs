//! The Web Worker entry point: runs one experiment and posts its events to the page. The page
//! only sends [`Command`]s; it never touches tensors. Reset and stop terminate the worker, which
//! frees everything it held (GPU buffers included).

use crate::demos::bundle::SavedFile;
use crate::demos::checkpoint::{CHECKPOINT_EVERY_SECONDS, Checkpoint};
use crate::demos::event::{Command, Failure};
use crate::demos::timing::TimeSteps;
use crate::demos::{AfterRun, Control, Event, Flow, Query};
use crate::engine::{Backend, init_device};
use burn::tensor::Device;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};
use web_time::{Duration, Instant};

/// How long training may hold the worker's event loop before it yields, so that commands
/// (pause, step) are seen promptly.
const YIELD_EVERY: Duration = Duration::from_millis(25);

/// Pause/step state, changed by commands, read by the run between steps.
struct WorkerControl {
    paused: Cell<bool>,
    steps_granted: Cell<u32>,
    last_yield: Cell<Instant>,
    /// The step the run is paused after has been reported.
    reported: Cell<bool>,
    /// The page has been told that the run is paused.
    announced: Cell<bool>,
    /// Questions not answered yet.
    questions: RefCell<VecDeque<Query>>,
    /// The page asked for the trained models ([`Command::Keep`]).
    keep_asked: Cell<bool>,
    /// Checkpoints every so often (a CPU run, [`Command::Start`] or [`Command::ResumeFrom`]);
    /// `None`: never (WebGPU: burn reads an optimiser's state synchronously, which WebGPU in a
    /// browser does not allow; a timed run).
    checkpoint_every: Cell<Option<Duration>>,
    /// When the last checkpoint was written (or the run began).
    last_checkpoint: Cell<Instant>,
    /// The page holds a checkpoint of this run: its last step writes one too, so that a reload
    /// resumes a finished part as finished.
    checkpointed: Cell<bool>,
    /// A timed run ([`Command::Time`]): its steps are counted and timed instead of controlled
    /// (here, not as a control of its own: each control type compiles every demo's training
    /// into the module once more).
    timing: RefCell<Option<TimeSteps>>,
}

impl Control for WorkerControl {
    async fn between_steps(&self) -> Flow {
        if let Some(timing) = self.timing.borrow().as_ref() {
            return timing.after_step();
        }
        if self.last_yield.get().elapsed() >= YIELD_EVERY {
            yield_now().await;
            self.last_yield.set(Instant::now());
        }
        loop {
            if let Some(query) = self.questions.borrow_mut().pop_front() {
                return Flow::Answer(query);
            }
            if !self.paused.get() {
                self.reported.set(false);
                self.announced.set(false);
                return Flow::Run;
            }
            if !self.reported.replace(true) {
                return Flow::Report;
            }
            if self.steps_granted.get() > 0 {
                self.steps_granted.set(self.steps_granted.get() - 1);
                self.reported.set(false);
                self.announced.set(false);
                return Flow::Run;
            }
            if !self.announced.replace(true) {
                post(&Event::Paused);
            }
            sleep(40).await;
            self.last_yield.set(Instant::now());
        }
    }

    /// The models go to the page when it asks ([`Command::Keep`]), even none: it waits for every part.
    fn keep(&self, files: Vec<SavedFile>) {
        post(&Event::Kept { files });
    }

    fn checkpoint_due(&self, last: bool) -> bool {
        let Some(every) = self.checkpoint_every.get() else { return false };
        let due = if last { self.checkpointed.get() } else { self.last_checkpoint.get().elapsed() >= every };
        if due {
            self.last_checkpoint.set(Instant::now());
            self.checkpointed.set(true);
        }
        due
    }

    async fn after_run(&self) -> Option<AfterRun> {
        if self.timing.borrow().is_some() {
            return None;
        }
        // The worker lives until the page terminates it: the trained models keep answering.
        loop {
            if self.keep_asked.replace(false) {
                return Some(AfterRun::Keep);
            }
            if let Some(query) = self.questions.borrow_mut().pop_front() {
                return Some(AfterRun::Ask(query));
            }
            sleep(40).await;
        }
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(event: &Event) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match event.serialize(&serializer) {
        Ok(value) => {
            let _ = scope().post_message(&value);
        }
        Err(e) => web_sys::console::error_1(&format!("minima worker: {e}").into()),
    }
}

/// Resolves on the next turn of the event loop (a MessageChannel round trip: no timer clamping).
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = MessageChannel::new() {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            let _ = channel.port2().post_message(&JsValue::NULL);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

fn handle(control: &Rc<WorkerControl>, running: &Rc<Cell<bool>>, command: Command) {
    match command {
        Command::Start { backend, config, paused } => {
            let run = control.clone();
            if start_once(running, backend, async move |device| {
                run.last_yield.set(Instant::now());
                run.last_checkpoint.set(Instant::now());
                // One type of `emit` for every run of this worker (as one control type): the module
                // compiles each demo's training loop once.
                let mut emit: &mut dyn FnMut(Event) = &mut |e| post(&e);
                config.run(backend, &device, run.as_ref(), &mut emit).await;
            }) {
                control.paused.set(paused);
                control.checkpoint_every.set(checkpoint_every(backend));
            }
        }
        Command::ResumeFrom { backend, config, step, files } => {
            let run = control.clone();
            let checkpoint = Checkpoint::new(step, files);
            if start_once(running, backend, async move |device| {
                run.last_yield.set(Instant::now());
                run.last_checkpoint.set(Instant::now());
                let mut emit: &mut dyn FnMut(Event) = &mut |e| post(&e);
                config.run_from(Some(&checkpoint), backend, &device, run.as_ref(), &mut emit).await;
            }) {
                control.checkpoint_every.set(checkpoint_every(backend));
                control.checkpointed.set(true);
            }
        }
        Command::Time { backend, config } => {
            let run = control.clone();
            if start_once(running, backend, async move |device| {
                // Only the timing and a failure leave the worker: the run's own events are not the
                // page's.
                let mut emit: &mut dyn FnMut(Event) = &mut |e| {
                    if let Event::Error { .. } = e {
                        post(&e)
                    }
                };
                config.run(backend, &device, run.as_ref(), &mut emit).await;
                let timing = run.timing.borrow_mut().take().unwrap_or_default();
                timing.run_ended();
                let (steps, seconds) = timing.timed().unwrap_or((0, 0.0));
                post(&Event::Timed { backend, steps, seconds });
            }) {
                *control.timing.borrow_mut() = Some(TimeSteps::default());
            }
        }
        Command::Load { backend, config, files } => {
            let run = control.clone();
            start_once(running, backend, async move |device| {
                let mut emit: &mut dyn FnMut(Event) = &mut |e| post(&e);
                config.answer_saved(&files, &device, run.as_ref(), &mut emit).await;
            });
        }
        Command::Pause => control.paused.set(true),
        Command::Resume => control.paused.set(false),
        Command::Step => control.steps_granted.set(control.steps_granted.get() + 1),
        Command::Ask { query } => control.questions.borrow_mut().push_back(query),
        Command::Keep => control.keep_asked.set(true),
        Command::Provoke { failure } => match failure {
            Failure::Panic => panic!("a failure provoked on purpose (Command::Provoke)"),
            Failure::OutOfMemory => crate::heap::exhaust(),
            Failure::LostDevice => lose_device(),
        },
    }
}

/// How often a run on `backend` writes a checkpoint: on the CPU, every
/// [`CHECKPOINT_EVERY_SECONDS`] of training; on WebGPU, never.
fn checkpoint_every(backend: Backend) -> Option<Duration> {
    (backend == Backend::Flex).then_some(Duration::from_secs(CHECKPOINT_EVERY_SECONDS))
}

/// Runs `experiment` on `backend`'s device, unless this worker has one already (a worker runs one:
/// reset terminates it). Returns whether it was started; it runs once the caller has returned.
fn start_once(
    running: &Cell<bool>,
    backend: Backend,
    experiment: impl AsyncFnOnce(Device) + 'static,
) -> bool {
    if running.replace(true) {
        post(&Event::Error { message: "this worker is already running an experiment".into() });
        return false;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match init_device(backend).await {
            Ok(device) => experiment(device).await,
            Err(e) => post(&Event::Error { message: e.to_string() }),
        }
    });
    true
}

/// Destroys the run's WebGPU device through `www/worker.js`, which watches the devices burn
/// requests; its `lost` promise then ends the run with a message. Without one, says so.
fn lose_device() {
    let global = js_sys::global();
    let lose = js_sys::Reflect::get(&global, &"minimaLoseDevice".into()).ok();
    let destroyed = lose
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&global).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if !destroyed {
        post(&Event::Error { message: "there is no WebGPU device to lose: the run is on the CPU".into() });
    }
}

/// Called by `www/worker.js` once the wasm module is ready, with the messages that arrived
/// while it loaded.
#[wasm_bindgen]
pub fn worker_main(queued: js_sys::Array) {
    std::panic::set_hook(Box::new(|info| {
        crate::heap::mark_panicked();
        post(&Event::Error { message: format!("the training worker crashed: {info}") });
    }));
    let control = Rc::new(WorkerControl {
        paused: Cell::new(false),
        steps_granted: Cell::new(0),
        last_yield: Cell::new(Instant::now()),
        reported: Cell::new(false),
        announced: Cell::new(false),
        questions: RefCell::new(VecDeque::new()),
        keep_asked: Cell::new(false),
        checkpoint_every: Cell::new(None),
        last_checkpoint: Cell::new(Instant::now()),
        checkpointed: Cell::new(false),
        timing: RefCell::new(None),
    });
    let running = Rc::new(Cell::new(false));
    let on_message = {
        let (control, running) = (control.clone(), running.clone());
        move |data: JsValue| match serde_wasm_bindgen::from_value::<Command>(data) {
            Ok(command) => handle(&control, &running, command),
            Err(e) => post(&Event::Error { message: format!("unreadable command: {e}") }),
        }
    };
    for data in queued.iter() {
        on_message(data);
    }
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(e.data()));
    scope().set_onmessage(Some(closure.as_ref().unchecked_ref()));
    closure.forget();
}

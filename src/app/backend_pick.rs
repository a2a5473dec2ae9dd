//! Which backend a demo trains on where a hardware GPU is offered: tiny models can be slower on a
//! GPU (each step dispatches many small kernels), so both backends are timed on the demo's own
//! settings — a few steps each after a warm-up, in their own worker, one after the other
//! ([`Command::Time`], `crate::demos::timing`) — and the faster is picked. On the CPU a run's
//! parts train in parallel workers, so its time per step is divided by the workers it gets.
//! A software adapter (SwiftShader) is not timed: the CPU is faster there; `backend=auto` in the
//! URL times both anyway.

use crate::app::components::transport::GpuSupport;
use crate::app::session::{cores, parallel_parts, send_command, spawn_worker};
use crate::demos::event::Command;
use crate::demos::{DemoConfig, Event};
use crate::engine::Backend;
use crate::estimate::pick::Pick;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// Longest a backend's timing may take (its worker's download and start-up, kernel compilation
/// and the timed steps) before the page gives up on it and keeps the CPU.
const TIMEOUT_MS: i32 = 30_000;

/// A live timing worker; dropping it terminates the worker.
struct Timer {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    _timeout: Closure<dyn FnMut()>,
    timeout: i32,
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.worker.terminate();
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timeout);
        }
    }
}

/// What a timing worker reports: milliseconds per step, or why not.
type Done = Rc<dyn Fn(Backend, Result<f64, String>)>;

fn spawn(backend: Backend, config: &DemoConfig, done: Done) -> Result<Timer, String> {
    let worker = spawn_worker(backend)?;
    let on_message = {
        let done = done.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            match serde_wasm_bindgen::from_value::<Event>(e.data()) {
                Ok(Event::Timed { steps: 0, .. }) => {
                    done(backend, Err("the run is too short to time".into()))
                }
                Ok(Event::Timed { steps, seconds, .. }) => done(backend, Ok(1e3 * seconds / steps as f64)),
                Ok(Event::Error { message }) => done(backend, Err(message)),
                Ok(_) => {}
                Err(err) => done(backend, Err(format!("unreadable event: {err}"))),
            }
        })
    };
    let on_error = {
        let done = done.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            done(backend, Err(format!("the worker failed: {}", e.message())));
        })
    };
    let on_timeout = Closure::<dyn FnMut()>::new(move || {
        done(backend, Err(format!("no timing within {} s", TIMEOUT_MS / 1000)));
    });
    let timeout = web_sys::window()
        .and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
        })
        .unwrap_or(0);
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    send_command(&worker, &Command::Time { backend, config: config.clone() })?;
    Ok(Timer { worker, _on_message: on_message, _on_error: on_error, _timeout: on_timeout, timeout })
}

/// Whether the page times the backends: a hardware adapter and no backend in the URL, or
/// `backend=auto` with any adapter.
pub fn wanted(gpu: &GpuSupport, asked: Option<Backend>, auto: bool) -> bool {
    match gpu {
        GpuSupport::Available { software, .. } => auto || (asked.is_none() && !software),
        _ => false,
    }
}

/// What the timings share: the pick shown, the live timer, the CPU's time once measured.
struct Timing {
    pick: UseStateHandle<Pick>,
    live: Rc<RefCell<Option<Timer>>>,
    config: DemoConfig,
    cpu_workers: usize,
    cpu_ms: RefCell<Option<f64>>,
}

impl Timing {
    /// Times `backend`, then calls [`Timing::finished`].
    fn start(self: &Rc<Self>, backend: Backend) {
        let this = self.clone();
        match spawn(backend, &self.config, Rc::new(move |b, result| this.finished(b, result))) {
            Ok(timer) => {
                *self.live.borrow_mut() = Some(timer);
                self.pick.set(Pick::Timing(backend));
            }
            Err(why) => self.pick.set(Pick::Failed(why)),
        }
    }

    /// `backend` timed (or failed): the CPU is followed by WebGPU, WebGPU by the pick.
    fn finished(self: &Rc<Self>, backend: Backend, result: Result<f64, String>) {
        // Terminated later: this runs inside the worker's own handler.
        let finished = self.live.borrow_mut().take();
        let _ = web_sys::window().map(|w| {
            let drop_later = Closure::once_into_js(move || drop(finished));
            w.set_timeout_with_callback_and_timeout_and_arguments_0(drop_later.unchecked_ref(), 0)
        });
        match (backend, result) {
            (_, Err(why)) => self.pick.set(Pick::Failed(format!("{}: {why}", backend.label()))),
            (Backend::Flex, Ok(ms)) => {
                *self.cpu_ms.borrow_mut() = Some(ms);
                self.start(Backend::Wgpu);
            }
            (Backend::Wgpu, Ok(gpu_ms)) => {
                let cpu = self.cpu_ms.borrow().unwrap_or(f64::INFINITY);
                self.pick.set(Pick::compare(cpu, self.cpu_workers, gpu_ms));
            }
        }
    }
}

/// Times the CPU, then WebGPU, on `config` once `wanted` (see [`wanted`]); the pick as it stands.
#[hook]
pub fn use_backend_pick(config: &DemoConfig, wanted: bool) -> Pick {
    let pick = use_state(|| Pick::NotTimed);
    let live: Rc<RefCell<Option<Timer>>> = use_mut_ref(|| None);
    {
        let (pick, live, config) = (pick.clone(), live.clone(), config.clone());
        use_effect_with(wanted, move |&wanted| {
            if !wanted || *pick != Pick::NotTimed {
                return;
            }
            let cpu_workers = config.split(parallel_parts()).len().min(cores());
            Rc::new(Timing { pick, live, config, cpu_workers, cpu_ms: RefCell::new(None) })
                .start(Backend::Flex);
        });
    }
    {
        // The page going away ends any timing.
        let live = live.clone();
        use_effect_with((), move |_| move || drop(live.borrow_mut().take()));
    }
    (*pick).clone()
}

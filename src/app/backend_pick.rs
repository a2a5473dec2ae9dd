//! Which backend a demo trains on where a hardware GPU is offered: tiny models can be slower on a
//! GPU (each step dispatches many small kernels), so both backends are timed on the demo's own
//! settings — a few steps each after a warm-up, in their own worker, one after the other
//! ([`Command::Time`], `crate::demos::timing`) — and the faster is picked. On the CPU a run's
//! parts train in parallel workers, so its time per step is divided by the workers it gets.
//! A software adapter (SwiftShader) is not timed: the CPU is faster there; `backend=auto` in the
//! URL times both anyway.

use crate::app::components::transport::GpuSupport;
use crate::app::session::{parallel_parts, worker_script};
use crate::demos::event::Command;
use crate::demos::{DemoConfig, Event};
use crate::engine::Backend;
use crate::estimate::pick::Pick;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
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
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(worker_script(backend), &options)
        .map_err(|e| format!("could not start a worker: {e:?}"))?;
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
    let command = Command::Time { backend, config: config.clone() };
    let value = command
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| format!("could not send the command: {e}"))?;
    worker.post_message(&value).map_err(|e| format!("could not send the command: {e:?}"))?;
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
            let cpu_ms: Rc<RefCell<Option<f64>>> = Rc::default();
            // The handler starts the next timing from inside the previous one's callback: it
            // refers to itself through this cell.
            let handler: Rc<RefCell<Option<Done>>> = Rc::default();
            let done: Done = {
                let (pick, live, handler, config) =
                    (pick.clone(), live.clone(), handler.clone(), config.clone());
                Rc::new(move |backend: Backend, result: Result<f64, String>| {
                    // Terminated later: this runs inside the worker's own handler.
                    let finished = live.borrow_mut().take();
                    let _ = web_sys::window().map(|w| {
                        let drop_later = Closure::once_into_js(move || drop(finished));
                        w.set_timeout_with_callback_and_timeout_and_arguments_0(drop_later.unchecked_ref(), 0)
                    });
                    match (backend, result) {
                        (_, Err(why)) => pick.set(Pick::Failed(format!("{}: {why}", backend.label()))),
                        (Backend::Flex, Ok(ms)) => {
                            *cpu_ms.borrow_mut() = Some(ms);
                            // Taken: the cycle through the cell ends here.
                            let next = handler.borrow_mut().take();
                            match next.map(|h| spawn(Backend::Wgpu, &config, h)) {
                                Some(Ok(timer)) => {
                                    *live.borrow_mut() = Some(timer);
                                    pick.set(Pick::Timing(Backend::Wgpu));
                                }
                                Some(Err(why)) => pick.set(Pick::Failed(why)),
                                None => {}
                            }
                        }
                        (Backend::Wgpu, Ok(gpu_ms)) => {
                            let cpu = cpu_ms.borrow().unwrap_or(f64::INFINITY);
                            pick.set(Pick::compare(cpu, cpu_workers, gpu_ms));
                        }
                    }
                })
            };
            *handler.borrow_mut() = Some(done.clone());
            match spawn(Backend::Flex, &config, done) {
                Ok(timer) => {
                    *live.borrow_mut() = Some(timer);
                    pick.set(Pick::Timing(Backend::Flex));
                }
                Err(why) => pick.set(Pick::Failed(why)),
            }
        });
    }
    {
        // The page going away ends any timing.
        let live = live.clone();
        use_effect_with((), move |_| move || drop(live.borrow_mut().take()));
    }
    (*pick).clone()
}

/// This machine's cores, as the browser tells them.
fn cores() -> usize {
    web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()).max(1.0) as usize
}

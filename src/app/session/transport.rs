//! The workers of a session: one per part of a run, each a module instance of the CPU or the
//! WebGPU worker script; commands go out as JSON, events come back into the state's reducer
//! (checkpoints by way of the browser's storage, [`checkpoints`], stored as they come: the page never
//! decodes their megabytes of weights on its main thread, only their step).

use super::{Action, RunState};
use crate::app::checkpoints;
use crate::demos::Event;
use crate::demos::checkpoint::Checkpoint;
use crate::demos::event::Command;
use crate::engine::Backend;
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// The worker script for `backend`: the CPU module (flex only, the smaller download) or the
/// WebGPU module (flex and wgpu), each its own wasm file, fetched when a run first needs it.
pub fn worker_script(backend: Backend) -> &'static str {
    match backend {
        Backend::Flex => "www/worker.js",
        Backend::Wgpu => "www/worker-webgpu.js",
    }
}

/// A new module instance of `backend`'s worker script (it runs nothing until sent a command).
pub fn spawn_worker(backend: Backend) -> Result<Worker, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(worker_script(backend), &options)
        .map_err(|e| format!("could not start the training worker: {e:?}"))
}

/// Sends `command` to `worker` as JSON.
pub fn send_command(worker: &Worker, command: &Command) -> Result<(), String> {
    let value = command
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| format!("could not send the command: {e}"))?;
    worker.post_message(&value).map_err(|e| format!("could not send the command: {e:?}"))
}

/// A live worker. Dropping it terminates the worker and frees what it held.
pub(super) struct Runner {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Runner {
    /// A worker for part `part` of `generation`'s run of `demo`. A part resumed from a checkpoint
    /// names the events before it (`earlier`): its later checkpoints are stored with them first.
    pub(super) fn spawn(
        demo: &'static str,
        backend: Backend,
        generation: u32,
        part: usize,
        state: UseReducerDispatcher<RunState>,
        earlier: Vec<Event>,
    ) -> Result<Self, String> {
        let worker = spawn_worker(backend)?;
        // As the worker's events come (serde-wasm-bindgen, JSON-compatible), once.
        let earlier = earlier
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| e.to_string())?
            .unchecked_into::<Array>();
        let on_message = {
            let state = state.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                // A checkpoint is stored first, as it came; the state learns only its step, once stored.
                if let Some(step) = checkpoint_step(&data) {
                    let state = state.clone();
                    let stored = stored_checkpoint(&data, &earlier);
                    wasm_bindgen_futures::spawn_local(async move {
                        match checkpoints::save(demo, part, &stored).await {
                            Ok(()) => {
                                let stored = Event::Checkpoint(Checkpoint::new(step, Vec::new()));
                                state.dispatch(Action::Event(generation, part, stored))
                            }
                            Err(message) => state.dispatch(Action::Unsaved(generation, message)),
                        }
                    });
                    return;
                }
                match serde_wasm_bindgen::from_value::<Event>(data) {
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

    pub(super) fn send(&self, command: &Command) {
        let _ = send_command(&self.worker, command);
    }
}

/// The step of a worker's message if it is an [`Event::Checkpoint`].
fn checkpoint_step(data: &JsValue) -> Option<u64> {
    let field = |key: &str| Reflect::get(data, &key.into()).ok();
    if field("event")?.as_string()? != "checkpoint" {
        return None;
    }
    field("step")?.as_f64().map(|s| s as u64)
}

/// A worker's checkpoint message as the [`Checkpoint`] it carries (its tag dropped), with the events of
/// the run before this part resumed (`earlier`) ahead of its own: what [`checkpoints::save`] stores.
fn stored_checkpoint(data: &JsValue, earlier: &Array) -> JsValue {
    let _ = Reflect::delete_property(data.unchecked_ref::<js_sys::Object>(), &"event".into());
    if earlier.length() > 0
        && let Ok(events) = Reflect::get(data, &"events".into())
    {
        let _ = Reflect::set(data, &"events".into(), &earlier.concat(events.unchecked_ref::<Array>()));
    }
    data.clone()
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

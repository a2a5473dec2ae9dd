//! The embedded demo's side of the `postMessage` protocol ([`crate::embed::protocol`]): takes
//! requests from the embedding page (only from the allowed origin, only from the parent
//! window), drives the session with them, and tells the page what the run does (`ready`,
//! `state`, `step`, `result`, `done`, `error`, `problems`, `resize`, `reply`). Off when the demo
//! is not in a frame.

use crate::app::session::{Phase, RunState};
use crate::demos::Problem;
use crate::demos::claims::{State, Verdict};
use crate::embed::protocol::{self, Format, Parsed, Request};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function framed() {
  try { return window.parent !== window; } catch (_) { return true; }
}

export function parent_origin() {
  try {
    const ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) return ancestors[0];
  } catch (_) {}
  try {
    if (document.referrer) return new URL(document.referrer).origin;
  } catch (_) {}
  return "";
}

function looks_like_ours(data) {
  return data !== null && typeof data === "object" && "minima" in data;
}

export function listen_messages(allowed, deliver) {
  const handler = (event) => {
    if (event.source !== window.parent || event.origin !== allowed) {
      if (looks_like_ours(event.data)) {
        console.warn(`minima: ignored a message from ${event.origin || "another window"}: ` +
          `only the embedding page at ${allowed} may drive this demo`);
      }
      return;
    }
    let text;
    try { text = JSON.stringify(event.data); } catch (_) { return; }
    if (typeof text === "string") deliver(text);
  };
  window.addEventListener("message", handler);
  return () => window.removeEventListener("message", handler);
}

export function post_to_parent(text, origin) {
  try { window.parent.postMessage(JSON.parse(text), origin); } catch (_) {}
}

export function watch_height(report) {
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) { last = height; report(height); }
  };
  const observer = new ResizeObserver(send);
  observer.observe(document.body);
  send();
  return () => observer.disconnect();
}
"#)]
extern "C" {
    fn framed() -> bool;
    fn parent_origin() -> String;
    fn listen_messages(allowed: &str, deliver: &Closure<dyn FnMut(String)>) -> js_sys::Function;
    fn post_to_parent(text: &str, origin: &str);
    fn watch_height(report: &Closure<dyn FnMut(f64)>) -> js_sys::Function;
}

/// The origin allowed to drive the demo: the `origin=` option, or the parent page's origin.
/// `None` when the demo is not framed (or the parent's origin cannot be known).
fn allowed_origin(asked: Option<&str>) -> Option<String> {
    if !framed() {
        return None;
    }
    let origin = asked.map(str::to_string).unwrap_or_else(parent_origin);
    (!origin.is_empty() && origin != "null").then_some(origin)
}

/// What the bridge needs from the demo page, fresh at every render.
#[derive(Clone)]
pub struct BridgeInputs {
    /// The demo's id.
    pub demo: String,
    /// The `origin=` option, if given.
    pub origin: Option<String>,
    /// The run's state as a message body (`phase`, `step`, …).
    pub snapshot: Value,
    /// The `ready` message's body: configuration and controls.
    pub ready: Value,
    /// Start or resume.
    pub play: Callback<()>,
    /// Pause.
    pub pause: Callback<()>,
    /// One step.
    pub step: Callback<()>,
    /// Reset.
    pub reset: Callback<()>,
    /// Apply settings; returns their problems.
    pub set_config: Callback<Vec<(String, String)>, Vec<Problem>>,
    /// The JSON export of the run.
    pub export: Callback<(), Value>,
    /// The page's current problems (URL, settings, backend).
    pub problems: Vec<Problem>,
    /// The demo's claims judged on the run so far.
    pub verdicts: Vec<Verdict>,
}

/// The generation of the run the `claim` messages were about, and each claim's state last sent.
type SentClaims = (u32, Vec<(String, State)>);

fn post(target: &str, message: &Value) {
    post_to_parent(&message.to_string(), target);
}

fn handle(inputs: &BridgeInputs, target: &str, text: &str) {
    let data: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let demo = inputs.demo.as_str();
    match protocol::parse(&data) {
        Parsed::NotOurs => {}
        Parsed::Rejected { id, reason } => {
            web_sys::console::warn_1(&format!("minima: ignored a message: {reason}").into());
            post(target, &protocol::reply(demo, id, Err(reason)));
        }
        Parsed::Request { id, request } => {
            let act = |callback: &Callback<()>| {
                callback.emit(());
                Value::Null
            };
            let data = match request {
                Request::Play => act(&inputs.play),
                Request::Pause => act(&inputs.pause),
                Request::Step => act(&inputs.step),
                Request::Reset => act(&inputs.reset),
                Request::SetConfig(pairs) => json!({ "problems": inputs.set_config.emit(pairs) }),
                Request::GetState => inputs.snapshot.clone(),
                Request::Export(Format::Json) => inputs.export.emit(()),
                Request::Export(Format::Csv) => {
                    Value::String(crate::embed::export::to_csv(&inputs.export.emit(())))
                }
            };
            post(target, &protocol::reply(demo, id, Ok(data)));
        }
    }
}

/// Connects the demo to the embedding page, if it is framed.
#[hook]
pub fn use_embed_bridge(inputs: BridgeInputs, state: &UseReducerHandle<RunState>) {
    let target = use_memo((), {
        let origin = inputs.origin.clone();
        move |_| allowed_origin(origin.as_deref())
    });
    let latest: Rc<RefCell<Option<BridgeInputs>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(inputs.clone());
    {
        // Listen, say `ready`, and report the height as it changes.
        let latest = latest.clone();
        use_effect_with(target.clone(), move |target| {
            let live = (**target).clone().map(|target| {
                let deliver = {
                    let (latest, target) = (latest.clone(), target.clone());
                    Closure::<dyn FnMut(String)>::new(move |text: String| {
                        let inputs = latest.borrow().clone();
                        if let Some(inputs) = inputs {
                            handle(&inputs, &target, &text);
                        }
                    })
                };
                let stop_listening = listen_messages(&target, &deliver);
                if let Some(inputs) = latest.borrow().as_ref() {
                    post(&target, &protocol::message(&inputs.demo, "ready", inputs.ready.clone()));
                }
                let resize = {
                    let (latest, target) = (latest.clone(), target.clone());
                    Closure::<dyn FnMut(f64)>::new(move |height: f64| {
                        if let Some(inputs) = latest.borrow().as_ref() {
                            post(
                                &target,
                                &protocol::message(&inputs.demo, "resize", json!({ "height": height })),
                            );
                        }
                    })
                };
                let stop_watching = watch_height(&resize);
                (deliver, stop_listening, resize, stop_watching)
            });
            move || {
                if let Some((deliver, stop_listening, resize, stop_watching)) = live {
                    let _ = stop_listening.call0(&JsValue::NULL);
                    let _ = stop_watching.call0(&JsValue::NULL);
                    drop((deliver, resize));
                }
            }
        });
    }
    // Every hook below runs at every render (hooks must keep their order); each posts only when
    // there is a page to post to.
    let target: Option<String> = (*target).clone();
    let demo = inputs.demo.clone();
    {
        // `state` on every change of phase (and `done` / `error` at the end).
        let (target, demo, snapshot) = (target.clone(), demo.clone(), inputs.snapshot.clone());
        let key = (state.phase, state.backend, state.generation, snapshot["pausedOffscreen"].clone());
        let (steps, seconds, error, digest) =
            (state.step, state.seconds, state.error.clone(), snapshot["digest"].clone());
        use_effect_with(key, move |(phase, ..)| {
            let Some(target) = target else { return };
            post(&target, &protocol::message(&demo, "state", snapshot));
            match phase {
                Phase::Finished => post(
                    &target,
                    &protocol::message(
                        &demo,
                        "done",
                        json!({ "steps": steps, "seconds": seconds, "digest": digest }),
                    ),
                ),
                Phase::Failed => {
                    post(&target, &protocol::message(&demo, "error", json!({ "message": error })))
                }
                _ => {}
            }
        });
    }
    {
        // `step` on every progress report.
        let (target, demo) = (target.clone(), demo.clone());
        let loss: Vec<Option<f32>> = state.loss.iter().map(|task| task.last().map(|&(_, l)| l)).collect();
        let total = state.total_steps;
        use_effect_with((state.step, state.generation), move |&(step, _)| {
            if let (Some(target), true) = (target, step > 0) {
                let body = json!({ "step": step, "totalSteps": total, "loss": loss });
                post(&target, &protocol::message(&demo, "step", body));
            }
        });
    }
    {
        // `result` for each new result event.
        let sent = use_mut_ref(|| (0u32, 0usize));
        // The handle, not a copy of every result at every render (this runs on every page too).
        let (target, demo, handle, generation) =
            (target.clone(), demo.clone(), state.clone(), state.generation);
        // The last result is compared (a re-measurement replaces the previous one) only in a frame.
        let last = target.as_ref().and_then(|_| state.results.last().cloned());
        use_effect_with((state.results.len(), generation, last), move |_| {
            let results = &handle.results;
            let Some(target) = target else { return };
            let mut sent = sent.borrow_mut();
            if sent.0 != generation || sent.1 > results.len() {
                *sent = (generation, 0);
            }
            // A re-measurement replaces the previous one: send the last result again if it changed.
            let from = sent.1.min(results.len().saturating_sub(1));
            for event in &results[from..] {
                post(&target, &protocol::message(&demo, "result", json!({ "event": event })));
            }
            sent.1 = results.len();
        });
    }
    {
        // `claim` for each claim whose state changed since the last message (all of them back to
        // not decided after a reset: a new generation starts from nothing sent).
        let sent: Rc<RefCell<SentClaims>> = use_mut_ref(|| (0, Vec::new()));
        let states: Vec<(String, State)> = inputs.verdicts.iter().map(|v| (v.id.clone(), v.state)).collect();
        let (target, demo, verdicts, generation) =
            (target.clone(), demo.clone(), inputs.verdicts.clone(), state.generation);
        use_effect_with((states, generation), move |(states, generation)| {
            let Some(target) = target else { return };
            let mut sent = sent.borrow_mut();
            if sent.0 != *generation {
                *sent = (*generation, Vec::new());
            }
            for (v, now) in verdicts.iter().zip(states) {
                let before = sent.1.iter().find(|(id, _)| *id == v.id).map(|(_, s)| *s);
                if before.unwrap_or(State::NotDecided) != now.1 {
                    let body = json!({ "id": v.id, "state": v.state_key(), "value": v.value, "shown": v.shown,
                        "at": v.at });
                    post(&target, &protocol::message(&demo, "claim", body));
                }
            }
            sent.1 = states.clone();
        });
    }
    {
        let problems = inputs.problems.clone();
        use_effect_with(problems, move |problems| {
            if let (Some(target), false) = (target, problems.is_empty()) {
                post(&target, &protocol::message(&demo, "problems", json!({ "problems": problems })));
            }
        });
    }
}

//! Play, pause, step and reset, the backend choice, and the status line.

use crate::app::session::Phase;
use crate::engine::Backend;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the browser's WebGPU can do, found once at start-up.
#[derive(Clone, Debug, PartialEq)]
pub enum GpuSupport {
    /// Still asking the browser.
    Checking,
    /// An adapter with what burn needs; `software` when it is a CPU emulation (SwiftShader);
    /// `max_binding`: the most bytes one storage buffer may hold (its
    /// `maxStorageBufferBindingSize`, at most its `maxBufferSize`).
    Available { software: bool, adapter: String, max_binding: u64 },
    /// Not usable, and why.
    Unavailable(String),
}

/// Whether this site serves the CPU worker module yet: `scripts/serve.sh` serves the page as
/// soon as its own module is built and builds the CPU worker next (minutes on a fresh machine).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CpuWorker {
    /// Still asking the server.
    Checking,
    /// Not served yet: asked again every few seconds.
    Building,
    /// Served.
    Ready,
}

/// What the page says while the CPU worker module is not served yet.
pub const CPU_WORKER_BUILDING: &str = "This site's CPU worker is still being built (scripts/serve.sh builds it right \
    after the page, a few minutes on a fresh machine): Train starts working as soon as it is served, without a reload.";

/// Props of [`Transport`].
#[derive(Properties, PartialEq)]
pub struct TransportProps {
    /// Where the run is.
    pub phase: Phase,
    /// Backend of the session.
    pub backend: Backend,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
    /// Status text (announced politely to screen readers).
    pub status: AttrValue,
    /// Start or resume.
    pub on_play: Callback<()>,
    /// Pause.
    pub on_pause: Callback<()>,
    /// One step.
    pub on_step: Callback<()>,
    /// Reset.
    pub on_reset: Callback<()>,
    /// Switch backend (resets the run).
    pub on_backend: Callback<Backend>,
    /// The embedding page hid the backend choice.
    #[prop_or_default]
    pub backend_hidden: bool,
    /// The embedding page locked the backend choice.
    #[prop_or_default]
    pub backend_locked: bool,
    /// Why Train cannot start yet (the worker module it needs is not served), if so; empty while
    /// that is still being asked (Train waits, nothing is said).
    #[prop_or_default]
    pub waiting_for: Option<AttrValue>,
}

/// The run's controls.
#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let running = matches!(props.phase, Phase::Running | Phase::Starting);
    let done = matches!(props.phase, Phase::Finished | Phase::Failed);
    let waiting = props.waiting_for.is_some();
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_backend = {
        let cb = props.on_backend.clone();
        Callback::from(move |e: Event| {
            let value = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value());
            if let Some(b) = value.as_deref().and_then(Backend::parse) {
                cb.emit(b);
            }
        })
    };
    let (gpu_ok, gpu_label) = match &props.gpu {
        GpuSupport::Checking => (false, "WebGPU (checking…)".to_string()),
        GpuSupport::Available { software: true, adapter, .. } => {
            (true, format!("WebGPU — software ({adapter}), slow"))
        }
        GpuSupport::Available { adapter, .. } => (true, format!("WebGPU — {adapter}")),
        GpuSupport::Unavailable(_) => (false, "WebGPU (unavailable)".to_string()),
    };
    html! {
        <div class="transport">
            <div class="buttons">
                // One button that toggles, so that keyboard focus stays on it.
                <button class="primary" onclick={click(if running { &props.on_pause } else { &props.on_play })}
                        disabled={(done && !running) || waiting} data-testid={if running { "pause" } else { "train" }}
                        aria-keyshortcuts="k" title="Train or pause (key K)">
                    { if running { "❚❚ Pause" } else if matches!(props.phase, Phase::Paused | Phase::Pausing) { "▶ \
                        Resume" } else { "▶ Train" } }
                </button>
                <button onclick={click(&props.on_step)} disabled={done || waiting} data-testid="step"
                        aria-keyshortcuts="." title="One optimiser step (key .)">{ "Step" }</button>
                <button onclick={click(&props.on_reset)} data-testid="reset">{ "↺ Reset" }</button>
            </div>
            if !props.backend_hidden {
                <label class="backend">
                    { "Backend " }
                    <select onchange={on_backend} data-testid="backend" disabled={props.backend_locked}
                            title={if props.backend_locked { "Fixed by the page that embeds this demo" } else { "" }}>
                        <option value="flex" selected={props.backend == Backend::Flex}>{ "CPU (burn flex)" }</option>
                        <option value="webgpu" selected={props.backend == Backend::Wgpu}
                            disabled={!gpu_ok}>{ gpu_label }</option>
                    </select>
                </label>
            }
            <p class="status" role="status" aria-live="polite" data-testid="status">{ props.status.clone() }</p>
            if let Some(reason) = props.waiting_for.as_ref().filter(|r| !r.is_empty()) {
                <p class="note" role="alert" data-testid="waiting-for-worker">{ reason.clone() }</p>
            }
            if let GpuSupport::Unavailable(reason) = &props.gpu {
                <p class="note">{ format!("WebGPU is not available: {reason}. Training runs on the CPU.") }</p>
            }
            if let GpuSupport::Available { software, adapter, .. } = &props.gpu {
                <p class="note" data-testid="adapter">
                    { format!("WebGPU adapter: {adapter}.") }
                    { if *software { " It emulates a GPU on the CPU, so the CPU backend is faster here." } else { "" } }
                </p>
            }
        </div>
    }
}

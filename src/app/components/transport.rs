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
    /// An adapter with what burn needs; `software` when it is a CPU emulation (SwiftShader).
    Available { software: bool, adapter: String },
    /// Not usable, and why.
    Unavailable(String),
}

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
}

/// The run's controls.
#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let running = matches!(props.phase, Phase::Running | Phase::Starting);
    let done = matches!(props.phase, Phase::Finished | Phase::Failed);
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
        GpuSupport::Available { software: true, adapter } => {
            (true, format!("WebGPU — software ({adapter}), slow"))
        }
        GpuSupport::Available { adapter, .. } => (true, format!("WebGPU — {adapter}")),
        GpuSupport::Unavailable(_) => (false, "WebGPU (unavailable)".to_string()),
    };
    html! {
        <div class="transport">
            <div class="buttons">
                if running {
                    <button class="primary" onclick={click(&props.on_pause)} data-testid="pause">{ "❚❚ Pause" }</button>
                } else {
                    <button class="primary" onclick={click(&props.on_play)} disabled={done} data-testid="train">
                        { if matches!(props.phase, Phase::Paused | Phase::Pausing) { "▶ Resume" } else { "▶ Train" } }
                    </button>
                }
                <button onclick={click(&props.on_step)} disabled={done} data-testid="step" title="one SGD step">{ "Step" }</button>
                <button onclick={click(&props.on_reset)} data-testid="reset">{ "↺ Reset" }</button>
            </div>
            <label class="backend">
                { "Backend " }
                <select onchange={on_backend} data-testid="backend">
                    <option value="flex" selected={props.backend == Backend::Flex}>{ "CPU (burn flex)" }</option>
                    <option value="webgpu" selected={props.backend == Backend::Wgpu} disabled={!gpu_ok}>{ gpu_label }</option>
                </select>
            </label>
            <p class="status" role="status" aria-live="polite" data-testid="status">{ props.status.clone() }</p>
            if let GpuSupport::Unavailable(reason) = &props.gpu {
                <p class="note">{ format!("WebGPU is not available: {reason}. Training runs on the CPU.") }</p>
            }
            if let GpuSupport::Available { software, adapter } = &props.gpu {
                <p class="note" data-testid="adapter">
                    { format!("WebGPU adapter: {adapter}.") }
                    { if *software { " It emulates a GPU on the CPU, so the CPU backend is faster here." } else { "" } }
                </p>
            }
        </div>
    }
}

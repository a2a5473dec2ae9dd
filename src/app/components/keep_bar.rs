//! Keeping a run on the page ([`crate::demos::bundle`]): "Download run" saves the settings, every result
//! the run measured and the models the demo kept as one tar archive; "Load a run" reads such an archive
//! back and shows the run as it finished, figures and claims included, without training; where the demo
//! keeps models, they answer questions again.

use crate::app::files::download_bytes;
use crate::app::session::{Phase, RunState};
use crate::demos::DemoConfig;
use crate::demos::bundle::KeptRun;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Props of [`KeepBar`].
#[derive(Properties, PartialEq)]
pub struct KeepBarProps {
    /// The demo's id.
    pub demo: &'static str,
    /// The page's configuration (JSON).
    pub config: Value,
    /// The run: what it measured, its loss curves and parts, the models its workers kept.
    pub run: UseReducerHandle<RunState>,
    /// A run read from a file (its name).
    pub on_load: Callback<(String, KeptRun)>,
}

/// The bytes of the file chosen in `input`, with its name.
async fn chosen(input: &web_sys::HtmlInputElement) -> Result<(String, Vec<u8>), String> {
    let file = input.files().and_then(|f| f.get(0)).ok_or("no file chosen")?;
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read", file.name()))?;
    Ok((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// The download and load buttons.
#[function_component(KeepBar)]
pub fn keep_bar(props: &KeepBarProps) -> Html {
    let problem = use_state(|| None::<String>);
    let download = {
        let (demo, config, state, problem) =
            (props.demo, props.config.clone(), props.run.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            match serde_json::from_value::<DemoConfig>(json!({ "demo": demo, "config": config })) {
                Ok(config) => {
                    let run = KeptRun {
                        config,
                        results: state.measured.clone(),
                        loss: state.loss.clone(),
                        parts: state.parts.iter().map(|p| (p.first_task, p.total_steps)).collect(),
                        files: state.kept.clone(),
                    };
                    download_bytes(&format!("minima-{demo}-run.tar"), "application/x-tar", &run.to_tar());
                }
                Err(e) => problem.set(Some(format!("the settings could not be written: {e}"))),
            }
        })
    };
    let load = {
        let (demo, on_load, problem) = (props.demo, props.on_load.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let (on_load, problem) = (on_load.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = chosen(&input).await.and_then(|(name, bytes)| {
                    KeptRun::from_tar(&bytes)
                        .map(|run| (name.clone(), run))
                        .map_err(|e| format!("{name}: {e}"))
                });
                input.set_value("");
                match read {
                    Ok((name, run)) if run.config.id() != demo => problem.set(Some(format!(
                        "{name} is a run of the {} demo: open its page (#demo={}) to load it",
                        run.config.id(),
                        run.config.id()
                    ))),
                    Ok((name, run)) => {
                        problem.set(None);
                        on_load.emit((name, run));
                    }
                    Err(message) => problem.set(Some(message)),
                }
            });
        })
    };
    let finished = props.run.phase == Phase::Finished;
    let models = props.run.kept.iter().filter(|f| f.name.ends_with(".safetensors")).count();
    let title = "The settings, every result this run measured and the trained models (.safetensors) in one tar \
        archive: load it here again, or open it with tar and PyTorch";
    html! {
        <div class="keep" data-testid="keep">
            <button onclick={download} disabled={!finished} data-testid="download-run" {title}>
                { "⤓ Download run" }
            </button>
            <label class="load-run">
                { "Load a run: " }
                <input type="file" accept=".tar,application/x-tar" onchange={load} data-testid="load-run" />
            </label>
            if finished {
                <p class="note" data-testid="kept-models" data-models={models.to_string()}>
                    { match models {
                        0 => "The download holds the settings and results (this demo keeps no models yet).".to_string(),
                        1 => "The download holds the settings, the results and the trained model.".to_string(),
                        n => format!("The download holds the settings, the results and the {n} trained models."),
                    } }
                </p>
            }
            if let Some(p) = &*problem {
                <p class="problems" role="alert" data-testid="load-problem">{ p.clone() }</p>
            }
        </div>
    }
}

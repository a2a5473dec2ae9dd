//! Keeping a run on the page ([`crate::demos::bundle`]): "Download run" saves the settings, every result
//! the run measured and the trained models as one tar archive (the workers hand the models over when the
//! reader asks, `Command::Keep`, not after every run); "Load a run" reads such an archive
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
    /// Ask the run's workers for its trained models.
    pub on_keep: Callback<()>,
}

/// Downloads the run in `state` (settings `config` of demo `demo`) as one tar archive.
fn download(demo: &str, config: &Value, state: &RunState) -> Result<(), String> {
    let config = serde_json::from_value::<DemoConfig>(json!({ "demo": demo, "config": config }))
        .map_err(|e| format!("the settings could not be written: {e}"))?;
    let run = KeptRun {
        config,
        results: state.measured.clone(),
        loss: state.loss.clone(),
        parts: state.parts.iter().map(|p| (p.first_task, p.total_steps)).collect(),
        files: state.kept.clone(),
    };
    download_bytes(&format!("minima-{demo}-run.tar"), "application/x-tar", &run.to_tar());
    Ok(())
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
    // Waiting for the workers' models: the download follows once every part has handed them over.
    let waiting = use_state(|| false);
    let all_kept = props.run.all_kept();
    {
        let (demo, config, state, problem, waiting) =
            (props.demo, props.config.clone(), props.run.clone(), problem.clone(), waiting.clone());
        use_effect_with((*waiting, all_kept), move |&(asked, kept)| {
            if asked && kept {
                waiting.set(false);
                if let Err(message) = download(demo, &config, &state) {
                    problem.set(Some(message));
                }
            }
        });
    }
    let on_download = {
        let (on_keep, waiting) = (props.on_keep.clone(), waiting.clone());
        Callback::from(move |_: MouseEvent| {
            if !all_kept {
                on_keep.emit(());
            }
            waiting.set(true);
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
    let label = if *waiting { "Reading the models…" } else { "⤓ Download run" };
    let title = "The settings, every result this run measured and the trained models (.safetensors) in one tar \
        archive: load it here again, or open it with tar and PyTorch";
    html! {
        <div class="keep" data-testid="keep">
            <button onclick={on_download} disabled={!finished || *waiting} data-testid="download-run" {title}>
                { label }
            </button>
            <label class="load-run">
                { "Load a run: " }
                <input type="file" accept=".tar,application/x-tar" onchange={load} data-testid="load-run" />
            </label>
            if finished && !all_kept {
                <p class="note">{ "The download holds the settings, the results and the trained models, read from \
                    the workers when you ask." }</p>
            }
            if finished && all_kept {
                <p class="note" data-testid="kept-models" data-models={models.to_string()}>
                    { match models {
                        0 => "The download holds the settings and results (no models).".to_string(),
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

//! The run's results as files (JSON, CSV) and the link that reproduces the run.

use crate::app::files::{copy_text, download_text};
use crate::embed::export::to_csv;
use serde_json::Value;
use yew::prelude::*;

/// Props of [`ExportBar`].
#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    /// The demo's id (for the file names).
    pub demo: AttrValue,
    /// Builds the JSON export of the run as it is now.
    pub document: Callback<(), Value>,
    /// The URL that reproduces the run.
    pub link: AttrValue,
}

/// Copy state of the link.
#[derive(Clone, Copy, PartialEq)]
enum Copy {
    Not,
    Copied,
    /// The browser refused the clipboard: the link is shown to copy by hand.
    Refused,
}

/// Download buttons and the copy-link button.
#[function_component(ExportBar)]
pub fn export_bar(props: &ExportBarProps) -> Html {
    let copy = use_state(|| Copy::Not);
    {
        let copy = copy.clone();
        use_effect_with(props.link.clone(), move |_| copy.set(Copy::Not));
    }
    let json = {
        let (document, demo) = (props.document.clone(), props.demo.clone());
        Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&document.emit(())).unwrap_or_default();
            download_text(&format!("minima-{demo}-results.json"), "application/json", &text);
        })
    };
    let csv = {
        let (document, demo) = (props.document.clone(), props.demo.clone());
        Callback::from(move |_: MouseEvent| {
            download_text(&format!("minima-{demo}-results.csv"), "text/csv", &to_csv(&document.emit(())));
        })
    };
    let copy_link = {
        let (copy, link) = (copy.clone(), props.link.to_string());
        Callback::from(move |_: MouseEvent| {
            let (copy, link) = (copy.clone(), link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let done = copy_text(&link).await.as_bool().unwrap_or(false);
                copy.set(if done { Copy::Copied } else { Copy::Refused });
            });
        })
    };
    html! {
        <div class="export-bar" role="group" aria-label="Export the run">
            <button onclick={json} data-testid="export-json" title="Configuration, seeds, backend, browser and every \
                metric over time">{ "⤓ Results JSON" }</button>
            <button onclick={csv} data-testid="export-csv" title="The same as rows: series, item, step, field, \
                value">{ "⤓ CSV" }</button>
            <button onclick={copy_link} data-testid="copy-link" title="The URL with every setting, seed and the \
                backend">{ "Copy link" }</button>
            <p class="note" role="status" aria-live="polite">
                { match *copy {
                    Copy::Not => html! {},
                    Copy::Copied => html! { "Link copied: it reproduces this run." },
                    Copy::Refused => html! { <>
                        <label for="run-link">{ "The browser did not allow copying; copy the link by hand:" }</label>
                        <input id="run-link" type="text" readonly=true value={props.link.clone()} data-testid="run-link"
                               onfocus={Callback::from(|e: FocusEvent| {
                                   if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                                       { input.select(); }
                               })} />
                    </> },
                } }
            </p>
        </div>
    }
}

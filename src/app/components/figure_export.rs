//! SVG and PNG downloads of one figure, shown under every chart unless the embedding page hid
//! the `export` control.

use crate::app::files::{download_png, download_svg, file_name};
use yew::prelude::*;

/// Whether figures offer downloads (provided by the demo frame; shown when absent).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FigureDownloads(pub bool);

/// Props of [`FigureExport`].
#[derive(Properties, PartialEq)]
pub struct FigureExportProps {
    /// The `<figure>` to export.
    pub figure: NodeRef,
    /// The figure's title (for the file name).
    pub name: AttrValue,
}

/// Two small buttons: the figure as SVG, and as PNG.
#[function_component(FigureExport)]
pub fn figure_export(props: &FigureExportProps) -> Html {
    let shown = use_context::<FigureDownloads>().is_none_or(|d| d.0);
    if !shown {
        return html! {};
    }
    let svg = {
        let (figure, name) = (props.figure.clone(), props.name.to_string());
        Callback::from(move |_: MouseEvent| {
            if let Some(element) = figure.cast::<web_sys::Element>() {
                download_svg(&element, &file_name(&name, "svg"));
            }
        })
    };
    let png = {
        let (figure, name) = (props.figure.clone(), props.name.to_string());
        Callback::from(move |_: MouseEvent| {
            if let Some(element) = figure.cast::<web_sys::Element>() {
                let name = file_name(&name, "png");
                wasm_bindgen_futures::spawn_local(async move {
                    download_png(&element, &name).await;
                });
            }
        })
    };
    html! {
        <div class="figure-export" role="group" aria-label={format!("Download the figure “{}”", props.name)}>
            <button class="small" onclick={svg} data-testid="download-svg" title="Download this figure as \
                SVG">{ "SVG" }</button>
            <button class="small" onclick={png} data-testid="download-png" title="Download this figure as \
                PNG">{ "PNG" }</button>
        </div>
    }
}

//! The top floor of the page build: every demo's page (`src/demos/<id>/page.rs`, which uses the UI
//! kit in [`crate::app`]), dispatched by id, and the entry point that mounts the app with them.
//! The app itself knows no page: the shell gets [`page`] as a property, so the imports between
//! `app/` and the demos point one way (docs/architecture.md: Layers).

use crate::app::pages::{DemoPage, DemoProps};
use crate::app::shell::{App, AppProps};
use crate::demos::Demo;
use wasm_bindgen::prelude::*;

macro_rules! dispatch {
    ($($demo:path),+ $(,)?) => {
        /// The page of demo `id`, with `props` (`None` for an id no demo has). A registered demo
        /// without a page does not compile.
        pub fn page(id: &str, props: DemoProps) -> Option<yew::Html> {
            $(if id == <$demo as Demo>::ID {
                return Some(<$demo as DemoPage>::view(props));
            })+
            None
        }
    };
}
crate::demos::for_each_demo!(dispatch);

/// Mounts the app into `#app` (called by `index.html`).
#[wasm_bindgen]
pub fn start_app() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root_and_props(root, AppProps { page }).render();
        }
        None => web_sys::console::error_1(&"minima: no #app element".into()),
    }
}

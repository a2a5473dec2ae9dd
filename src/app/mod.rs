//! The yew user interface (wasm32 only). The page sends commands to a training worker and
//! renders the events that come back; it never runs a training step itself.
//!
//! - [`shell`]: the app frame, routing by URL hash, embed mode.
//! - [`pages`]: the landing page and one page per demo.
//! - [`components`]: reusable controls and charts; a chart takes data and knows no demo.
//! - [`form`]: a demo page's settings and backend, kept in the URL.
//! - [`session`]: the training session hook (worker, backend, run state), shared by all demos.
//! - [`route`]: the URL hash.
//! - [`embed_bridge`], [`visibility`], [`files`]: embedding (the `postMessage` protocol, pausing
//!   while unseen, autoplay) and the downloads of results and figures.

pub mod components;
pub mod embed_bridge;
pub mod files;
pub mod form;
pub mod pages;
pub mod route;
pub mod session;
pub mod shell;
pub mod visibility;

use wasm_bindgen::prelude::*;

/// Mounts the app into `#app` (called by `index.html`).
#[wasm_bindgen]
pub fn start_app() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<shell::App>::with_root(root).render();
        }
        None => web_sys::console::error_1(&"minima: no #app element".into()),
    }
}

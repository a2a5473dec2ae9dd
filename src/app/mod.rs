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

/// What `www/embed.html` documents, from the code itself: the protocol's messages, the embedding
/// options, and every demo's settings table with defaults (JSON).
#[wasm_bindgen]
pub fn embed_reference() -> String {
    use crate::embed::options::OPTIONS;
    use crate::embed::protocol::{EVENTS, REQUESTS, VERSION};
    use crate::experiments::{disagreement, path_star, resmem, sam};
    use crate::settings::{self, Settings};
    fn table<S: Settings>() -> serde_json::Value {
        let defaults = settings::to_pairs(&S::default());
        let rows: Vec<serde_json::Value> = S::TABLE
            .iter()
            .map(|s| {
                let default = defaults.iter().find(|(k, _)| k == s.key).map(|(_, v)| v.clone());
                serde_json::json!({ "key": s.key, "label": s.label, "help": s.help, "values": s.kind.describe(), "default": default })
            })
            .collect();
        rows.into()
    }
    let rows = |list: &[(&str, &str, &str)]| -> Vec<serde_json::Value> {
        list.iter().map(|(t, f, e)| serde_json::json!({ "type": t, "fields": f, "meaning": e })).collect()
    };
    let demos: Vec<serde_json::Value> = shell::DEMOS
        .iter()
        .map(|(id, title, ..)| {
            let settings = match *id {
                "disagreement" => table::<disagreement::DisagreementConfig>(),
                "path-star" => table::<path_star::PathStarConfig>(),
                "resmem" => table::<resmem::ResMemConfig>(),
                _ => table::<sam::SamConfig>(),
            };
            serde_json::json!({ "id": id, "title": title, "settings": settings })
        })
        .collect();
    let options: Vec<serde_json::Value> =
        OPTIONS.iter().map(|(k, m)| serde_json::json!({ "option": k, "meaning": m })).collect();
    serde_json::json!({ "protocol": VERSION, "requests": rows(REQUESTS), "events": rows(EVENTS), "options": options, "demos": demos })
        .to_string()
}

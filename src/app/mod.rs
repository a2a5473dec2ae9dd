//! The yew user interface (wasm32 only). The page sends commands to a training worker and
//! renders the events that come back; it never runs a training step itself.
//!
//! - [`shell`]: the app frame, routing by URL hash, embed mode.
//! - [`pages`]: the landing page and one page per demo.
//! - [`components`]: reusable controls and charts; a chart takes data and knows no demo.
//! - [`form`]: a demo page's settings and backend, kept in the URL; [`backend_pick`]: the
//!   faster backend, timed where a hardware GPU is offered.
//! - [`session`]: the training session hook (worker, backend, run state), shared by all demos.
//! - [`route`]: the URL hash.
//! - [`embed_bridge`], [`visibility`], [`files`]: embedding (the `postMessage` protocol, pausing
//!   while unseen, autoplay) and the downloads of results and figures.

pub mod backend_pick;
pub mod checkpoints;
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

/// What `www/embed.html` documents, from the code itself: the protocol's messages, the embedding
/// options, and every registered demo with its settings table (defaults included) and its
/// references (JSON).
#[wasm_bindgen]
pub fn embed_reference() -> String {
    use crate::demos::DEMOS;
    use crate::embed::options::OPTIONS;
    use crate::embed::protocol::{EVENTS, REQUESTS, VERSION};
    let rows = |list: &[(&str, &str, &str)]| -> Vec<serde_json::Value> {
        list.iter().map(|(t, f, e)| serde_json::json!({ "type": t, "fields": f, "meaning": e })).collect()
    };
    let demos: Vec<serde_json::Value> = DEMOS
        .iter()
        .map(|d| {
            let references: Vec<serde_json::Value> = d
                .references
                .iter()
                .map(|r| serde_json::json!({ "what": r.what, "value": r.value, "source": r.source.label() }))
                .collect();
            serde_json::json!({ "id": d.id, "title": d.title, "paper": d.paper.citation(), "settings":
                d.settings_json(), "references": references })
        })
        .collect();
    let options: Vec<serde_json::Value> =
        OPTIONS.iter().map(|(k, m)| serde_json::json!({ "option": k, "meaning": m })).collect();
    serde_json::json!({ "protocol": VERSION, "requests": rows(REQUESTS), "events": rows(EVENTS), "options": options,
        "demos": demos })
        .to_string()
}

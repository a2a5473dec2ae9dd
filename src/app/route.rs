//! The URL hash: which demo, page options (`embed`, `backend`, the embedding options of
//! [`crate::embed::options`]) and the demo's settings.

use crate::embed::options::EmbedOptions;
use crate::engine::Backend;
use crate::settings::{self, PAGE_KEYS};

/// What the hash says.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The demo's id (`disagreement`, …), or `None` for the landing page.
    pub demo: Option<String>,
    /// `embed=1`: hide the site chrome so the demo fits in an iframe.
    pub embed: bool,
    /// `backend=flex|webgpu`: the backend asked for, if any.
    pub backend: Option<Backend>,
    /// `backend=auto`: time both backends on the demo and pick the faster, even on a software
    /// adapter (`app::backend_pick`).
    pub auto_backend: bool,
    /// Autoplay, hidden and locked controls, allowed origin, theme.
    pub options: EmbedOptions,
    /// Problems with page options, for the visible message.
    pub problems: Vec<crate::demos::Problem>,
    /// Every pair of the hash (the demo reads its settings from these).
    pub pairs: Vec<(String, String)>,
}

impl Route {
    /// Parses the current `location.hash`.
    pub fn current() -> Self {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        Self::parse(&hash)
    }

    /// Parses a hash string.
    pub fn parse(hash: &str) -> Self {
        let pairs = settings::parse_query(hash);
        let get = |k: &str| pairs.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let mut problems = Vec::new();
        let auto_backend = get("backend").as_deref() == Some("auto");
        let backend = get("backend").filter(|_| !auto_backend).and_then(|b| {
            let parsed = Backend::parse(&b);
            if parsed.is_none() {
                problems.push(crate::demos::Problem::new(
                    "backend",
                    format!("'{b}' is not flex, webgpu or auto; choosing automatically"),
                ));
            }
            parsed
        });
        let (options, option_problems) = EmbedOptions::parse(&pairs);
        problems.extend(option_problems);
        Self {
            demo: get("demo").filter(|d| !d.is_empty()),
            embed: matches!(get("embed").as_deref(), Some("1" | "true")),
            backend,
            auto_backend,
            options,
            problems,
            pairs,
        }
    }

    /// The hash for `demo` with these page options and settings pairs.
    pub fn hash(
        demo: &str,
        embed: bool,
        backend: Option<Backend>,
        options: &EmbedOptions,
        pairs: &[(String, String)],
    ) -> String {
        let mut all = vec![("demo".to_string(), demo.to_string())];
        if embed {
            all.push(("embed".into(), "1".into()));
        }
        if let Some(b) = backend {
            all.push(("backend".into(), b.key().into()));
        }
        all.extend(options.to_pairs());
        all.extend(pairs.iter().filter(|(k, _)| !PAGE_KEYS.contains(&k.as_str())).cloned());
        format!("#{}", settings::to_query(&all))
    }

    /// Replaces the hash without adding a history entry or firing `hashchange`.
    pub fn replace(hash: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
        }
    }
}

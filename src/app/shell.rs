//! The app frame: routing by URL hash, the site header and footer (hidden with `embed=1`), and
//! the one-time WebGPU feature check shared with every page.

use super::components::transport::{CpuWorker, GpuSupport};
use super::pages::DemoProps;
use super::pages::landing::Landing;
use super::route::Route;
use crate::embed::options::Theme;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function detect_webgpu() {
  try {
    if (!("gpu" in navigator) || !navigator.gpu) {
      return JSON.stringify({ ok: false, reason: "this browser does not offer WebGPU (navigator.gpu is missing)" });
    }
    // The WebGPU worker module is built last (scripts/build-web.sh): until its worker script
    // exists, this site offers the CPU only. A HEAD request: nothing is downloaded here.
    const module = await fetch("www/worker-webgpu.js", { method: "HEAD", cache: "no-cache" }).catch(() => null);
    if (!module || !module.ok) {
      return JSON.stringify({ ok: false, reason: "this site's WebGPU module is not built yet (bash \
          scripts/build-web.sh gpu): reload once it is" });
    }
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return JSON.stringify({ ok: false, reason: "the browser found no WebGPU adapter" });
    if (!adapter.features.has("timestamp-query")) {
      return JSON.stringify({ ok: false, reason: "the WebGPU adapter lacks 'timestamp-query', which burn's wgpu \
          runtime needs" });
    }
    const info = adapter.info || {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(" ") || "unknown adapter";
    const software = Boolean(info.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe|software|warp/i.test(name);
    // The largest buffer a run may bind (src/demos/cost.rs estimates a run's largest).
    const limits = adapter.limits || {};
    const maxBinding = Math.min(limits.maxStorageBufferBindingSize || 0, limits.maxBufferSize || Infinity);
    return JSON.stringify({ ok: true, software, adapter: name, max_binding: maxBinding });
  } catch (e) {
    return JSON.stringify({ ok: false, reason: "asking for a WebGPU adapter failed: " + e });
  }
}

// Whether this site serves the CPU worker script yet (scripts/dist.mjs writes it once the CPU
// module is built); resolves after `wait_ms` first. A HEAD request: nothing is downloaded.
export async function cpu_worker_served(wait_ms) {
  await new Promise((resolve) => setTimeout(resolve, wait_ms));
  const script = await fetch("www/worker.js", { method: "HEAD", cache: "no-cache" }).catch(() => null);
  return Boolean(script && script.ok);
}
"#)]
extern "C" {
    async fn detect_webgpu() -> JsValue;
    async fn cpu_worker_served(wait_ms: u32) -> JsValue;
}

/// Seconds between two questions for the CPU worker while it is being built.
const CPU_WORKER_POLL_MS: u32 = 3000;

#[derive(Deserialize)]
struct Detection {
    ok: bool,
    #[serde(default)]
    software: bool,
    #[serde(default)]
    adapter: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    max_binding: u64,
}

async fn gpu_support() -> GpuSupport {
    let text = detect_webgpu().await.as_string().unwrap_or_default();
    match serde_json::from_str::<Detection>(&text) {
        Ok(d) if d.ok => {
            GpuSupport::Available { software: d.software, adapter: d.adapter, max_binding: d.max_binding }
        }
        Ok(d) => GpuSupport::Unavailable(d.reason),
        Err(_) => GpuSupport::Unavailable("the WebGPU check failed".into()),
    }
}

/// Properties of the app: the demos' pages, from the floor above (`crate::pages`).
#[derive(Properties)]
pub struct AppProps {
    /// The page of a demo id, or `None` for an id no demo has.
    pub page: fn(&str, DemoProps) -> Option<Html>,
}

/// The app is mounted once, with the one dispatch there is: its properties never change.
impl PartialEq for AppProps {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The root component.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let route = use_state(Route::current);
    let gpu = use_state(|| GpuSupport::Checking);
    {
        let gpu = gpu.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { gpu.set(gpu_support().await) });
        });
    }
    let cpu = use_state(|| CpuWorker::Checking);
    {
        let cpu = cpu.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let mut wait = 0;
                while cpu_worker_served(wait).await.as_bool() != Some(true) {
                    cpu.set(CpuWorker::Building);
                    wait = CPU_WORKER_POLL_MS;
                }
                cpu.set(CpuWorker::Ready);
            });
        });
    }
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut()>::new(move || route.set(Route::current()));
            let window = web_sys::window();
            if let Some(w) = &window {
                w.set_onhashchange(Some(listener.as_ref().unchecked_ref()));
            }
            move || {
                if let Some(w) = window {
                    w.set_onhashchange(None);
                }
                drop(listener);
            }
        });
    }
    {
        // `theme=light|dark` overrides the reader's colour scheme (an embedding page's choice).
        let theme = route.options.theme;
        use_effect_with(theme, move |theme| {
            if let Some(root) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
            {
                let _ = match theme {
                    Theme::Auto => root.remove_attribute("data-theme"),
                    other => root.set_attribute("data-theme", other.key()),
                };
            }
        });
    }
    let demo_props = DemoProps { route: (*route).clone(), gpu: (*gpu).clone(), cpu: *cpu };
    let body = match route.demo.as_deref() {
        None => html! { <Landing /> },
        Some(id) => (props.page)(id, demo_props).unwrap_or_else(|| html! {
            <>
                <p class="problems" role="alert">{ format!("There is no demo called '{id}'. Here are the ones there \
                    are:") }</p>
                <Landing />
            </>
        }),
    };
    html! {
        <div class={classes!("shell", route.embed.then_some("embed"))}>
            if !route.embed {
                <header class="site">
                    <a class="brand" href="#">{ "minima" }</a>
                    <span class="tagline">{ "deep-learning research results, reproduced by small networks trained in \
                        your browser" }</span>
                </header>
            }
            <main>{ body }</main>
            if !route.embed {
                <footer class="site">
                    { "What a page shows as measured comes from a training run in this browser; numbers from a paper \
                        or from our runs elsewhere are labelled as references, with their source. Source: the minima \
                        repository (Rust, burn 0.22, yew). " }
                    <a href="www/embed.html">{ "Embed a demo in your own page" }</a>{ "." }
                </footer>
            }
        </div>
    }
}

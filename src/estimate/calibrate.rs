//! This device's speed, measured in a fifth of a second, once per browser (kept in
//! `localStorage`): `www/boot.js`'s `minimaCalibrate`, a fixed 48 × 48 matrix product in plain
//! JavaScript on the page's main thread, timed in 10 ms slices; the score is the fastest slice's
//! million floating-point operations per second. The score is relative: [`super::reference`]
//! holds each demo's speed on a reference machine with that machine's score, and a run's speed
//! here is the reference's scaled by the ratio of the scores.
//!
//! Why JavaScript, not the page's WebAssembly: a browser runs new WebAssembly through a baseline
//! compiler and swaps optimised code in later, or at once when it has cached the module, so the
//! same product in the page's module scored 672–889 Mflop/s on a first load and 2,345–4,358 on
//! later loads of one 2-core machine; JavaScript's loop is optimised within the first slices
//! either way (1,438–1,681 over the same loads).
//!
//! It measures one core: a run's parallel workers are not counted, and a demo's speed depends on
//! more than products (small tensors are dominated by per-step overheads), so the time it gives
//! is rough; a demo's own run here replaces it once measured (`kept` in [`super`]).

/// Where the page keeps its score: `localStorage`, measured once per browser.
#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub mod kept {
    use wasm_bindgen::JsCast;

    const KEY: &str = "minima.calibration";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// `www/boot.js`'s calibration, run now; `None` where the page was not started by it.
    fn measure() -> Option<f64> {
        let global = js_sys::global();
        let calibrate = js_sys::Reflect::get(&global, &"minimaCalibrate".into()).ok()?;
        let score = calibrate.dyn_into::<js_sys::Function>().ok()?.call0(&global).ok()?.as_f64()?;
        (score.is_finite() && score > 0.0).then_some(score)
    }

    /// The score measured here before, or measured now (and kept).
    pub fn score() -> Option<f64> {
        let stored =
            storage().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|t| t.parse::<f64>().ok());
        if let Some(score) = stored.filter(|v| v.is_finite() && *v > 0.0) {
            return Some(score);
        }
        let score = measure()?;
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, &format!("{score:.1}"));
        }
        Some(score)
    }
}

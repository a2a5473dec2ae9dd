//! Entry points for the browser benchmarks (`bench/*.mjs`), which import the module on a page
//! of their own and call these directly; the app never calls them.

use crate::engine::{Backend, init_device};
use wasm_bindgen::prelude::*;

mod kernels;
mod sam_step_time;

/// SGD and SAM step times on the SAM demo's network on `backend` ("flex" or "webgpu"), in
/// milliseconds: `[sgd, sam]`.
#[wasm_bindgen]
pub async fn bench_sam_step_times(backend: String, steps: u32) -> Result<Vec<f64>, JsValue> {
    let backend = Backend::parse(&backend).ok_or_else(|| JsValue::from_str("unknown backend"))?;
    let device = init_device(backend).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    let (sgd, sam) = sam_step_time::step_times(&device, steps as usize)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(vec![sgd, sam])
}

/// The path-star GPT's training step against flex's GEMM ([`kernels::measure`]) on `backend`:
/// `[step ms, step GFLOP/s, GEMM GFLOP/s at each of kernels::SHAPES…]`.
#[wasm_bindgen]
pub async fn bench_kernels(backend: String, steps: u32, reps: u32) -> Result<Vec<f64>, JsValue> {
    let backend = Backend::parse(&backend).ok_or_else(|| JsValue::from_str("unknown backend"))?;
    let device = init_device(backend).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    let times = kernels::measure(&device, steps as usize, reps as usize)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok([times.step_ms, times.step_gflops].into_iter().chain(times.gemm_gflops).collect())
}

//! The path-star GPT's training step against the matrix-multiply ceiling of the same backend: how
//! many floating-point operations a second a step does (its work from
//! [`PathStarConfig::step_flops`] over its time) and how many flex's GEMM does alone, at the step's
//! own shapes and at a large square one. The benchmark behind `bench/kernels-browser.mjs` (through
//! the wasm export in `src/bench_entry/mod.rs`) and `cargo bench --bench steps` (which includes this
//! file). Each timing ends with an (async) read, so lazy backends have finished the work.

use burn::tensor::{Device, Tensor, TensorData};
use minima::data::path_star::Mode;
use minima::demos::RunToEnd;
use minima::demos::path_star::{self, PathStarConfig};
use minima::engine::{EngineError, read_floats};
use web_time::Instant;

/// The matrix products of a path-star step at its defaults, `[m, k] × [k, n]` (m = batch ×
/// tokens = 128 × 31): the attention's q, k, v projection, the MLP's two, the output projection;
/// then a large square one, the ceiling.
pub const SHAPES: [(usize, usize, usize); 5] =
    [(3968, 64, 192), (3968, 64, 256), (3968, 256, 64), (3968, 64, 64), (512, 512, 512)];

/// What [`measure`] found.
pub struct KernelTimes {
    /// Milliseconds per training step of the path-star GPT at its defaults (reverse mode).
    pub step_ms: f64,
    /// The step's floating-point operations a second, in GFLOP/s.
    pub step_gflops: f64,
    /// GFLOP/s of flex's matrix multiply at each of [`SHAPES`].
    pub gemm_gflops: Vec<f64>,
}

/// Times `steps` training steps of the default path-star GPT (with its start-up and a 10-graph
/// evaluation) and each GEMM of [`SHAPES`] (`reps` products each, after one warm-up).
pub async fn measure(device: &Device, steps: usize, reps: usize) -> Result<KernelTimes, EngineError> {
    let config = PathStarConfig {
        modes: vec![Mode::Reverse],
        steps,
        eval_every: 100_000,
        first_eval: 0,
        eval_graphs: 10,
        ..Default::default()
    };
    let step_flops = config.step_flops();
    // path-star's own loop, not `DemoConfig::run`: that is generic over the control and would
    // compile every demo's training into the module once more.
    let started = Instant::now();
    let ran = path_star::run(&config, device, &RunToEnd, &mut |_| {}).await?;
    let (done, seconds) = (ran.steps, started.elapsed().as_secs_f64());
    let step_ms = 1e3 * seconds / done.max(1) as f64;
    let mut gemm_gflops = Vec::with_capacity(SHAPES.len());
    for &(m, k, n) in &SHAPES {
        let a = Tensor::<2>::from_data(TensorData::new(filler(m * k), [m, k]), device);
        let b = Tensor::<2>::from_data(TensorData::new(filler(k * n), [k, n]), device);
        read_floats(a.clone().matmul(b.clone()).sum()).await?;
        let started = Instant::now();
        let mut total = a.clone().matmul(b.clone()).sum();
        for _ in 1..reps {
            total = total + a.clone().matmul(b.clone()).sum();
        }
        read_floats(total).await?;
        let seconds = started.elapsed().as_secs_f64();
        gemm_gflops.push(2.0 * (m * k * n * reps) as f64 / seconds / 1e9);
    }
    Ok(KernelTimes { step_ms, step_gflops: step_flops / step_ms / 1e6, gemm_gflops })
}

/// Deterministic values in [0, 1).
fn filler(len: usize) -> Vec<f32> {
    (0..len).map(|i| ((i * 37) % 101) as f32 / 101.0).collect()
}

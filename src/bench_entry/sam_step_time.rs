//! How long one SAM step takes against one SGD step on the demo's network (72-64-16-2, 5
//! networks batched, batch 32): the benchmark behind `cargo bench --bench steps` and
//! `bench/sam-browser.mjs` (through the wasm export in `src/bench_entry/mod.rs`; `benches/steps.rs`
//! includes this file). SAM takes two forward and backward passes, so it should cost about
//! 2× an SGD step. Each timing ends with an (async) read of the loss, so lazy backends have
//! finished the work.

use burn::tensor::{Device, Tensor, TensorData};
use minima::demos::sam::WIDTHS;
use minima::engine::{EngineError, read_floats};
use minima::models::deep_mlp::{self, BatchedDeepMlp};
use minima::training::loss::batched_cross_entropy;
use minima::training::optim::Sgd;
use minima::training::sam::{NormScope, Sam};
use web_time::Instant;

/// Milliseconds per step: (SGD, SAM), each the mean over `steps` steps after 5 warm-up steps.
pub async fn step_times(device: &Device, steps: usize) -> Result<(f64, f64), EngineError> {
    let (models, batch) = (5, 32);
    let seeds: Vec<u64> = (0..models as u64).collect();
    let inputs: Vec<f32> = (0..models * batch * WIDTHS[0]).map(|i| ((i * 37) % 101) as f32 / 101.0).collect();
    let inputs = Tensor::<3>::from_data(TensorData::new(inputs, [models, batch, WIDTHS[0]]), device);
    let targets: Vec<f32> =
        (0..models * batch).flat_map(|i| if i % 2 == 0 { [1.0, 0.0] } else { [0.0, 1.0] }).collect();
    let targets = Tensor::<3>::from_data(TensorData::new(targets, [models, batch, 2]), device);
    let loss = |m: &BatchedDeepMlp| batched_cross_entropy(m.forward(inputs.clone()), targets.clone());
    let mut times = [0.0; 2];
    for (slot, sam) in [(0, false), (1, true)] {
        let mut model = deep_mlp::init(&WIDTHS, &seeds, device);
        let mut sgd = Sgd::new(0.05);
        let mut sharp = Sam::new(0.05, 0.2, NormScope::PerModel);
        let mut started = Instant::now();
        for step in 0..steps + 5 {
            if step == 5 {
                started = Instant::now();
            }
            let last = if sam {
                let (next, l) = sharp.step(model, loss);
                model = next;
                l
            } else {
                let l = loss(&model);
                let detached = l.clone().detach();
                model = sgd.step(model, l.sum());
                detached
            };
            if step == 4 || step == steps + 4 {
                read_floats(last).await?;
            }
        }
        times[slot] = 1e3 * started.elapsed().as_secs_f64() / steps.max(1) as f64;
    }
    Ok((times[0], times[1]))
}

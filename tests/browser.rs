//! Browser tests (wasm-bindgen-test in headless Chromium, in a dedicated worker as the app
//! trains): each demo's real training loop, at a small configuration, on flex and on WebGPU, gives
//! the same losses and measurements to a tolerance. One file per demo in `tests/browser/` (its
//! folder's name); build.rs lists them. This file holds what they share. Run through `.ci/run`
//! (see README).
#![cfg(target_arch = "wasm32")]

use minima::demos::{Control, DemoConfig, DemoResult, Event, Flow};
use minima::engine::{Backend, init_device};
use std::cell::Cell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

// One module per file of tests/browser/ (build.rs).
include!(concat!(env!("OUT_DIR"), "/browser_tests.rs"));

/// Reports every step and stops after `steps` of them.
struct StopAfter {
    left: Cell<u32>,
    reported: Cell<bool>,
}

impl Control for StopAfter {
    async fn between_steps(&self) -> Flow {
        if !self.reported.replace(true) {
            return Flow::Report;
        }
        self.reported.set(false);
        let left = self.left.get();
        self.left.set(left.saturating_sub(1));
        if left <= 1 { Flow::Stop } else { Flow::Run }
    }
}

const STEPS: u32 = 6;

/// The loss of each of the first [`STEPS`] steps of `config` on `backend`.
async fn losses(config: DemoConfig, backend: Backend) -> Vec<f32> {
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let mut losses = Vec::new();
    let mut stopped = false;
    config
        .run(backend, &device, &StopAfter { left: Cell::new(STEPS), reported: Cell::new(false) }, &mut |e| {
            match e {
                Event::Progress { loss, .. } => losses.push(loss),
                Event::Stopped { .. } => stopped = true,
                Event::Error { message } => panic!("{backend:?}: {message}"),
                _ => {}
            }
        })
        .await;
    assert!(stopped, "the control's stop was honoured");
    losses
}

fn assert_close(what: &str, flex: &[f32], gpu: &[f32]) {
    assert_eq!(gpu.len(), flex.len(), "{what}");
    for (step, (a, b)) in flex.iter().zip(gpu).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 + 1e-3 * a.abs(),
            "{what}, step {step}: flex {a} vs WebGPU {b}\n{flex:?}\n{gpu:?}"
        );
    }
}

/// Largest difference between two surfaces' cells, and the fraction of cells that differ by more
/// than 0.05 (a tie between two neighbours can fall either way under float rounding).
fn surface_gap(a: &[f32], b: &[f32]) -> (f32, f64) {
    assert_eq!(a.len(), b.len());
    let gaps: Vec<f32> = a.iter().zip(b).map(|(x, y)| (x - y).abs()).collect();
    let max = gaps.iter().copied().fold(0.0, f32::max);
    (max, gaps.iter().filter(|g| **g > 0.05).count() as f64 / gaps.len() as f64)
}

/// Runs `config` to the end on `backend`: every step's loss and every result.
async fn run_to_end(config: DemoConfig, backend: Backend) -> (Vec<f32>, Vec<DemoResult>) {
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let (mut losses, mut results) = (Vec::new(), Vec::new());
    config
        .run(
            backend,
            &device,
            &StopAfter { left: Cell::new(u32::MAX), reported: Cell::new(false) },
            &mut |e| match e {
                Event::Progress { loss, .. } => losses.push(loss),
                Event::Result(r) => results.push(r),
                Event::Error { message } => panic!("{backend:?}: {message}"),
                _ => {}
            },
        )
        .await;
    (losses, results)
}

//! The cost estimate against what a run really allocates: a counting allocator records the peak
//! heap of a run's first steps (an evaluation included) natively on flex, and the estimate of the
//! peak must lie within a factor of it. (Path-star so far: the demo whose sizes reach the wasm
//! heap's end; the other demos have no estimate yet.)
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::path_star::PathStarConfig;
use minima::demos::{Control, DemoConfig, Event, Flow};
use minima::engine::{Backend, block_on};
use serde_json::json;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;
static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: forwards every call to `System`, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `steps` steps, then stops.
struct Steps(Cell<u32>, u32);

impl Control for Steps {
    async fn between_steps(&self) -> Flow {
        let asked = self.0.get() + 1;
        self.0.set(asked);
        if asked > self.1 { Flow::Stop } else { Flow::Run }
    }
}

/// Peak heap bytes above the start while `config` takes `steps` steps on flex.
fn measured_peak(config: &DemoConfig, steps: u32) -> usize {
    let device = Device::flex().autodiff();
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut errors = Vec::new();
    block_on(config.run(Backend::Flex, &device, &Steps(Cell::new(0), steps), &mut |e| {
        if let Event::Error { message } = e {
            errors.push(message)
        }
    }));
    assert!(errors.is_empty(), "{errors:?}");
    PEAK.load(Ordering::Relaxed) - base
}

/// The path-star estimate lies within a factor 2 of the measured peak, at the default size and
/// at a model 16× larger in parameters and 4× in activations.
#[test]
fn the_path_star_estimate_is_within_a_factor_of_two_of_the_measured_peak() {
    let sizes = [
        json!({"eval_every": 2, "steps": 4}),
        json!({"eval_every": 2, "steps": 4, "layers": 4, "d_model": 128, "heads": 4, "batch_size": 256}),
        json!({"eval_every": 2, "steps": 4, "eval_graphs": 100, "batch_size": 512}),
    ];
    for overrides in sizes {
        let mut value = serde_json::to_value(PathStarConfig::default()).unwrap();
        for (k, v) in overrides.as_object().unwrap() {
            value[k] = v.clone();
        }
        let config: PathStarConfig = serde_json::from_value(value).unwrap();
        let peak = measured_peak(&DemoConfig::PathStar(config.clone()), 4);
        let estimate = config.cost().peak();
        let ratio = estimate as f64 / peak as f64;
        println!(
            "path-star {overrides}: measured peak {:.1} MB, estimate {:.1} MB (train {:.1}, evaluation {:.1}), ratio {ratio:.2}",
            peak as f64 / 1e6,
            estimate as f64 / 1e6,
            config.cost().train_bytes as f64 / 1e6,
            config.cost().eval_bytes as f64 / 1e6
        );
        assert!((0.5..=2.0).contains(&ratio), "estimate {estimate} vs measured {peak}");
    }
}

//! The cost estimate against what a run really allocates: a counting allocator records the peak
//! heap of a run (path-star: its first steps, an evaluation included; the other demos: a whole
//! small run, so that what finished tasks keep and their measurements count) natively on flex,
//! and every demo's estimate of the peak must lie within a factor 2 of it, at two sizes each.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::path_star::PathStarConfig;
use minima::demos::{Control, DEMOS, DemoConfig, Event, Flow};
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

/// The configuration of demo `id` with `overrides` on its defaults.
fn configured(id: &str, overrides: &serde_json::Value) -> DemoConfig {
    let mut config = serde_json::to_value(DemoConfig::defaults(id).unwrap()).unwrap();
    for (k, v) in overrides.as_object().unwrap() {
        config["config"][k] = v.clone();
    }
    serde_json::from_value(config).unwrap()
}

/// The cases of [`every_demo_s_estimate_is_within_a_factor_of_two_of_the_measured_peak`]: each
/// demo at its defaults with a shorter training, and at a larger size.
fn cases() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("disagreement", json!({"epochs": [1, 2]})),
        (
            "disagreement",
            json!({"widths": [1024], "train_sizes": [100], "epochs": [2], "models": 8, "resolution": "raw8"}),
        ),
        ("distillation", json!({"epochs": 1, "student_epochs": 1})),
        (
            "distillation",
            json!({"widths": [1024, 1024], "seeds": 16, "epochs": 1, "student_epochs": 1, "batch_size": 512}),
        ),
        ("down-scaling", json!({"steps": 2})),
        (
            "down-scaling",
            json!({"d_model": 64, "steps": 2, "closed_batch": 512, "open_batch": 1024, "seeds": 2, "dense_widths": [32], "facts": 8192}),
        ),
        ("memorisation", json!({"epochs": 1})),
        ("memorisation", json!({"widths": [256], "models": 32, "epochs": 1, "student_widths": [64]})),
        ("resmem", json!({"epochs": [1, 2], "plane_epochs": 1})),
        (
            "resmem",
            json!({"widths": [512, 1024], "epochs": [1], "seeds": 8, "plane_epochs": 1, "plane_width": 512}),
        ),
        ("sam", json!({"epochs": 2})),
        ("sam", json!({"epochs": 2, "seeds": 16, "batch_size": 512})),
        ("uniform-convergence", json!({"max_epochs": 2})),
        (
            "uniform-convergence",
            json!({"dim": 1000, "width": 2048, "train_sizes": [512, 2048], "max_epochs": 1, "batch_size": 256}),
        ),
    ]
}

/// Measures case `MINIMA_COST_CASE` of [`cases`] and prints `peak=BYTES` (run by the test below,
/// one process per case: the allocator's count must not see another run's threads or caches).
#[test]
fn measure_one_case() {
    let Ok(case) = std::env::var("MINIMA_COST_CASE") else { return };
    let (id, overrides) = &cases()[case.parse::<usize>().unwrap()];
    println!("peak={}", measured_peak(&configured(id, overrides), u32::MAX));
}

/// Every demo but path-star, run to its end at two sizes, each in its own process: the estimate
/// lies within a factor 2 of the measured peak.
#[test]
fn every_demo_s_estimate_is_within_a_factor_of_two_of_the_measured_peak() {
    let mut tested = std::collections::BTreeSet::new();
    for (i, (id, overrides)) in cases().iter().enumerate() {
        let config = configured(id, overrides);
        let problems = config.validate();
        assert!(problems.is_empty(), "{id} {overrides}: {problems:?}");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "measure_one_case", "--nocapture", "--test-threads", "1"])
            .env("MINIMA_COST_CASE", i.to_string())
            .output()
            .expect("the test binary runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let peak: f64 = text
            .lines()
            .find_map(|l| l.split("peak=").nth(1)?.split_whitespace().next())
            .unwrap_or_else(|| {
                panic!("{id} {overrides}: no measurement\n{text}\n{}", String::from_utf8_lossy(&out.stderr))
            })
            .parse()
            .unwrap();
        let cost = config.cost();
        let r = cost.peak() as f64 / peak;
        println!(
            "{id} {overrides}: measured peak {:.1} MB, estimate {:.1} MB (train {:.1}, evaluation {:.1}; {} parameters), ratio {r:.2}",
            peak / 1e6,
            cost.peak() as f64 / 1e6,
            cost.train_bytes as f64 / 1e6,
            cost.eval_bytes as f64 / 1e6,
            cost.parameters
        );
        assert!((0.5..=2.0).contains(&r), "{id} {overrides}: estimate / measured = {r:.2}");
        tested.insert(*id);
    }
    // Every registered demo has its estimate checked here or in the path-star test below.
    let all: std::collections::BTreeSet<_> =
        DEMOS.iter().map(|d| d.id).filter(|&id| id != "path-star").collect();
    assert_eq!(tested, all);
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

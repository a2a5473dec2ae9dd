//! The cost estimate against what a run really allocates: a counting allocator records the peak
//! heap of a run natively on flex, and every demo's estimate of the peak must lie within a factor
//! 2 of it, at the sizes its `Demo::COST_CASES` name (path-star: its first steps, an evaluation
//! included; the other demos: a whole small run, so that what finished tasks keep and their
//! measurements count).
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::{Control, DEMOS, DemoConfig, Event, Flow};
use minima::engine::{Backend, block_on};
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

/// The configuration of demo `id` with `overrides` (a JSON object) on its defaults.
fn configured(id: &str, overrides: &serde_json::Value) -> DemoConfig {
    let mut config = serde_json::to_value(DemoConfig::defaults(id).unwrap()).unwrap();
    for (k, v) in overrides.as_object().unwrap_or_else(|| panic!("{id}: {overrides} is no JSON object")) {
        config["config"][k] = v.clone();
    }
    serde_json::from_value(config).unwrap_or_else(|e| panic!("{id} {overrides}: {e}"))
}

/// Every demo's cost cases ([`minima::demos::Demo::COST_CASES`]), from the one list: the demo's
/// id, the overrides and the steps to take (`u32::MAX`: to the end).
fn cases() -> Vec<(&'static str, serde_json::Value, u32)> {
    DEMOS
        .iter()
        .flat_map(|d| {
            d.cost_cases.iter().map(|c| {
                let overrides = serde_json::from_str(c.overrides)
                    .unwrap_or_else(|e| panic!("{}: cost case {} is no JSON: {e}", d.id, c.overrides));
                (d.id, overrides, c.steps.unwrap_or(u32::MAX))
            })
        })
        .collect()
}

/// Measures case `MINIMA_COST_CASE` of [`cases`] and prints `peak=BYTES` (run by the test below,
/// one process per case: the allocator's count must not see another run's threads or caches).
#[test]
fn measure_one_case() {
    let Ok(case) = std::env::var("MINIMA_COST_CASE") else { return };
    let (id, overrides, steps) = &cases()[case.parse::<usize>().unwrap()];
    println!("peak={}", measured_peak(&configured(id, overrides), *steps));
}

/// Every demo's cost cases, each in its own process: the estimate lies within a factor 2 of the
/// measured peak. Every demo has at least two cases.
#[test]
fn every_demo_s_estimate_is_within_a_factor_of_two_of_the_measured_peak() {
    for demo in DEMOS {
        assert!(demo.cost_cases.len() >= 2, "{}: fewer than two cost cases", demo.id);
    }
    for (i, (id, overrides, steps)) in cases().iter().enumerate() {
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
        let run = if *steps == u32::MAX { "to the end".to_string() } else { format!("{steps} steps") };
        println!(
            "{id} {overrides} ({run}): measured peak {:.1} MB, estimate {:.1} MB (train {:.1}, evaluation {:.1}; {} parameters), ratio {r:.2}",
            peak / 1e6,
            cost.peak() as f64 / 1e6,
            cost.train_bytes as f64 / 1e6,
            cost.eval_bytes as f64 / 1e6,
            cost.parameters
        );
        assert!((0.5..=2.0).contains(&r), "{id} {overrides}: estimate / measured = {r:.2}");
    }
}

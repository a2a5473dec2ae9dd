//! Native benchmark: steps per second of the training loops the browser runs (the digits MLP
//! sweep, and the path-star GPT at its reference size), and the time of ResMem's kNN step on the
//! digits, on flex, and on a native GPU with `--features gpu`. Prints numbers; asserts nothing.
//! `cargo bench --bench steps [-- wgpu]`
use burn::tensor::Device;
use minima::data::path_star::Mode;
use minima::demos::disagreement::{DisagreementConfig, Randomness};
use minima::demos::path_star::PathStarConfig;
use minima::demos::resmem::{Answer, Report, ResMemConfig, ResMemQuery, TEST_SIZE, TRAIN_SIZE};
use minima::demos::{AfterRun, Control, DemoConfig, DemoResult, Event, Flow, Query, RunToEnd};
use minima::engine::{Backend, block_on, init_device};
use std::cell::Cell;

#[path = "../src/bench_entry/kernels.rs"]
mod kernels;
#[path = "../src/bench_entry/sam_step_time.rs"]
mod sam_step_time;

/// Runs `config` to the end; the steps taken and seconds spent, or `None` if it failed.
fn timed(config: &DemoConfig, backend: Backend, device: &Device) -> Option<(u64, f64)> {
    let mut result = None;
    block_on(config.run(backend, device, &RunToEnd, &mut |e| match e {
        Event::Finished { steps, seconds } => result = Some((steps, seconds)),
        Event::Error { message } => println!("{}: {message}", backend.label()),
        _ => {}
    }));
    result
}

fn main() {
    let backend = std::env::args().skip(1).find_map(|a| Backend::parse(&a)).unwrap_or(Backend::Flex);
    let device = match block_on(init_device(backend)) {
        Ok(d) => d,
        Err(e) => {
            println!("{backend:?}: unavailable: {e}");
            return;
        }
    };
    for (width, models) in [(32, 2), (32, 4), (128, 4), (128, 8)] {
        let config = DemoConfig::Disagreement(DisagreementConfig {
            widths: vec![width],
            train_sizes: vec![200],
            epochs: vec![100],
            models,
            // Same speed for every source of randomness; DiffInit allows 8 networks × 200 examples.
            randomness: Randomness::DiffInit,
            ..Default::default()
        });
        if let Some((steps, seconds)) = timed(&config, backend, &device) {
            println!(
                "{:<22} width {width:>3}, {models} networks, batch 8: {:>7.1} steps/s ({steps} steps in {seconds:.2} s, evaluation included)",
                backend.label(),
                steps as f64 / seconds
            );
        }
    }
    for mode in [Mode::Forward, Mode::Teacherless] {
        let config = DemoConfig::PathStar(PathStarConfig {
            modes: vec![mode],
            steps: 40,
            eval_every: 1000,
            eval_graphs: 10,
            ..Default::default()
        });
        if let Some((steps, seconds)) = timed(&config, backend, &device) {
            println!(
                "{:<22} path-star GPT (2 layers, d 64, batch 128, T 31), {}: {:>6.2} steps/s ({:.0} ms/step)",
                backend.label(),
                mode.label(),
                steps as f64 / seconds,
                1000.0 * seconds / steps as f64
            );
        }
    }
    knn(backend, &device);
    sam_vs_sgd(backend, &device);
    step_against_gemm(backend, &device);
}

/// The path-star step's GFLOP/s against flex's GEMM (see `src/bench_entry/kernels.rs`).
fn step_against_gemm(backend: Backend, device: &Device) {
    match block_on(kernels::measure(device, 30, 20)) {
        Ok(t) => {
            println!(
                "{:<22} path-star step {:.1} ms, {:.2} GFLOP/s; GEMM GFLOP/s:",
                backend.label(),
                t.step_ms,
                t.step_gflops
            );
            for ((m, k, n), g) in kernels::SHAPES.iter().zip(&t.gemm_gflops) {
                println!("{:<22}   [{m}×{k}]·[{k}×{n}] {g:.2}", "");
            }
        }
        Err(e) => println!("{:<22} path-star step against GEMM: {e}", backend.label()),
    }
}

/// One SAM step against one SGD step on the SAM demo's network (see `src/bench_entry/sam_step_time.rs`).
fn sam_vs_sgd(backend: Backend, device: &Device) {
    match block_on(sam_step_time::step_times(device, 200)) {
        Ok((sgd, sam)) => println!(
            "{:<22} SAM demo MLP (72-64-16-2, 5 networks, batch 32): SGD {sgd:.3} ms/step, SAM {sam:.3} ms/step, SAM/SGD {:.2}×",
            backend.label(),
            sam / sgd
        ),
        Err(e) => println!("{:<22} SAM step times: {e}", backend.label()),
    }
}

/// Runs to the end, then asks for a re-measurement at k = 5, 6, … `asks` times.
struct Remeasure(Cell<usize>);

impl Control for Remeasure {
    async fn between_steps(&self) -> Flow {
        Flow::Run
    }
    async fn after_run(&self) -> Option<AfterRun> {
        let left = self.0.get();
        self.0.set(left.saturating_sub(1));
        (left > 0).then(|| AfterRun::Ask(Query::ResMem(ResMemQuery { k: 5 + left % 5, sigma: 0.05 })))
    }
}

/// ResMem's kNN step as the page's sliders run it: the digits test set (597 queries) against the
/// training set (1,200 keys) in each network's hidden layer, and the playground (a 48 × 48 grid
/// and 600 points against 300 keys); the median of 9 re-measurements after training.
fn knn(backend: Backend, device: &Device) {
    for width in [32, 256] {
        let config = DemoConfig::ResMem(ResMemConfig {
            widths: vec![width],
            epochs: vec![1],
            seeds: 1,
            plane_epochs: 1,
            ..Default::default()
        });
        let mut answers: Vec<Answer> = Vec::new();
        block_on(config.run(backend, device, &Remeasure(Cell::new(9)), &mut |e| {
            if let Event::Result(DemoResult::ResMem(Report::Answer(a))) = e {
                answers.push(a);
            }
        }));
        if answers.is_empty() {
            println!("{:<22} ResMem kNN: no answers", backend.label());
            continue;
        }
        let median = |f: fn(&Answer) -> f64| {
            let mut v: Vec<f64> = answers.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            1e3 * v[v.len() / 2]
        };
        println!(
            "{:<22} ResMem kNN, digits ({TEST_SIZE} × {TRAIN_SIZE}, width {width}, k 5–9): {:>7.2} ms; playground (2,904 × 300): {:>7.2} ms (median of {})",
            backend.label(),
            median(|a| a.digits_seconds),
            median(|a| a.playground_seconds),
            answers.len()
        );
    }
}

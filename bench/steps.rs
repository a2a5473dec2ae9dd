//! Native benchmark: steps per second of the training loops the browser runs (the digits MLP
//! sweep, and the path-star GPT at its reference size), on flex, and on a native GPU with
//! `--features gpu`. Prints numbers; asserts nothing. `cargo bench --bench steps [-- wgpu]`
use burn::tensor::Device;
use minima::data::path_star::Mode;
use minima::engine::{Backend, block_on, init_device};
use minima::experiments::disagreement::{DisagreementConfig, Randomness};
use minima::experiments::path_star::PathStarConfig;
use minima::experiments::{DemoConfig, Event, RunToEnd};

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
}

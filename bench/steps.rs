//! Native benchmark: steps per second of the digits MLP sweep's training loop (the same code the
//! browser runs), on flex, and on a native GPU with `--features gpu`. Prints numbers; asserts
//! nothing. `cargo bench --bench steps [-- wgpu]`
use minima::engine::{Backend, block_on, init_device};
use minima::experiments::disagreement::{DisagreementConfig, Randomness};
use minima::experiments::{DemoConfig, Event, RunToEnd};

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
        let mut result = None;
        block_on(config.run(backend, &device, &RunToEnd, &mut |e| {
            if let Event::Finished { steps, seconds } = e {
                result = Some((steps, seconds));
            }
        }));
        if let Some((steps, seconds)) = result {
            println!(
                "{:<22} width {width:>3}, {models} networks, batch 8: {:>7.1} steps/s ({steps} steps in {seconds:.2} s, evaluation included)",
                backend.label(),
                steps as f64 / seconds
            );
        }
    }
}

//! Science test: Springer, Nagarajan & Raghunathan (ICLR 2024), "Sharpness-Aware Minimization
//! Enhances Feature Quality via Balanced Learning", at small scale (shared/papers.md §4): an easy
//! feature (±0.2 on one coordinate) and a hard one (an 8×8 digit, label digit ≥ 5) both predict
//! the label; after 60 epochs a linear probe on the 16-unit penultimate layer reads the hard
//! feature better from SAM's networks than from SGD's. Run with `cargo test --release`.
//!
//! Acceptance: over 5 seeds, SAM − SGD hard-probe accuracy ≥ 3 points on average with SAM higher
//! in at least 4 of 5 seeds, both at training accuracy ≥ 0.99. Reference (PyTorch, 8 seeds):
//! SGD 0.778 ± 0.039, SAM 0.869 ± 0.031.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::RunToEnd;
use minima::demos::sam::{Checkpoint, Method, SamConfig, run};
use minima::engine::block_on;

#[test]
fn sam_learns_the_hard_feature_that_sgd_neglects() {
    let config = SamConfig::default();
    let device = Device::flex().autodiff();
    let results = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
    for c in &results {
        println!(
            "{:?} epoch {:>2} (ρ {:.2}): train {:.3}, hard probe {:.3} {:?}, easy probe {:.3}",
            c.method,
            c.epoch,
            c.rho,
            c.mean_train(),
            c.mean_hard(),
            c.hard_probe,
            c.mean_easy()
        );
    }
    let last = |method: Method| -> &Checkpoint {
        results.iter().rev().find(|c| c.method == method && c.epoch == config.epochs).unwrap()
    };
    let (sgd, sam) = (last(Method::Sgd), last(Method::Sam));
    assert!(sgd.train_accuracy.iter().chain(&sam.train_accuracy).all(|&a| a >= 0.99), "{sgd:?}\n{sam:?}");
    let gaps: Vec<f64> = sam.hard_probe.iter().zip(&sgd.hard_probe).map(|(a, b)| a - b).collect();
    let mean_gap = gaps.iter().sum::<f64>() / gaps.len() as f64;
    let wins = gaps.iter().filter(|g| **g > 0.0).count();
    println!(
        "SAM − SGD hard probe: {:+.1} points (per seed {gaps:?}), SAM higher in {wins} of 5",
        100.0 * mean_gap
    );
    assert!(mean_gap >= 0.03, "gap {mean_gap:+.3}");
    assert!(wins >= 4, "SAM higher in only {wins} of 5 seeds");
}

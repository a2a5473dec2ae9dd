//! Science test: Nagarajan & Kolter (NeurIPS 2019), "Uniform convergence may be unable to explain
//! generalization in deep learning", at small scale (reference:
//! bench/reference/uniform_convergence_numpy.py): two concentric spheres (radii 1 and 1.2) in d = 100, a
//! width-1,000 ReLU network trained by SGD (lr 0.5, batch 64) until 99 % of training margins are ≥
//! 8, for m ∈ {256, 512, 1,024, 2,048}. Run with `cargo test --release`.
//!
//! Acceptance: the demo's claims (src/demos/uniform_convergence/claims.rs: the test error falls
//! with m; the error on S′, the training set moved onto the other sphere with labels flipped,
//! stays high at every m) hold; the test error never rises by more than 2 points between
//! neighbouring m; the distance from initialisation of both layers grows with m. Reference: the
//! NumPy implementation's log, bench/reference/uniform_convergence_numpy.log.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::RunToEnd;
use minima::demos::uniform_convergence::{
    Report, UniformConvergence, UniformConvergenceConfig, rises_at_most, run,
};
use minima::engine::block_on;
use serde_json::json;

mod common;

#[test]
fn test_error_falls_with_m_while_the_projected_training_set_is_misclassified() {
    let config = UniformConvergenceConfig::default();
    let device = Device::flex().autodiff();
    let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
    let reports: Vec<Report> = ran.results.measurements.iter().cloned().map(Report::Measurement).collect();
    let verdicts = common::judge::<UniformConvergence>(&config, &reports);
    let results = ran.results.measurements;
    for r in &results {
        println!(
            "m {:>5}: {:>4} epochs (margin share {:.3}), train {:.3}, test {:.3}, S′ {:.3}, ‖ΔW₁‖ {:.2}, ‖ΔW₂‖ {:.2}, {:.1} s",
            r.train_size,
            r.epochs,
            r.margin_share,
            r.train_error,
            r.test_error,
            r.projected_error,
            r.distance_hidden,
            r.distance_output,
            r.seconds
        );
    }
    let rows: Vec<_> = results
        .iter()
        .map(|r| {
            json!({
                "m": r.train_size, "epochs": r.epochs, "reached": r.reached, "margin_share": r.margin_share,
                "train_error": r.train_error, "test_error": r.test_error, "projected_error": r.projected_error,
                "distance_hidden": r.distance_hidden, "distance_output": r.distance_output,
            })
        })
        .collect();
    common::write_log(
        "uniform-convergence",
        json!({
            "test": "science_uniform_convergence (defaults: d 100, width 1,000, lr 0.5, batch 64, margin 8 on 99 %)",
            "steps": ran.steps,
            "sizes": rows,
            "claims": common::claims_log(&verdicts),
        }),
    );
    assert_eq!(results.len(), 4);
    assert!(results.iter().all(|r| r.reached), "every m reaches its margins before the epoch limit");
    let test: Vec<f64> = results.iter().map(|r| r.test_error).collect();
    common::assert_all_hold(&verdicts);
    assert!(rises_at_most(&test, 0.02), "test error never rises by more than 2 points: {test:?}");
    assert!(results.iter().all(|r| r.train_error <= 0.01), "the training sets are fitted");
    let hidden: Vec<f64> = results.iter().map(|r| r.distance_hidden).collect();
    let output: Vec<f64> = results.iter().map(|r| r.distance_output).collect();
    for d in [hidden, output] {
        assert!(d.windows(2).all(|w| w[1] > w[0]), "distance from initialisation grows with m: {d:?}");
    }
}

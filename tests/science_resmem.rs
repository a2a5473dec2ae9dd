//! Science test: Yang, Lukasik, Nagarajan et al. (NeurIPS 2023), "ResMem: Learn what you can and
//! memorize the rest", reproduced natively on the digits (reference:
//! bench/reference/resmem_numpy.py): a one-hidden-layer MLP trained briefly, corrected by a kNN
//! model (k = 5, σ = 0.05) of its training residuals in its L2-normalised hidden layer. Run with
//! `cargo test --release`.
//!
//! Acceptance: the demo's claims (src/demos/resmem/claims.rs): with a base that does not
//! interpolate (training accuracy ≤ 0.97) the gain holds over 5 seeds, and at the defaults every
//! claim holds; with a base that interpolates (training accuracy 1.0) the gain is small, and the
//! gain claim does not hold (its negative control).
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::data::plane::Plane;
use minima::demos::RunToEnd;
use minima::demos::claims::{State, Verdict};
use minima::demos::resmem::{Measurement, Report, ResMem, ResMemConfig, run};
use minima::engine::block_on;
use serde_json::json;

mod common;

fn measure(config: &ResMemConfig) -> Vec<Measurement> {
    let device = Device::flex().autodiff();
    let outcome = block_on(run(config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
    let results = outcome.measurements;
    for m in &results {
        println!(
            "width {:>3}, {:>3} epochs: base train {:.3}, base test {:.3} → ResMem {:.3} (gain {:+.1} points; per seed base {:?} ResMem {:?})",
            m.width,
            m.epochs,
            m.mean_base_train(),
            m.mean_base_test(),
            m.mean_resmem_test(),
            100.0 * m.mean_gain(),
            m.base_test,
            m.resmem_test
        );
    }
    results
}

/// The claims of `config` judged on its measurements.
fn judged(config: &ResMemConfig, results: &[Measurement]) -> Vec<Verdict> {
    let reports: Vec<Report> = results.iter().cloned().map(Report::Measurement).collect();
    common::judge::<ResMem>(config, &reports)
}

#[test]
fn resmem_helps_a_base_that_cannot_fit_its_training_set() {
    let config = ResMemConfig { widths: vec![8, 32], epochs: vec![5], seeds: 5, ..Default::default() };
    let results = measure(&config);
    assert_eq!(results.len(), 2);
    for m in &results {
        assert!(m.mean_base_train() <= 0.97, "width {} interpolates: {}", m.width, m.mean_base_train());
    }
    common::assert_claim(&judged(&config, &results), "gain-without-fit", State::Holds);
}

#[test]
fn resmem_changes_nothing_once_the_base_interpolates() {
    let config =
        ResMemConfig { widths: vec![256], epochs: vec![100], learning_rate: 0.05, ..Default::default() };
    let results = measure(&config);
    let m = &results[0];
    assert!(m.base_train.iter().all(|&a| a == 1.0), "the base should interpolate: {:?}", m.base_train);
    let verdicts = judged(&config, &results);
    common::assert_claim(&verdicts, "no-gain-at-interpolation", State::Holds);
    common::assert_claim(&verdicts, "gain-without-fit", State::DoesNotHold);
}

/// The page's default sweep (widths 8 and 32 × 1, 5, 20 and 100 epochs, 3 seeds): the gain
/// shrinks as the base approaches interpolation, for each width. Its log is README's table.
#[test]
fn the_default_sweep_gains_less_as_the_base_fits_its_training_set() {
    let config = ResMemConfig::default();
    let results = measure(&config);
    assert_eq!(results.len(), 8, "2 widths × 4 training lengths");
    let verdicts = judged(&config, &results);
    let rows: Vec<_> = results
        .iter()
        .map(|m| {
            json!({ "width": m.width, "epochs": m.epochs, "base_train": m.mean_base_train(), "base_test": m.mean_base_test(), "resmem_test": m.mean_resmem_test(), "gain_points": 100.0 * m.mean_gain() })
        })
        .collect();
    common::write_log(
        "resmem",
        json!({
            "test": "science_resmem (the page's defaults: k 5, σ 0.05, 3 seeds)",
            "sweep": rows,
            "claims": common::claims_log(&verdicts),
        }),
    );
    common::assert_all_hold(&verdicts);
    for width in [8, 32] {
        let of: Vec<&Measurement> = results.iter().filter(|m| m.width == width).collect();
        let (first, last) = (of[0], of[of.len() - 1]);
        assert!(
            last.mean_base_train() > first.mean_base_train(),
            "width {width}: longer training fits better"
        );
        assert!(
            last.mean_gain() < first.mean_gain() && first.mean_gain() >= 0.02,
            "width {width}: gain {:+.3} after 1 epoch, {:+.3} after {}",
            first.mean_gain(),
            last.mean_gain(),
            last.epochs
        );
    }
}

/// The playground at its defaults (two spirals, a 6-unit network): the picture the page draws
/// must show the same effect, ResMem above the base on fresh points.
#[test]
fn the_playground_shows_the_effect() {
    let mut log = Vec::new();
    for plane in [Plane::Spirals, Plane::Checkerboard, Plane::Circles] {
        let config = ResMemConfig { plane, widths: vec![8], epochs: vec![1], seeds: 1, ..Default::default() };
        let device = Device::flex().autodiff();
        let outcome = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        let s = outcome.surface.unwrap();
        println!(
            "playground {plane:?}: base train {:.3} test {:.3}; ResMem train {:.3} test {:.3}",
            s.base_train, s.base_test, s.resmem_train, s.resmem_test
        );
        log.push(json!({ "plane": plane, "base_train": s.base_train, "base_test": s.base_test, "resmem_train": s.resmem_train, "resmem_test": s.resmem_test }));
        if plane == Plane::Spirals {
            assert!(s.base_train <= 0.8, "the default network should be too narrow: {}", s.base_train);
            assert!(s.resmem_test >= s.base_test + 0.03, "{} → {}", s.base_test, s.resmem_test);
        }
        assert!(s.resmem_train > s.base_train, "ResMem memorises: {} → {}", s.base_train, s.resmem_train);
    }
    common::write_log(
        "resmem-playground",
        json!({ "test": "science_resmem (playground defaults)", "pictures": log }),
    );
}

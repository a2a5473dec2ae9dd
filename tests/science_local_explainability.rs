//! Science test: local explainability and generalisation (Li, Nagarajan, Plumb & Talwalkar, ICLR
//! 2021) reproduced natively at the demo's defaults. Run with `cargo test --release` (seeded;
//! about a minute).
//!
//! Acceptance: the demo's claims (src/demos/local_explainability/claims.rs) hold at the defaults
//! (widths 16 and 64, λ ∈ {0, 10, 100}, 3 seeds, 200 and 3,000 steps: a zoo of 36 models). Its
//! negative control (a weak penalty, λ = 1, where the penalty claims must not hold) runs in
//! `tests/check.rs` through `minima check`.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::RunToEnd;
use minima::demos::local_explainability::{LocalExplainability, LocalExplainabilityConfig, correlation, run};
use minima::engine::block_on;
use serde_json::json;

mod common;

#[test]
fn the_defaults_reproduce_every_claim() {
    let config = LocalExplainabilityConfig::default();
    let device = Device::flex().autodiff();
    let zoo = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
    assert_eq!(zoo.len(), config.zoo_size());
    let mut models = Vec::new();
    for m in &zoo {
        let mnf: Vec<String> = m.nf.iter().map(|f| format!("{:.2e}", f.mnf)).collect();
        println!(
            "width {:>3} λ {:>5} seed {} steps {:>4}: gap {:.3}  MNF by σ {}",
            m.width,
            m.lambda,
            m.seed,
            m.steps,
            m.gap(),
            mnf.join(" ")
        );
        models.push(json!({
            "width": m.width, "lambda": m.lambda, "seed": m.seed, "steps": m.steps, "gap": m.gap(),
            "nf": m.nf.iter().map(|f| f.nf).collect::<Vec<_>>(), "mnf": m.nf.iter().map(|f| f.mnf).collect::<Vec<_>>(),
        }));
    }
    let refs: Vec<_> = zoo.iter().collect();
    let spearman = correlation(&refs).unwrap();
    // The seeds' spread: the correlation within each seed's share of the zoo.
    let per_seed: Vec<f64> = (0..config.seeds)
        .map(|s| correlation(&zoo.iter().filter(|m| m.seed == s).collect::<Vec<_>>()).unwrap())
        .collect();
    println!("Spearman(MNF@0.5, gap) = {spearman:.3}; per seed {per_seed:?}");
    let verdicts = common::judge::<LocalExplainability>(&config, &zoo);
    common::write_log(
        "local-explainability",
        json!({
            "test": "science_local_explainability (defaults: widths 16, 64; λ 0, 10, 100; 3 seeds; 200 and 3,000 steps)",
            "spearman": spearman,
            "spearman_per_seed": per_seed,
            "models": models,
            "claims": common::claims_log(&verdicts),
        }),
    );
    common::assert_all_hold(&verdicts);
}

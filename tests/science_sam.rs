//! Science test: Springer, Nagarajan & Raghunathan (ICLR 2024), "Sharpness-Aware Minimization
//! Enhances Feature Quality via Balanced Learning", at small scale (reference:
//! bench/reference/sam_numpy.py): an easy feature (±0.2 on one coordinate) and a hard one (an 8×8
//! digit, label digit ≥ 5) both predict the label; after 60 epochs a linear probe on the 16-unit
//! penultimate layer reads the hard feature better from SAM's networks than from SGD's. Run with
//! `cargo test --release`.
//!
//! Acceptance: every claim of the demo (src/demos/sam/claims.rs: the hard-probe gap, the share of
//! seeds SAM wins, both methods fitting) holds at the defaults, 5 seeds; the variants below are
//! the negative controls (a strong easy feature, a radius too large from the start).
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::RunToEnd;
use minima::demos::claims::State;
use minima::demos::sam::{Checkpoint, Method, Sam, SamConfig, run};
use minima::engine::block_on;
use serde_json::json;

mod common;

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
    let verdicts = common::judge::<Sam>(&config, &results);
    let curve: Vec<_> = results
        .iter()
        .map(|c| json!({ "method": c.method, "epoch": c.epoch, "train": c.mean_train(), "hard": c.mean_hard(), "easy": c.mean_easy() }))
        .collect();
    common::write_log(
        "sam",
        json!({
            "test": "science_sam (defaults: 5 seeds, 60 epochs, ρ ramped to 0.2 over 10)",
            "sgd_hard": sgd.mean_hard(),
            "sam_hard": sam.mean_hard(),
            "sgd_hard_per_seed": sgd.hard_probe,
            "sam_hard_per_seed": sam.hard_probe,
            "curve": curve,
            "claims": common::claims_log(&verdicts),
        }),
    );
    assert_eq!((sgd.hard_probe.len(), sam.hard_probe.len()), (5, 5), "5 seeds each");
    common::assert_all_hold(&verdicts);
}

/// One variant of the defaults, 5 seeds, epoch 60: logged as `tests/logs/sam-NAME.json` (the
/// README's variant rows) and returned as (SGD, SAM) final checkpoints, with the claims judged.
fn variant(
    name: &str,
    what: &str,
    config: SamConfig,
) -> (Checkpoint, Checkpoint, Vec<minima::demos::claims::Verdict>) {
    let device = Device::flex().autodiff();
    let results = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
    let last = |method: Method| results.iter().rev().find(|c| c.method == method).unwrap().clone();
    let (sgd, sam) = (last(Method::Sgd), last(Method::Sam));
    println!(
        "{what}: SGD hard {:.3} train {:.3}; SAM hard {:.3} train {:.3}",
        sgd.mean_hard(),
        sgd.mean_train(),
        sam.mean_hard(),
        sam.mean_train()
    );
    let wins = sam.hard_probe.iter().zip(&sgd.hard_probe).filter(|(a, b)| a > b).count();
    let verdicts = common::judge::<Sam>(&config, &results);
    common::write_log(
        &format!("sam-{name}"),
        json!({
            "test": "science_sam (a variant of the defaults, 5 seeds, epoch 60)",
            "setting": what,
            "sgd_hard": sgd.mean_hard(),
            "sam_hard": sam.mean_hard(),
            "sgd_train": sgd.mean_train(),
            "sam_train": sam.mean_train(),
            "sam_higher": wins,
            "claims": common::claims_log(&verdicts),
        }),
    );
    (sgd, sam, verdicts)
}

#[test]
fn without_the_easy_feature_on_some_examples_sam_still_learns_the_hard_one_better() {
    let (_, _, verdicts) =
        variant("absent", "easy feature absent on 10 %", SamConfig { absent: 0.1, ..Default::default() });
    common::assert_claim(&verdicts, "hard-probe-gap", State::Holds);
}

#[test]
fn a_larger_sgd_learning_rate_narrows_the_gap_but_sam_stays_ahead() {
    let (sgd, sam, _) =
        variant("lr", "SGD learning rate 0.2", SamConfig { learning_rate: 0.2, ..Default::default() });
    assert!(sam.mean_hard() > sgd.mean_hard(), "{sgd:?}\n{sam:?}");
}

#[test]
fn too_large_a_radius_from_the_start_stops_sam_from_fitting() {
    let (_, sam, verdicts) = variant(
        "rho",
        "ρ = 0.3 from the start",
        SamConfig { rho: 0.3, ramp_epochs: 0, ..Default::default() },
    );
    // A negative control of the claim that both methods fit.
    common::assert_claim(&verdicts, "both-fit", State::DoesNotHold);
    assert!(sam.mean_train() < 0.9, "SAM should fail to fit well short of the claim's bound: {sam:?}");
}

#[test]
fn a_strong_easy_feature_leaves_nothing_for_sam_to_balance() {
    let (sgd, sam, verdicts) =
        variant("strong", "easy strength a = 1", SamConfig { strength: 1.0, ..Default::default() });
    // The negative control of the hard-probe claim: nothing for SAM to balance.
    common::assert_claim(&verdicts, "hard-probe-gap", State::DoesNotHold);
    assert!((sam.mean_hard() - sgd.mean_hard()).abs() < 0.02, "{sgd:?}\n{sam:?}");
}

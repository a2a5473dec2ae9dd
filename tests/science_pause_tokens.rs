//! Science test: the pause-tokens demo (Goyal et al., ICLR 2024) at its defaults, natively, over
//! three seeds: 4-hop pointer chasing with a 2-layer GPT, learned with no extra tokens, with 8
//! pauses and with a chain of thought. Run with `cargo test --release`.
//!
//! Acceptance: the demo's claims (src/demos/pause_tokens/claims.rs) hold in every seed: the chain
//! of thought solves it, no extra tokens score what answering the start scores, and pauses score
//! what no extra tokens score. Negative control: at one hop, no extra tokens are far above that
//! baseline and pauses far below them. Its log is the README's table.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::data::pointer::Arm;
use minima::demos::RunToEnd;
use minima::demos::claims::{State, Verdict};
use minima::demos::pause_tokens::{Evaluation, PauseTokens, PauseTokensConfig, Report, run};
use minima::engine::block_on;
use serde_json::json;

mod common;

fn evaluations(config: &PauseTokensConfig) -> Vec<Evaluation> {
    let device = Device::flex().autodiff();
    let results = block_on(run(config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
    for e in &results {
        println!(
            "seed {} {:>16} step {:>4}: accuracy {:.3} (answered the start {:.3}; baseline {:.3}; hops {:?})",
            config.init_seed,
            e.arm.label(),
            e.step,
            e.accuracy,
            e.answered_start,
            e.baseline,
            e.hops_right
        );
    }
    results
}

fn judged(config: &PauseTokensConfig, results: &[Evaluation]) -> Vec<Verdict> {
    let reports: Vec<Report> = results.iter().cloned().map(Report::Evaluation).collect();
    common::judge::<PauseTokens>(config, &reports)
}

fn last(results: &[Evaluation], arm: Arm) -> &Evaluation {
    results.iter().rev().find(|e| e.arm == arm).expect("the arm was evaluated")
}

#[test]
fn pauses_add_nothing_where_a_chain_of_thought_solves_it() {
    let mut seeds = Vec::new();
    let mut judged_seeds = Vec::new();
    for seed in 0..3 {
        let config = PauseTokensConfig { data_seed: seed, init_seed: seed, ..Default::default() };
        let results = evaluations(&config);
        let verdicts = judged(&config, &results);
        let arm = |a: Arm| {
            let e = last(&results, a);
            json!({ "accuracy": e.accuracy, "answered_start": e.answered_start, "hops_right": e.hops_right })
        };
        seeds.push(json!({
            "seed": seed,
            "baseline": last(&results, Arm::None).baseline,
            "none": arm(Arm::None), "pause": arm(Arm::Pause), "cot": arm(Arm::Cot),
            "claims": common::claims_log(&verdicts),
        }));
        judged_seeds.push(verdicts);
    }
    // Logged before the assertions, so that a failing seed can be read. Seed 0's claims are the
    // README's; every seed's numbers are in `seeds`.
    let claims = seeds[0]["claims"].clone();
    common::write_log(
        "pause-tokens",
        json!({ "test": "science_pause_tokens (the page's defaults, seeds 0–2)", "seeds": seeds, "claims": claims }),
    );
    for verdicts in &judged_seeds {
        common::assert_all_hold(verdicts);
    }
}

#[test]
fn at_one_hop_two_layers_need_no_help_and_pauses_cost_a_layer() {
    let config = PauseTokensConfig { arms: vec![Arm::None, Arm::Pause], hops: 1, ..Default::default() };
    let results = evaluations(&config);
    let verdicts = judged(&config, &results);
    common::assert_claim(&verdicts, "none-at-baseline", State::DoesNotHold);
    common::assert_claim(&verdicts, "pauses-no-gain", State::DoesNotHold);
    let (none, pause) = (last(&results, Arm::None), last(&results, Arm::Pause));
    assert!(none.accuracy >= 0.9, "one lookup is learned: {}", none.accuracy);
    assert!(pause.accuracy < none.accuracy - 0.5, "pauses {} against {}", pause.accuracy, none.accuracy);
}

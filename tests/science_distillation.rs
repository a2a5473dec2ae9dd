//! Science test: Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar (NeurIPS 2023), "On student-teacher
//! deviations in distillation: does it pay to disobey?", at small scale.
//! Run with `cargo test --release`.
//!
//! Acceptance:
//! - Linear view: the simulated shares match the closed form to 1e-6, and the student's share is
//!   below the teacher's in every direction with λ·η·T < 3.
//! - Classifier view (digits, 20 % flipped labels, MLP 64-256-256-10, Adam, 100 + 100 epochs, 5
//!   seeds): the demo's claims hold (src/demos/distillation/claims.rs: the slope of the student's
//!   log-odds on the teacher's, the student lower on the teacher's least confident tenth); with SGD
//!   and momentum, whose teacher memorises the flipped labels, the slope claim does not (its
//!   negative control).
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::RunToEnd;
use minima::demos::claims::State;
use minima::demos::distillation::limits::measured;
use minima::demos::distillation::{Distillation, DistillationConfig, OptimizerChoice, Pair, Report, run};
use minima::engine::block_on;
use minima::metrics::mean_sd;
use serde_json::json;

mod common;

#[test]
fn the_linear_student_squares_the_teacher_s_progress() {
    let config = DistillationConfig::default();
    let setup = config.linear(100);
    let directions = setup.run();
    assert!(!directions.is_empty(), "the linear view measured no direction");
    for d in &directions {
        println!(
            "λ {:.5}: teacher {:.4} ({:.4}), student {:.4} ({:.4})",
            d.eigenvalue, d.teacher.0, d.teacher.1, d.student.0, d.student.1
        );
        assert!(
            (d.teacher.0 - d.teacher.1).abs() <= 1e-6 && (d.student.0 - d.student.1).abs() <= 1e-6,
            "{d:?}"
        );
        if d.eigenvalue * setup.step * (setup.steps as f64) < 3.0 {
            assert!(d.student.0 < d.teacher.0, "{d:?}");
        }
    }
}

#[test]
fn the_student_exaggerates_the_teacher_s_confidence() {
    let config = DistillationConfig::default();
    let device = Device::flex().autodiff();
    let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
    let classifier =
        ran.results.iter().rev().find_map(Report::classifier).expect("the classifier view").clone();
    // The students are measured at checkpoints while they train; the last view is after all their epochs.
    let checkpoints: Vec<usize> =
        ran.results.iter().filter_map(Report::classifier).map(|c| c.student_epochs).collect();
    println!("students measured at epochs {checkpoints:?}");
    assert_eq!(checkpoints, (1..=10).map(|k| k * config.student_epochs / 10).collect::<Vec<_>>());
    let verdicts = common::judge::<Distillation>(&config, &ran.results);
    for p in &classifier.pairs {
        println!(
            "seed {}: slope {:.3} (intercept {:.2}), least confident 10 % {:+.3}, most confident half {:+.3}, teacher fit {:.3}, test {:.3} / {:.3}",
            p.seed,
            p.slope,
            p.intercept,
            p.least_confident_gap,
            p.most_confident_gap,
            p.teacher_fit,
            p.test_accuracy.0,
            p.test_accuracy.1
        );
    }
    let slopes: Vec<f64> = classifier.pairs.iter().map(|p| p.slope).collect();
    let (slope, slope_sd) = mean_sd(&slopes);
    let gaps: Vec<f64> = classifier.pairs.iter().map(|p| p.least_confident_gap).collect();
    println!("slope {slope:.3} ± {slope_sd:.3}; least-confident gaps {gaps:?}; {:.0} s", classifier.seconds);
    common::write_log(
        "distillation",
        json!({
            "test": "science_distillation (defaults: 1,000 digits, 20 % flipped, MLP 64-256-256-10, Adam 1e-3, batch 128, 100 + 100 epochs, 5 seeds)",
            "slope": slope, "slope_sd": slope_sd,
            "pairs": classifier.pairs.iter().map(|p| json!({
                "seed": p.seed, "slope": p.slope, "intercept": p.intercept,
                "least_confident_gap": p.least_confident_gap, "most_confident_gap": p.most_confident_gap,
                "teacher_fit": p.teacher_fit, "teacher_test": p.test_accuracy.0, "student_test": p.test_accuracy.1,
            })).collect::<Vec<_>>(),
            "claims": common::claims_log(&verdicts),
        }),
    );
    assert_eq!(classifier.pairs.len(), 5);
    // The page's limits table shows src/demos/distillation/limits.json's default run: it must be this one.
    assert_matches_limits_log("default", &classifier.pairs);
    println!("slope {slope:.3} ± {slope_sd:.3} {slopes:?}; least-confident gaps {gaps:?}");
    common::assert_all_hold(&verdicts);
}

/// The pairs of the limits log's variant `key` equal `pairs` to 0.02, so the page's native table
/// cannot drift from the code by more than two thirds of the seeds' spread (slope sd 0.031). Not
/// bit for bit: the log's runs, through the command line, and this test differ by up to 5e-5 in
/// slope for the default run on one machine (the two builds sum floats in other orders), and by
/// up to 0.009 between that machine and an AMD EPYC (AVX2, FMA), whose matrix kernels block and
/// sum differently.
fn assert_matches_limits_log(key: &str, pairs: &[Pair]) {
    let logged = measured(key).unwrap_or_else(|| panic!("src/demos/distillation/limits.json has no {key}"));
    assert_eq!(logged.pairs.len(), pairs.len(), "{key}");
    for (l, p) in logged.pairs.iter().zip(pairs) {
        let same = |a: f64, b: f64| (a - b).abs() <= 0.02;
        assert!(
            same(l.slope, p.slope)
                && same(l.least_confident_gap, p.least_confident_gap)
                && same(l.teacher_fit, p.teacher_fit),
            "{key}: the log has {l:?}, this run {p:?}: run node bench/distillation-limits.mjs and commit the log"
        );
    }
}

/// One limit of the page's table run again (SGD with momentum, whose teacher memorises the
/// flipped labels): the same numbers as the committed log, and the slope below 1.
#[test]
fn the_limits_log_is_what_the_code_measures() {
    let config = DistillationConfig {
        optimizer: OptimizerChoice::SgdMomentum,
        learning_rate: 0.05,
        ..Default::default()
    };
    let device = Device::flex().autodiff();
    let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
    let classifier =
        ran.results.iter().rev().find_map(Report::classifier).expect("the classifier view").clone();
    let (slope, _) = mean_sd(&classifier.pairs.iter().map(|p| p.slope).collect::<Vec<_>>());
    println!("SGD + momentum, step 0.05: slope {slope:.3}; {:.0} s", classifier.seconds);
    assert_matches_limits_log("sgd-0.05", &classifier.pairs);
    // The negative control of the slope claim.
    let verdicts = common::judge::<Distillation>(&config, &ran.results);
    common::assert_claim(&verdicts, "slope-above-one", State::DoesNotHold);
    assert!(slope < 1.0, "a teacher that memorises the flipped labels: slope {slope}");
}

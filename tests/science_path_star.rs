//! Science test: Bachmann & Nagarajan (ICML 2024), "The Pitfalls of Next-Token Prediction",
//! reproduced natively at the reference setting (G(2, 5, 50), 2 layers,
//! d_model 64, 2 heads, batch 128, AdamW 2e-3 after 300 warm-up steps, up to 700 steps). Run with
//! `cargo test --release`.
//!
//! Acceptance: the demo's claims hold (src/demos/path_star/claims.rs: reverse training reaches
//! exact match ≥ 0.95; teacher forcing, once its teacher-forced accuracy after the decision is
//! ≥ 0.95 (the "Clever Hans" edge lookup is learned), stays at 1/d: the first step away from the
//! source is a coin flip); teacher forcing never gets well above chance at any evaluation.
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::data::path_star::Mode;
use minima::demos::claims::Verdict;
use minima::demos::path_star::plateau::{self, Plateau};
use minima::demos::path_star::{Evaluation, PathStar, PathStarConfig, PathStarQuery, Report, presets, run};
use minima::demos::{
    Control, DemoConfig, DemoResult, Event, Flow, Query, Registered, RunToEnd, StopAtVerdict,
};
use minima::engine::block_on;
use serde_json::json;
use std::cell::Cell;

mod common;

/// The claims of `config` judged on `evaluations`.
fn judged(config: &PathStarConfig, evaluations: &[Evaluation]) -> Vec<Verdict> {
    let reports: Vec<Report> = evaluations.iter().cloned().map(Report::Evaluation).collect();
    common::judge::<PathStar>(config, &reports)
}

/// The defaults with `seed` for the training graphs and the initialisation, run until the claims
/// are decided, asking `query` then: the steps taken and the results.
fn decide(seed: u64, query: Option<Query>) -> (PathStarConfig, u64, Vec<Report>) {
    let config = PathStarConfig { data_seed: seed, init_seed: seed, ..Default::default() };
    let device = Device::flex().autodiff();
    let whole = DemoConfig::from(config.clone());
    let control = StopAtVerdict::new(&whole, query);
    let mut answers = Vec::new();
    let ran = block_on(run(&config, &device, &control, &mut |e| {
        control.see(&e);
        if let Event::Answer(r) = e {
            answers.push(r);
        }
    }))
    .unwrap();
    let results: Vec<Report> =
        control.results().iter().chain(&answers).filter_map(PathStar::result_of).cloned().collect();
    (config, ran.steps, results)
}

fn evaluations_of(results: &[Report]) -> Vec<Evaluation> {
    results
        .iter()
        .filter_map(|r| match r {
            Report::Evaluation(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

/// Seeds 1 and 2 (seed 0 is the test below): the claims hold in each, and their values beside
/// each other are the seed-to-seed noise the claims' bounds must stand above.
#[test]
fn the_claims_hold_in_other_seeds() {
    let mut rows = Vec::new();
    for seed in [1, 2] {
        let (config, steps, results) = decide(seed, None);
        let verdicts = judged(&config, &evaluations_of(&results));
        for v in &verdicts {
            println!("seed {seed}: {} {:?} {} at {:?}", v.id, v.state, v.shown, v.at);
        }
        common::assert_all_hold(&verdicts);
        rows.push(json!({ "seed": seed, "steps": steps, "claims": common::claims_log(&verdicts) }));
    }
    common::write_log(
        "path-star-seeds",
        json!({
            "test": "science_path_star: the defaults with training seeds 1 and 2, stopped once the claims were decided",
            "seeds": rows,
        }),
    );
}

#[test]
fn teacher_forcing_fails_where_reverse_training_succeeds() {
    // A graph of our own, asked of the models as the page asks them once the claims are decided:
    // arms 40→3→17→25→9 and 40→8→12→31→44, the goal 44. The run stops there: no step after the
    // verdict decides anything.
    let query =
        Query::PathStar(PathStarQuery { text: "3,17|40,8|17,25|8,12|25,9|40,3|12,31|31,44/40,44".into() });
    let (config, steps, results) = decide(0, Some(query));
    assert_eq!(config.modes, [Mode::Forward, Mode::Reverse]);
    let ran_steps = steps;
    let evaluations = evaluations_of(&results);
    println!("stopped at the verdict: {ran_steps} of {} steps", config.total_steps());
    assert!(ran_steps < config.total_steps(), "the claims decide before the run's end");
    let verdicts = judged(&config, &evaluations);
    for e in &evaluations {
        println!(
            "{:>15} step {:>4}: exact match {:.3}  generated {:?}  forced {:?}",
            e.mode.label(),
            e.step,
            e.exact_match,
            e.generated.iter().map(|a| format!("{a:.2}")).collect::<Vec<_>>(),
            e.forced.iter().map(|a| format!("{a:.2}")).collect::<Vec<_>>()
        );
    }
    // Where the trained models look (the page's attention table), over 200 held-out graphs.
    let focus = &results
        .iter()
        .find_map(|r| match r {
            Report::Answer(a) => Some(a),
            _ => None,
        })
        .expect("the typed graph was answered")
        .focus;
    for f in focus {
        println!(
            "{:>15} node {} block {}: answer edge {:.3}, other edges {:.3}, elsewhere {:.3} (even: {:.3})",
            f.mode.label(),
            f.position + 1,
            f.block + 1,
            f.answer_edge,
            f.other_edges,
            f.rest,
            f.uniform
        );
    }
    // The cheat, seen in the attention: writing a node after the decision, teacher forcing's last
    // block looks at the edge out of the node before (the page's words say so from these rows).
    for f in focus.iter().filter(|f| f.mode == Mode::Forward && f.block == 1 && (2..=3).contains(&f.position))
    {
        assert!(f.answer_edge >= 0.5 && f.answer_edge >= 5.0 * f.uniform, "teacher forcing's lookups: {f:?}");
    }
    let log: Vec<_> = evaluations
        .iter()
        .map(|e| json!({ "mode": e.mode, "step": e.step, "exact_match": e.exact_match, "forced": e.forced, "generated": e.generated }))
        .collect();
    common::write_log(
        "path-star",
        json!({
            "test": "science_path_star (defaults: G(2, 5, 50), 2 layers, width 64, batch 128, teacher forcing and reverse; stopped once the claims were decided)",
            "steps": ran_steps,
            "evaluations": log,
            "claims": common::claims_log(&verdicts),
            "attention": focus,
        }),
    );
    let last = |mode: Mode| evaluations.iter().rev().find(|e| e.mode == mode).unwrap();
    common::assert_all_hold(&verdicts);
    let forward = last(Mode::Forward);
    assert!(
        forward.forced[2..].iter().all(|&a| a >= 0.95),
        "Clever Hans not learned: forced {:?}",
        forward.forced
    );
    assert!(forward.forced[1] < 0.75, "the decision should stay near a coin flip: {:?}", forward.forced);
    assert!(forward.forced[1] < 0.65, "the decision should stay near a coin flip: {:?}", forward.forced);
    for e in evaluations.iter().filter(|e| e.mode == Mode::Forward) {
        assert!(e.exact_match < 0.65, "teacher forcing exact match {} at step {}", e.exact_match, e.step);
    }

    let answer = results
        .iter()
        .find_map(|r| match r {
            Report::Answer(a) => Some(a),
            _ => None,
        })
        .expect("the typed graph was answered");
    let paths: Vec<_> = answer.paths.iter().map(|p| (p.mode, &p.path)).collect();
    println!("answers to the typed graph: {paths:?}");
    let path = |mode| &answer.paths.iter().find(|p| p.mode == mode).expect("every mode answers").path;
    assert_eq!(path(Mode::Reverse), &vec![40, 8, 12, 31, 44], "reverse's path");
    assert!(
        matches!(path(Mode::Forward)[..2], [40, 3 | 8]),
        "teacher forcing's path: {:?}",
        path(Mode::Forward)
    );
}

/// The plateau rule on a real run: reverse training at degree 3 with a small batch sits on its
/// plateau through its first evaluations (the page's e2e test runs the same configuration).
#[test]
fn a_small_reverse_run_at_degree_three_is_seen_on_its_plateau() {
    let config = PathStarConfig {
        degree: 3,
        modes: vec![Mode::Reverse],
        batch_size: 32,
        steps: 200,
        learning_rate: 1e-3,
        warmup_steps: 10,
        eval_every: 25,
        eval_graphs: 100,
        ..Default::default()
    };
    let device = Device::flex().autodiff();
    let mut losses = Vec::new();
    let ran = block_on(run(&config, &device, &RunToEnd, &mut |event| {
        if let Event::Progress { step, loss, .. } = event {
            losses.push((step as f64, f64::from(loss)));
        }
    }))
    .unwrap();
    let evals: Vec<_> = ran.results.iter().collect();
    for e in &evals {
        println!(
            "step {:>3}: exact {:.3} forced {:?} at chance {}",
            e.step,
            e.exact_match,
            e.forced,
            plateau::at_chance(e)
        );
    }
    let found = plateau::track(&evals, &losses, config.eval_every, config.warmup_steps);
    let every: Vec<String> = losses.iter().step_by(10).map(|(s, l)| format!("{s}: {l:.3}")).collect();
    println!("plateau: {found:?}; losses {}", every.join(", "));
    let since = match found {
        Plateau::On { since, .. } | Plateau::Left { since, .. } => Some(since),
        Plateau::None => None,
    };
    common::write_log(
        "path-star-plateau",
        json!({
            "test": "science_path_star: reverse, G(3, 5, 50), batch 32, 200 steps, evaluated every 25 on 100 graphs",
            "plateau_since": since,
            "evaluations": evals.iter().map(|e| json!({ "step": e.step, "exact_match": e.exact_match, "forced": e.forced, "at_chance": plateau::at_chance(e) })).collect::<Vec<_>>(),
        }),
    );
    assert!(evals.len() >= 8 && losses.len() >= 100, "{} evaluations, {} losses", evals.len(), losses.len());
    assert!(
        matches!(found, Plateau::On { since, .. } if since <= 125),
        "expected a plateau from the first evaluations: {found:?}"
    );
}

/// Stops a run once `reached` (set by the test's event handler) is set.
struct StopWhen<'a>(&'a Cell<bool>);

impl Control for StopWhen<'_> {
    async fn between_steps(&self) -> Flow {
        if self.0.get() { Flow::Stop } else { Flow::Run }
    }
}

/// `config` (one mode) until its first evaluation that passes `done`, or its end.
fn run_until(config: &PathStarConfig, done: impl Fn(&Evaluation) -> bool) -> Vec<Evaluation> {
    let device = Device::flex().autodiff();
    let reached = Cell::new(false);
    let ran = block_on(run(config, &device, &StopWhen(&reached), &mut |event| {
        if let Event::Result(DemoResult::PathStar(Report::Evaluation(e))) = &event {
            println!(
                "{:>15} step {:>4}: exact match {:.3}  forced {:?}",
                e.mode.label(),
                e.step,
                e.exact_match,
                e.forced
            );
            reached.set(reached.get() || done(e));
        }
    }))
    .unwrap();
    ran.results
}

/// Issue 17's science test: a shape beyond the default, G(3, 5, 50), with the study's preset
/// (src/demos/path_star/presets.json, compiled in). Reverse training (the study's seed 0)
/// reaches exact match ≥ 0.95; teacher forcing, once it has learned the cheat (teacher-forced
/// accuracy ≥ 0.95 at every position after the decision), decides right 1/3 ± 0.08 of the time.
/// Each run stops at that evaluation: the schedule is the preset's whole budget's. About 2,000
/// steps (5 min on 2 cores), so it is in the long tier (`bash scripts/test.sh --long`), not in
/// CI: the default test above covers the same model, modes and claims at degree 2.
#[test]
#[ignore = "long tier: bash scripts/test.sh --long"]
fn at_degree_three_the_preset_solves_reverse_while_teacher_forcing_stays_at_a_third() {
    let shape = PathStarConfig { degree: 3, ..Default::default() };
    let study = presets::for_shape(&shape).expect("the study lists G(3, 5, 50)");
    let preset = study.preset.as_ref().expect("the study found a preset for G(3, 5, 50)");
    let base = PathStarConfig { eval_graphs: 500, ..preset.apply(&shape) };
    let reverse_config = PathStarConfig { modes: vec![Mode::Reverse], ..base.clone() };
    let reverse = run_until(&reverse_config, |e| e.exact_match >= 0.95);
    let cheat = |e: &Evaluation| e.forced[2..].iter().all(|&a| a >= minima::demos::path_star::CHEAT_LEARNED);
    let forward_config = PathStarConfig { modes: vec![Mode::Forward], ..base.clone() };
    let forward = run_until(&forward_config, cheat);
    let reverse_verdicts = judged(&reverse_config, &reverse);
    let forward_verdicts = judged(&forward_config, &forward);
    let log = |evals: &[Evaluation]| -> Vec<_> {
        evals.iter().map(|e| json!({ "mode": e.mode, "step": e.step, "exact_match": e.exact_match, "forced": e.forced })).collect()
    };
    common::write_log(
        "path-star-degree-3",
        json!({
            "test": "science_path_star: G(3, 5, 50) with the study's preset, each mode stopped at its first evaluation that passes",
            "preset": { "layers": preset.layers, "d_model": preset.d_model, "heads": preset.heads, "steps": preset.steps },
            "reverse": log(&reverse),
            "forward": log(&forward),
            "claims": common::claims_log(&[reverse_verdicts.clone(), forward_verdicts.clone()].concat()
                .into_iter().filter(|v| v.state != minima::demos::claims::State::NotDecided).collect::<Vec<_>>()),
        }),
    );
    common::assert_claim(&reverse_verdicts, "reverse-solves", minima::demos::claims::State::Holds);
    common::assert_claim(&forward_verdicts, "forcing-guesses", minima::demos::claims::State::Holds);
    // The teacher-forced decision itself (not a claim of the card): a coin flip among 3 arms.
    let f = forward.last().unwrap();
    let third = 1.0 / 3.0;
    assert!((f.forced[1] - third).abs() <= 0.08, "decision {} is not 1/3 ± 0.08", f.forced[1]);
}

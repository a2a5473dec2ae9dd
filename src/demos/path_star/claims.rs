//! What the path-star paper claims, as this setting tests it ([`crate::demos::claims`]): judged on
//! the evaluations on held-out graphs, each decided at the first evaluation that can decide it.

use super::{Evaluation, PathStarConfig, Report};
use crate::data::path_star::Mode;
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};

/// Teacher-forced accuracy every position after the decision must reach before teacher forcing's
/// exact match is judged: the model has learned the Clever-Hans cheat. 0.98, not 0.95: exact match
/// is the decision's accuracy times the lookups', so lookups judged as they crossed 0.95 pulled a
/// coin-flip decision's exact match down (seed 2 at the calibrated defaults: 0.422 at step 300,
/// 0.490 at 350, against a bound of 0.5 ± 0.08), measuring the lookups still being learned.
pub const CHEAT_LEARNED: f64 = 0.98;

/// The claims: reverse training solves the task, and teacher forcing, once it has learned the
/// cheat, still guesses the decision.
pub const CLAIMS: &[Claim<PathStarConfig, Report>] = &[
    Claim {
        id: "reverse-solves",
        statement: "Trained to write the path backwards from the goal (reverse), the same model solves the task: \
            its exact match on held-out graphs.",
        section: "the reverse-target experiments",
        bound: Bound::AtLeast(0.95),
        evidence: "an evaluation of the reverse mode that reaches it, or its last",
        reference: None,
        measure: reverse_solves,
    },
    Claim {
        id: "forcing-guesses",
        statement: "Teacher forcing learns the Clever-Hans cheat (every node after the first follows from the \
            previous one) and so never learns the decision at the centre: its exact match stays at chance, \
            1/degree (measured: exact match − 1/degree).",
        section: "the teacher-forcing experiments (the Clever-Hans cheat, the indecipherable token)",
        bound: Bound::Within { center: 0.0, tolerance: 0.08 },
        evidence: "the first evaluation of teacher forcing where every position after the decision is teacher-forced \
            right ≥ 98 %",
        reference: None,
        measure: forcing_guesses,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"modes": ["reverse"], "steps": 100}"#,
    why: "After 100 steps reverse training has not learned to follow the edges back from the goal yet: the \
            claim needs the trained model.",
    fails: &["reverse-solves"],
}];

fn evaluations<'a>(results: &[&'a Report], mode: Mode) -> Vec<&'a Evaluation> {
    results
        .iter()
        .filter_map(|r| match r {
            Report::Evaluation(e) if e.mode == mode => Some(e),
            _ => None,
        })
        .collect()
}

fn reverse_solves(config: &PathStarConfig, results: &[&Report]) -> Progress {
    if !config.modes.contains(&Mode::Reverse) {
        return Progress::Undecidable("needs the reverse mode".into());
    }
    let evals = evaluations(results, Mode::Reverse);
    if let Some(e) = evals.iter().find(|e| e.exact_match >= 0.95) {
        return Progress::Final(Measured::new(e.exact_match, format!("step {}", e.step)));
    }
    match evals.last() {
        None => Progress::Waiting("the first evaluation of reverse training".into()),
        Some(e) if e.step >= config.steps => {
            Progress::Final(Measured::new(e.exact_match, format!("step {}", e.step)))
        }
        Some(e) => Progress::Partial(Measured::new(e.exact_match, format!("step {}", e.step))),
    }
}

fn forcing_guesses(config: &PathStarConfig, results: &[&Report]) -> Progress {
    if !config.modes.contains(&Mode::Forward) {
        return Progress::Undecidable("needs the teacher-forcing mode".into());
    }
    let chance = 1.0 / config.degree as f64;
    let evals = evaluations(results, Mode::Forward);
    let cheat = |e: &&&Evaluation| e.forced.len() > 2 && e.forced[2..].iter().all(|&a| a >= CHEAT_LEARNED);
    let shown = |e: &Evaluation| format!("{:.3} (1/degree = {chance:.3})", e.exact_match);
    if let Some(e) = evals.iter().find(cheat) {
        let value = Measured::new(e.exact_match - chance, format!("step {}", e.step)).shown(shown(e));
        return Progress::Final(value);
    }
    match evals.last() {
        None => Progress::Waiting("the first evaluation of teacher forcing".into()),
        Some(e) if e.step >= config.steps => Progress::Undecidable(format!(
            "teacher forcing had not learned the cheat by step {} (train longer)",
            e.step
        )),
        Some(e) => Progress::Partial(
            Measured::new(e.exact_match - chance, format!("step {}", e.step)).shown(shown(e)),
        ),
    }
}

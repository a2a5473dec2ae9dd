//! What this demo claims ([`crate::demos::claims`]), judged on the evaluations on held-out
//! questions. The paper's own claim, that pauses help, is what the second tests at this scale:
//! pauses add positions that compute in parallel, never a layer, so a task that needs more
//! sequential steps than the model has layers gains nothing from them; a chain of thought feeds
//! each written hop back in as an input and gives every hop the whole depth.

use super::{Evaluation, PauseTokensConfig, Report};
use crate::data::pointer::Arm;
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};
use crate::demos::reference::Source;

/// How close to each other two arms must score to count as equal: five points, as the
/// study's noise allows (`bench/pause-study`: the same arm's seeds span ≤ 2.5 points at 4 hops).
pub const SAME: f64 = 0.05;

/// The study's summary, generated from its logs (`bench/pause-study/logs/`).
const STUDY: &str = "docs/studies/pause-tokens.md";

/// The claims.
pub const CLAIMS: &[Claim<PauseTokensConfig, Report>] = &[
    Claim {
        id: "cot-solves",
        statement: "Writing the intermediate pointers (a chain of thought), the same 2-layer model chases every hop: \
            its accuracy on held-out questions, the chain written by the model itself.",
        section: "the contrast the paper draws with chain of thought (§1, §6)",
        bound: Bound::AtLeast(0.9),
        evidence: "an evaluation of the chain-of-thought arm that reaches it, or its last",
        reference: Some(("1.000 at 4 hops (the study, 3 seeds)", Source::Log(STUDY))),
        measure: cot_solves,
    },
    Claim {
        id: "none-at-baseline",
        statement: "Without extra tokens, two layers cannot chase this many hops: the model scores what answering the \
            start scores (measured: accuracy − that baseline).",
        section: "the depth argument the demo tests (pauses add width, not depth)",
        bound: Bound::Within { center: 0.0, tolerance: 0.1 },
        evidence: "the last evaluation of the no-extra-tokens arm",
        reference: Some(("0.365 against 0.375 at 4 hops (the study, 3 seeds)", Source::Log(STUDY))),
        measure: none_at_baseline,
    },
    Claim {
        id: "pauses-no-gain",
        statement: "Pauses do not help here (the paper's gains are not reproduced at this scale): with M pause tokens \
            the model scores what it scores without them (measured: pauses − no extra tokens).",
        section: "§1 and Table 1 (pauses in pretraining and finetuning help 8 of 9 tasks at 1B parameters)",
        bound: Bound::Within { center: 0.0, tolerance: SAME },
        evidence: "the last evaluations of the no-extra-tokens and pause arms",
        reference: Some(("0.362 against 0.365 at 4 hops (the study, 3 seeds)", Source::Log(STUDY))),
        measure: pauses_no_gain,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[
    NegativeControl {
        overrides: r#"{"arms": ["none", "pause"], "hops": 1}"#,
        why: "One hop is one lookup, which two layers do: without extra tokens the model answers far above answering \
            the start, while with pauses the answer position must first find the start, which spends one of its two \
            layers, and it stays far below.",
        fails: &["none-at-baseline", "pauses-no-gain"],
    },
    NegativeControl {
        overrides: r#"{"arms": ["cot"], "steps": 20, "eval_every": 20}"#,
        why: "After 20 steps the chain of thought has not learned to look up a pointer yet: the claim needs the \
            trained model.",
        fails: &["cot-solves"],
    },
];

fn evaluations<'a>(results: &[&'a Report], arm: Arm) -> Vec<&'a Evaluation> {
    results
        .iter()
        .map(|r| match r {
            Report::Evaluation(e) => e,
        })
        .filter(|e| e.arm == arm)
        .collect()
}

fn needs(config: &PauseTokensConfig, arms: &[Arm]) -> Option<Progress> {
    let missing: Vec<&str> = arms.iter().filter(|a| !config.arms.contains(a)).map(|a| a.label()).collect();
    (!missing.is_empty()).then(|| Progress::Undecidable(format!("needs the arm {}", missing.join(" and "))))
}

fn cot_solves(config: &PauseTokensConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs(config, &[Arm::Cot]) {
        return p;
    }
    let evals = evaluations(results, Arm::Cot);
    if let Some(e) = evals.iter().find(|e| e.accuracy >= 0.9) {
        return Progress::Final(Measured::new(e.accuracy, format!("step {}", e.step)));
    }
    match evals.last() {
        None => Progress::Waiting("the first evaluation of the chain of thought".into()),
        Some(e) => {
            Progress::judged(Measured::new(e.accuracy, format!("step {}", e.step)), e.step >= config.steps)
        }
    }
}

fn none_at_baseline(config: &PauseTokensConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs(config, &[Arm::None]) {
        return p;
    }
    match evaluations(results, Arm::None).last() {
        None => Progress::Waiting("the first evaluation without extra tokens".into()),
        Some(e) => {
            let shown =
                format!("{:+.3} ({:.3} against {:.3})", e.accuracy - e.baseline, e.accuracy, e.baseline);
            let value = Measured::new(e.accuracy - e.baseline, format!("step {}", e.step)).shown(shown);
            Progress::judged(value, e.step >= config.steps)
        }
    }
}

fn pauses_no_gain(config: &PauseTokensConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs(config, &[Arm::None, Arm::Pause]) {
        return p;
    }
    let (none, pause) = (evaluations(results, Arm::None), evaluations(results, Arm::Pause));
    // The two arms at one step: the latest both have reached.
    let common = pause.iter().rev().find_map(|p| none.iter().find(|n| n.step == p.step).map(|n| (*n, *p)));
    match common {
        None => Progress::Waiting("an evaluation of both the pause and the no-extra-tokens arms".into()),
        Some((n, p)) => {
            let shown =
                format!("{:+.3} ({:.3} against {:.3})", p.accuracy - n.accuracy, p.accuracy, n.accuracy);
            let value = Measured::new(p.accuracy - n.accuracy, format!("step {}", p.step)).shown(shown);
            Progress::judged(value, p.step >= config.steps)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::claims::judge;

    fn eval(arm: Arm, step: usize, accuracy: f64) -> Report {
        Report::Evaluation(Evaluation {
            arm,
            step,
            accuracy,
            answered_start: 0.3,
            baseline: 0.37,
            hops_right: vec![accuracy],
        })
    }

    fn states(config: &PauseTokensConfig, results: &[Report]) -> Vec<String> {
        let refs: Vec<&Report> = results.iter().collect();
        judge(CLAIMS, config, &refs).iter().map(|v| format!("{:?}", v.state)).collect()
    }

    #[test]
    fn claims_wait_for_the_last_step_and_then_decide() {
        let c = PauseTokensConfig { steps: 100, ..Default::default() };
        let early = [eval(Arm::None, 50, 0.36), eval(Arm::Pause, 50, 0.37), eval(Arm::Cot, 50, 0.95)];
        assert_eq!(states(&c, &early), ["Holds", "NotDecided", "NotDecided"]);
        let last = [&early[..], &[eval(Arm::None, 100, 0.38), eval(Arm::Pause, 100, 0.47)]].concat();
        assert_eq!(states(&c, &last), ["Holds", "Holds", "DoesNotHold"]);
        let cot_short = [eval(Arm::Cot, 50, 0.5), eval(Arm::Cot, 100, 0.6)];
        assert_eq!(states(&c, &cot_short)[0], "DoesNotHold");
        let only_cot = PauseTokensConfig { arms: vec![Arm::Cot], ..c };
        let verdict = &judge(CLAIMS, &only_cot, &[])[2];
        assert!(verdict.shown.contains("needs the arm no extra tokens and pauses"), "{verdict:?}");
    }
}

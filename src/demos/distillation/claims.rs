//! What the distillation paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! on the classifier view (teacher and student pairs on digits with flipped labels).

use super::{Classifier, DistillationConfig, Report};
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};

/// How much lower than the teacher's the student's probability must be, on the teacher's least
/// confident tenth of the training set, for a seed to count in `least-confident-lower`.
pub const LOWER_BY: f64 = 0.05;

/// The claims: the student exaggerates the teacher's confidence, and is less confident where the
/// teacher is least confident.
pub const CLAIMS: &[Claim<DistillationConfig, Report>] = &[
    Claim {
        id: "slope-above-one",
        statement: "The student exaggerates the teacher's confidence: regressing the student's log-odds on the \
            teacher's over the training set gives a slope above 1 (mean over seeds).",
        section: "§3–5",
        bound: Bound::AtLeast(1.04),
        evidence: "every seed's teacher and student trained",
        reference: None,
        measure: mean_slope,
    },
    Claim {
        id: "least-confident-lower",
        statement: "Where the teacher is least confident (its least confident tenth of the training set), the \
            student's probability is lower still, by at least 0.05, in most seeds (share of seeds).",
        section: "§3–5",
        bound: Bound::AtLeast(0.8),
        evidence: "every seed's teacher and student trained, at least 3 seeds",
        reference: None,
        measure: least_confident_lower,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"optimizer": "sgd_momentum", "learning_rate": 0.05}"#,
    why: "A teacher trained with SGD and momentum memorises the flipped labels, so its confident log-odds \
            are not the ones a student can exceed: the slope falls below 1.",
    fails: &["slope-above-one"],
}];

fn classifier<'a>(results: &[&'a Report]) -> Option<&'a Classifier> {
    results.iter().rev().find_map(|r| r.classifier())
}

fn mean_slope(config: &DistillationConfig, results: &[&Report]) -> Progress {
    let Some(view) = classifier(results).filter(|c| !c.pairs.is_empty()) else {
        return Progress::Waiting("the first student".into());
    };
    let n = view.pairs.len();
    let slope = view.pairs.iter().map(|p| p.slope).sum::<f64>() / n as f64;
    let measured = Measured::new(slope, format!("seed {n} of {}", config.seeds));
    Progress::judged(measured, n >= config.seeds)
}

fn least_confident_lower(config: &DistillationConfig, results: &[&Report]) -> Progress {
    if config.seeds < 3 {
        return Progress::Undecidable(format!(
            "needs at least 3 seeds (set seeds ≥ 3; now {})",
            config.seeds
        ));
    }
    let Some(view) = classifier(results).filter(|c| !c.pairs.is_empty()) else {
        return Progress::Waiting("the first student".into());
    };
    let n = view.pairs.len();
    let lower = view.pairs.iter().filter(|p| p.least_confident_gap <= -LOWER_BY).count();
    let measured = Measured::new(lower as f64 / n as f64, format!("seed {n} of {}", config.seeds))
        .shown(format!("{lower} of {n} seeds lower by ≥ {LOWER_BY}"));
    Progress::judged(measured, n >= config.seeds)
}

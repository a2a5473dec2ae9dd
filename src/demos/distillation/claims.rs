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

/// Where a view stands: its label, and whether it is the last (every seed, every student epoch).
/// The students are measured at checkpoints while they train, so a value shows before the end.
fn progress(config: &DistillationConfig, view: &Classifier) -> (String, bool) {
    let n = view.pairs.len();
    if view.student_epochs < config.student_epochs {
        (format!("students at epoch {} of {}", view.student_epochs, config.student_epochs), false)
    } else {
        (format!("seed {n} of {}", config.seeds), n >= config.seeds)
    }
}

fn mean_slope(config: &DistillationConfig, results: &[&Report]) -> Progress {
    let Some(view) = classifier(results).filter(|c| !c.pairs.is_empty()) else {
        return Progress::Waiting("the first student".into());
    };
    let n = view.pairs.len();
    let slope = view.pairs.iter().map(|p| p.slope).sum::<f64>() / n as f64;
    let (at, complete) = progress(config, view);
    Progress::judged(Measured::new(slope, at), complete)
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
    let (at, complete) = progress(config, view);
    let measured = Measured::new(lower as f64 / n as f64, at)
        .shown(format!("{lower} of {n} seeds lower by ≥ {LOWER_BY}"));
    Progress::judged(measured, complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::claims::{State, judge};
    use crate::demos::distillation::{Pair, Scatter};

    fn view(student_epochs: usize, slope: f64) -> Report {
        let pair = |seed| Pair {
            seed,
            slope,
            intercept: 0.0,
            least_confident_gap: -0.1,
            most_confident_gap: 0.0,
            teacher_fit: 0.9,
            test_accuracy: (0.9, 0.9),
        };
        Report::Classifier(Classifier {
            pairs: (0..5).map(pair).collect(),
            scatter: Scatter { seed: 0, points: vec![], flipped: vec![] },
            student_epochs,
            seconds: 1.0,
        })
    }

    #[test]
    fn a_checkpoint_shows_a_value_and_only_the_students_last_epoch_decides() {
        let config = DistillationConfig::default();
        let partial = view(config.student_epochs / 10, 1.2);
        let verdicts = judge(CLAIMS, &config, &[&partial]);
        assert!(verdicts.iter().all(|v| v.state == State::NotDecided && v.value.is_some()), "{verdicts:?}");
        assert_eq!(verdicts[0].at.as_deref(), Some("students at epoch 10 of 100"));
        let last = view(config.student_epochs, 1.2);
        let verdicts = judge(CLAIMS, &config, &[&partial, &last]);
        assert!(verdicts.iter().all(|v| v.state == State::Holds), "{verdicts:?}");
        let below = view(config.student_epochs, 0.9);
        assert_eq!(judge(CLAIMS, &config, &[&partial, &below])[0].state, State::DoesNotHold);
    }
}

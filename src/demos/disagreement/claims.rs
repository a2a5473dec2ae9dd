//! What the disagreement paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! over the whole sweep once every configuration has reached every measurement epoch.

use super::{Checkpoint, DisagreementConfig, Summary};
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};
use crate::demos::reference::Source;

/// The claims: disagreement between two runs estimates the test error (GDE), on settings whose
/// test error is neither trivial nor chance.
pub const CLAIMS: &[Claim<DisagreementConfig, Checkpoint>] = &[
    Claim {
        id: "gde-ratio",
        statement: "Two networks trained with different SGD randomness disagree on unlabelled test data about as \
            often as either errs: disagreement ÷ test error, averaged over the sweep, is close to 1. At this \
            scale it holds for pairs that differ in their data (AllDiff, DiffData); pairs that differ only in \
            their initialisation disagree far less (a known limit of tiny models).",
        section: "the generalization-disagreement equality, Table 1",
        bound: Bound::Within { center: 1.0, tolerance: 0.2 },
        evidence: "every configuration of the sweep at every measurement epoch",
        reference: Some(("AllDiff, ResNet18 on CIFAR-10: 0.348 ÷ 0.336 = 1.04", Source::Paper("Table 1"))),
        measure: gde_ratio,
    },
    Claim {
        id: "test-error-range",
        statement: "The sweep's settings are neither trivial nor chance, so the equality is tested where it says \
            something: mean test error over the sweep.",
        section: "Table 1 (the settings it reports)",
        bound: Bound::Within { center: 0.3, tolerance: 0.2 },
        evidence: "every configuration of the sweep at every measurement epoch",
        reference: Some(("AllDiff, ResNet18 on CIFAR-10: 0.336", Source::Paper("Table 1"))),
        measure: mean_test_error,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"randomness": "diffinit"}"#,
    why: "Pairs that differ only in their initialisation (same data, same order) disagree far less than \
            they err at this scale: the equality needs data randomness here.",
    fails: &["gde-ratio"],
}];

/// The checkpoints so far (owned, for [`Summary::of`]) and whether the sweep is complete.
fn sweep(config: &DisagreementConfig, results: &[&Checkpoint]) -> (Vec<Checkpoint>, bool) {
    let expected = config.widths.len() * config.train_sizes.len() * config.epochs.len();
    (results.iter().map(|c| (*c).clone()).collect(), results.len() >= expected)
}

fn at(checkpoints: &[Checkpoint], complete: bool) -> String {
    if complete { "the end of the sweep".into() } else { format!("{} checkpoints", checkpoints.len()) }
}

fn gde_ratio(config: &DisagreementConfig, results: &[&Checkpoint]) -> Progress {
    let (checkpoints, complete) = sweep(config, results);
    let Some(summary) = Summary::of(&checkpoints) else {
        return Progress::Waiting("the first checkpoint".into());
    };
    let measured = Measured::new(summary.mean_ratio, at(&checkpoints, complete)).shown(format!(
        "{:.3} ({})",
        summary.mean_ratio,
        config.randomness.label()
    ));
    Progress::judged(measured, complete)
}

fn mean_test_error(config: &DisagreementConfig, results: &[&Checkpoint]) -> Progress {
    let (checkpoints, complete) = sweep(config, results);
    let Some(summary) = Summary::of(&checkpoints) else {
        return Progress::Waiting("the first checkpoint".into());
    };
    let measured = Measured::new(summary.mean_test_error, at(&checkpoints, complete));
    Progress::judged(measured, complete)
}

//! What the SAM paper claims, as this setting tests it ([`crate::demos::claims`]): judged on the
//! last checkpoint of each method, once both have reached the last epoch.

use super::{Checkpoint, Method, SamConfig};
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};
use crate::demos::reference::Source;

/// The claims: SAM's networks carry the hard feature better than SGD's, in most seeds, while both
/// fit the training set.
pub const CLAIMS: &[Claim<SamConfig, Checkpoint>] = &[
    Claim {
        id: "hard-probe-gap",
        statement: "A linear probe on the penultimate layer reads the hard feature better from SAM's networks than \
            from SGD's (mean over seeds, SAM − SGD, in points of accuracy).",
        section: "the feature-probing experiments (DomainBed appendix)",
        bound: Bound::AtLeast(3.0),
        evidence: "at least 3 seeds of both methods at the last epoch",
        reference: Some((
            "DomainBed linear probes, SGD → SAM: OfficeHome Clipart 0.716 → 0.745 (+2.9 points), PACS Cartoon \
             0.897 → 0.921 (+2.4)",
            Source::Paper("appendix, DomainBed feature probing"),
        )),
        measure: hard_probe_gap,
    },
    Claim {
        id: "sam-wins-seeds",
        statement: "SAM's hard-feature probe is higher than SGD's in most seeds, not only on average (share of \
            seeds).",
        section: "the feature-probing experiments (DomainBed appendix)",
        bound: Bound::AtLeast(0.8),
        evidence: "at least 3 seeds of both methods at the last epoch",
        reference: None,
        measure: seeds_won,
    },
    Claim {
        id: "both-fit",
        statement: "Both methods fit the training set, so the difference lies in what the features keep, not in \
            the fit (lowest training accuracy of any network).",
        section: "the premise of the feature-probing experiments: both methods train to fit",
        bound: Bound::AtLeast(0.99),
        evidence: "every seed of both methods at the last epoch",
        reference: None,
        measure: lowest_train_accuracy,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"rho": 0}"#,
    why: "With radius ρ = 0 SAM's step is SGD's: the two methods train the same networks, so SAM gains \
            nothing on the hard feature.",
    fails: &["hard-probe-gap", "sam-wins-seeds"],
}];

/// The latest checkpoints of SGD and SAM, and whether both are at the last epoch.
fn latest<'a>(
    config: &SamConfig,
    results: &[&'a Checkpoint],
) -> Option<(&'a Checkpoint, &'a Checkpoint, bool)> {
    let last = |method| results.iter().rev().find(|c| c.method == method).copied();
    let (sgd, sam) = (last(Method::Sgd)?, last(Method::Sam)?);
    Some((sgd, sam, sgd.epoch == config.epochs && sam.epoch == config.epochs))
}

fn hard_probe_gap(config: &SamConfig, results: &[&Checkpoint]) -> Progress {
    if let Some(p) = too_few_seeds(config) {
        return p;
    }
    let Some((sgd, sam, complete)) = latest(config, results) else {
        return Progress::Waiting("a probe of both methods".into());
    };
    let gap = 100.0 * (sam.mean_hard() - sgd.mean_hard());
    Progress::judged(
        Measured::new(gap, format!("epoch {}", sam.epoch.min(sgd.epoch))).shown(format!("{gap:+.1} points")),
        complete,
    )
}

/// Fewer seeds than a mean over seeds, or a share of them, can say anything about.
fn too_few_seeds(config: &SamConfig) -> Option<Progress> {
    (config.seeds < 3).then(|| {
        Progress::Undecidable(format!("needs at least 3 seeds (set seeds ≥ 3; now {})", config.seeds))
    })
}

fn seeds_won(config: &SamConfig, results: &[&Checkpoint]) -> Progress {
    if let Some(p) = too_few_seeds(config) {
        return p;
    }
    let Some((sgd, sam, complete)) = latest(config, results) else {
        return Progress::Waiting("a probe of both methods".into());
    };
    let seeds = sam.hard_probe.len().min(sgd.hard_probe.len());
    let wins = sam.hard_probe.iter().zip(&sgd.hard_probe).filter(|(a, b)| a > b).count();
    let share = wins as f64 / seeds.max(1) as f64;
    let at = format!("epoch {}", sam.epoch.min(sgd.epoch));
    Progress::judged(Measured::new(share, at).shown(format!("{wins} of {seeds} seeds")), complete)
}

fn lowest_train_accuracy(config: &SamConfig, results: &[&Checkpoint]) -> Progress {
    let Some((sgd, sam, complete)) = latest(config, results) else {
        return Progress::Waiting("a checkpoint of both methods".into());
    };
    let lowest = sgd.train_accuracy.iter().chain(&sam.train_accuracy).copied().fold(f64::INFINITY, f64::min);
    let at = format!("epoch {}", sam.epoch.min(sgd.epoch));
    Progress::judged(Measured::new(lowest, at).shown(format!("{lowest:.5}")), complete)
}

//! What the memorisation paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! on the label-trained networks of every width, once all of them are measured. Both halves of the
//! paper's headline: mislabeled examples are memorised more and more as networks grow, while most
//! memorised clean examples are memorised less (decreasing or cap-shaped trajectories).

use super::{
    Examples, Measured, MemorisationConfig, Report, Trajectories, Trajectory, WidthSummary, summaries,
};
use crate::demos::claims::{Bound, Claim, Measured as Value, NegativeControl, Progress};
use crate::demos::reference::Source;

/// The calibration log (`bench/memorisation-calibration.py`), with the null rate: one width trained
/// six times from other initial weights, read as six widths.
pub const CALIBRATION_LOG: &str = "bench/results-memorisation-calibration-2026-12-03.jsonl";

/// The claims.
pub const CLAIMS: &[Claim<MemorisationConfig, Report>] = &[
    Claim {
        id: "flipped-wide",
        statement: "The widest networks memorise the examples whose labels were flipped: their mean memorisation \
            score at the largest width.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtLeast(0.8),
        evidence: "every width, with flipped labels",
        reference: None,
        measure: flipped_wide,
    },
    Claim {
        id: "flipped-increasing",
        statement: "Mislabeled examples are memorised more and more as networks grow: the share of increasing \
            trajectories among the flipped examples that some width memorises (most of them: with few flipped labels \
            a single example moves the share a lot).",
        section: "§4, Fig. 1–3",
        bound: Bound::Above(0.5),
        evidence: "every width, with flipped labels",
        reference: None,
        measure: flipped_increasing,
    },
    Claim {
        id: "clean-falls",
        statement: "Most correctly labelled examples that some width memorises are memorised less by larger \
            networks: the share of decreasing or cap-shaped trajectories among them.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtLeast(0.45),
        evidence: "every width",
        reference: Some((
            "noise alone (width 64 trained six times from other initial weights on the same halves, read as six \
                widths): 0.0 of the 48 memorised clean examples decreasing or cap-shaped",
            Source::Log(CALIBRATION_LOG),
        )),
        measure: clean_falls,
    },
    Claim {
        id: "clean-falls-over-rises",
        statement: "Among the memorised correctly labelled examples, those memorised less by larger networks \
            outnumber those memorised more: decreasing or cap-shaped trajectories per increasing one.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtLeast(2.0),
        evidence: "every width",
        reference: None,
        measure: clean_falls_over_rises,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"flip_fraction": 0.1, "distillation": "off", "widths": [4, 16, 64], "models": 64, "epochs": 200}"#,
    why: "With 10 % of the labels flipped the wider networks fit the noise and memorise the clean examples \
            more too: the clean examples' decrease disappears.",
    fails: &["clean-falls", "clean-falls-over-rises"],
}];

/// The examples, the label-trained measurements so far and their per-width summaries, and
/// whether every width is measured.
fn sweep<'a>(
    config: &MemorisationConfig,
    results: &[&'a Report],
) -> Option<(&'a Examples, Vec<Measured>, Vec<WidthSummary>, bool)> {
    let examples = results.iter().rev().find_map(|r| r.examples())?;
    let measured: Vec<Measured> = results.iter().filter_map(|r| r.measured()).cloned().collect();
    let labels = summaries(examples, &measured, false);
    let complete = labels.len() >= config.widths.len();
    Some((examples, measured, labels, complete))
}

fn needs_flips(config: &MemorisationConfig) -> Option<Progress> {
    (config.flip_fraction <= 0.0)
        .then(|| Progress::Undecidable("needs flipped labels (set flipped > 0)".into()))
}

fn flipped_wide(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs_flips(config) {
        return p;
    }
    match sweep(config, results) {
        Some((_, _, labels, complete)) if !labels.is_empty() => {
            let widest = labels.iter().max_by_key(|s| s.width).expect("not empty");
            Progress::judged(Value::new(widest.flipped, format!("width {}", widest.width)), complete)
        }
        _ => Progress::Waiting("the first width".into()),
    }
}

/// Among the memorised examples that `keep` selects: how many, and the counts of each trajectory
/// class (in [`Trajectory::ALL`]'s order); with where the sweep is and whether it is complete. A
/// `Waiting` progress before two widths are measured.
fn classes(
    config: &MemorisationConfig,
    results: &[&Report],
    keep: impl Fn(&Examples, usize) -> bool,
) -> Result<(usize, [usize; 4], String, bool), Progress> {
    let Some((examples, measured, labels, complete)) = sweep(config, results) else {
        return Err(Progress::Waiting("the first width".into()));
    };
    if labels.len() < 2 {
        return Err(Progress::Waiting("two widths".into()));
    }
    let trajectories = Trajectories::of(examples, &measured);
    let memorised: Vec<usize> =
        trajectories.memorised(examples).into_iter().filter(|&i| keep(examples, i)).collect();
    let at = format!("width {} of {}", labels.len(), config.widths.len());
    Ok((memorised.len(), trajectories.counts(&memorised), at, complete))
}

fn count(counts: &[usize; 4], t: Trajectory) -> usize {
    counts[Trajectory::ALL.iter().position(|&c| c == t).expect("a class")]
}

fn flipped_increasing(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs_flips(config) {
        return p;
    }
    let (memorised, counts, at, complete) = match classes(config, results, |e, i| e.flipped(i)) {
        Ok(c) => c,
        Err(p) => return p,
    };
    if memorised == 0 {
        return if complete {
            Progress::Undecidable("no flipped example is memorised at any width".into())
        } else {
            Progress::Waiting("a width that memorises a flipped example".into())
        };
    }
    let increasing = count(&counts, Trajectory::Increasing);
    let share = increasing as f64 / memorised as f64;
    let shown = format!("{share:.2} ({increasing} of {memorised} memorised flipped examples)");
    Progress::judged(Value::new(share, at).shown(shown), complete)
}

/// The memorised clean examples: how many, how many fall (decreasing or cap-shaped) and how many
/// rise (increasing), where the sweep is and whether it is complete.
fn clean(
    config: &MemorisationConfig,
    results: &[&Report],
) -> Result<(usize, usize, usize, String, bool), Progress> {
    let (memorised, counts, at, complete) = classes(config, results, |e, i| !e.flipped(i))?;
    let falling = count(&counts, Trajectory::Decreasing) + count(&counts, Trajectory::Cap);
    Ok((memorised, falling, count(&counts, Trajectory::Increasing), at, complete))
}

fn clean_falls(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    let (memorised, falling, _, at, complete) = match clean(config, results) {
        Ok(c) => c,
        Err(p) => return p,
    };
    let share = falling as f64 / memorised.max(1) as f64;
    let shown = format!("{share:.2} ({falling} of {memorised} memorised clean examples)");
    Progress::judged(Value::new(share, at).shown(shown), complete)
}

fn clean_falls_over_rises(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    let (_, falling, rising, at, complete) = match clean(config, results) {
        Ok(c) => c,
        Err(p) => return p,
    };
    // With no increasing example the ratio is the falling count itself (a lower bound of it).
    let ratio = falling as f64 / rising.max(1) as f64;
    let shown = format!("{ratio:.1} ({falling} decreasing or cap-shaped, {rising} increasing)");
    Progress::judged(Value::new(ratio, at).shown(shown), complete)
}

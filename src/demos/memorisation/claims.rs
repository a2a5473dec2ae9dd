//! What the memorisation paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! on the label-trained networks of every width, once all of them are measured.

use super::{Examples, Measured, MemorisationConfig, Report, Trajectories, WidthSummary, summaries};
use crate::demos::claims::{Bound, Claim, Measured as Value, Progress};

/// The claims: mislabeled examples are memorised more and more as networks grow, while clean
/// examples stay little memorised and most memorised examples are the increasing kind.
pub const CLAIMS: &[Claim<MemorisationConfig, Report>] = &[
    Claim {
        id: "flipped-narrow",
        statement: "The narrowest networks do not memorise the examples whose labels were flipped: their mean \
            memorisation score at the smallest width.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtMost(0.2),
        evidence: "every network of the smallest width, with flipped labels",
        reference: None,
        measure: flipped_narrow,
    },
    Claim {
        id: "flipped-wide",
        statement: "The widest networks memorise the flipped examples: their mean memorisation score at the \
            largest width.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtLeast(0.8),
        evidence: "every width, with flipped labels",
        reference: None,
        measure: flipped_wide,
    },
    Claim {
        id: "clean-low",
        statement: "Correctly labelled examples stay little memorised at every width: the largest mean score of \
            the clean examples over the widths.",
        section: "§4, Fig. 1–3",
        bound: Bound::AtMost(0.15),
        evidence: "every width",
        reference: None,
        measure: clean_highest,
    },
    Claim {
        id: "increasing-share",
        statement: "With flipped labels, most examples that some width memorises are memorised more and more as \
            width grows (share of increasing trajectories among them).",
        section: "§4, Fig. 1–3",
        bound: Bound::AtLeast(0.5),
        evidence: "every width, with flipped labels",
        reference: None,
        measure: increasing_share,
    },
];

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

fn flipped_narrow(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs_flips(config) {
        return p;
    }
    let smallest = config.widths.iter().copied().min().unwrap_or(0);
    match sweep(config, results)
        .and_then(|(_, _, labels, _)| labels.into_iter().find(|s| s.width == smallest))
    {
        Some(s) => Progress::Final(Value::new(s.flipped, format!("width {}", s.width))),
        None => Progress::Waiting(format!("the networks of width {smallest}")),
    }
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

fn clean_highest(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    match sweep(config, results) {
        Some((_, _, labels, complete)) if !labels.is_empty() => {
            let top = labels.iter().max_by(|a, b| a.clean.total_cmp(&b.clean)).expect("not empty");
            let at = format!("width {} of {}", labels.len(), config.widths.len());
            Progress::judged(
                Value::new(top.clean, at).shown(format!("{:.3} (width {})", top.clean, top.width)),
                complete,
            )
        }
        _ => Progress::Waiting("the first width".into()),
    }
}

fn increasing_share(config: &MemorisationConfig, results: &[&Report]) -> Progress {
    if let Some(p) = needs_flips(config) {
        return p;
    }
    let Some((examples, measured, labels, complete)) = sweep(config, results) else {
        return Progress::Waiting("the first width".into());
    };
    if labels.len() < 2 {
        return Progress::Waiting("two widths".into());
    }
    let trajectories = Trajectories::of(examples, &measured);
    let memorised = trajectories.memorised(examples);
    let counts = trajectories.counts(&memorised);
    let share = counts[0] as f64 / memorised.len().max(1) as f64;
    let at = format!("width {} of {}", labels.len(), config.widths.len());
    let shown = format!("{:.2} ({} of {} memorised examples)", share, counts[0], memorised.len());
    Progress::judged(Value::new(share, at).shown(shown), complete)
}

//! What the ResMem paper claims, as this setting tests it ([`crate::demos::claims`]): judged on
//! the digits sweep (each width at each training length, at the configured k and σ).

use super::{Measurement, Report, ResMemConfig};
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};

/// The claims: the residual memory helps a base that cannot fit its training set, and changes
/// little once the base interpolates.
pub const CLAIMS: &[Claim<ResMemConfig, Report>] = &[
    Claim {
        id: "gain-without-fit",
        statement: "Adding a k-nearest-neighbour model of the training residuals raises the test accuracy of a \
            base that cannot fit its training set: the smallest gain over the widths, each at its shortest \
            training (points).",
        section: "the image-classification experiments",
        bound: Bound::AtLeast(2.0),
        evidence: "every width at its shortest training length",
        reference: None,
        measure: gain_without_fit,
    },
    Claim {
        id: "no-gain-at-interpolation",
        statement: "Once the base interpolates its training set (training accuracy 1 in every seed), the residuals \
            are zero and ResMem changes little: the largest |gain| of such configurations (points).",
        section: "the method: an interpolating model's residuals are zero",
        bound: Bound::AtMost(0.5),
        evidence: "the whole sweep, with at least one configuration that interpolates",
        reference: None,
        measure: gain_at_interpolation,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"widths": [256], "epochs": [100], "learning_rate": 0.05}"#,
    why: "A base network wide and long-trained enough to interpolate its training set (training accuracy \
            1) leaves no residuals for the memory to correct.",
    fails: &["gain-without-fit"],
}];

fn measurements<'a>(results: &[&'a Report]) -> Vec<&'a Measurement> {
    results
        .iter()
        .filter_map(|r| match r {
            Report::Measurement(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn gain_without_fit(config: &ResMemConfig, results: &[&Report]) -> Progress {
    let Some(&shortest) = config.epochs.iter().min() else {
        return Progress::Undecidable("needs at least one training length".into());
    };
    let done: Vec<&Measurement> =
        measurements(results).into_iter().filter(|m| m.epochs == shortest).collect();
    let Some(worst) = done.iter().min_by(|a, b| a.mean_gain().total_cmp(&b.mean_gain())) else {
        return Progress::Waiting(format!("a width trained for {shortest} epochs"));
    };
    let gain = 100.0 * worst.mean_gain();
    let measured =
        Measured::new(gain, format!("width {} of {}", done.len(), config.widths.len())).shown(format!(
            "{gain:+.1} points (width {}, {} epochs, base training accuracy {:.3})",
            worst.width,
            worst.epochs,
            worst.mean_base_train()
        ));
    Progress::judged(measured, done.len() >= config.widths.len())
}

fn gain_at_interpolation(config: &ResMemConfig, results: &[&Report]) -> Progress {
    let all = measurements(results);
    let complete = all.len() >= config.widths.len() * config.epochs.len();
    let fitted: Vec<&&Measurement> = all.iter().filter(|m| m.base_train.iter().all(|&a| a >= 1.0)).collect();
    let Some(largest) = fitted.iter().max_by(|a, b| a.mean_gain().abs().total_cmp(&b.mean_gain().abs()))
    else {
        return if complete {
            Progress::Undecidable(
                "no configuration interpolated its training set: train longer or wider".into(),
            )
        } else {
            Progress::Waiting("a base that interpolates its training set".into())
        };
    };
    let gain = 100.0 * largest.mean_gain().abs();
    let measured = Measured::new(
        gain,
        format!("configuration {} of {}", all.len(), config.widths.len() * config.epochs.len()),
    )
    .shown(format!("{gain:.2} points (width {}, {} epochs)", largest.width, largest.epochs));
    Progress::judged(measured, complete)
}

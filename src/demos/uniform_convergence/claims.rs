//! What the uniform-convergence paper claims, as this setting tests it
//! ([`crate::demos::claims`]): judged on the measurements of every training-set size m.

use super::{Report, UniformConvergenceConfig};
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};
use crate::demos::reference::Source;

const NUMPY_LOG: &str = "bench/reference/uniform_convergence_numpy.log";

/// The claims: the network generalises better as m grows, while the training set moved onto the
/// other sphere with its labels flipped (S′) is misclassified: a uniform-convergence bound over
/// what SGD outputs would be at least that error, so vacuous.
pub const CLAIMS: &[Claim<UniformConvergenceConfig, Report>] = &[
    Claim {
        id: "test-error-falls",
        statement: "The test error falls as the training set grows (points from the smallest to the largest m).",
        section: "§3, Fig. 1",
        bound: Bound::AtLeast(15.0),
        evidence: "the smallest and the largest m trained to their margins",
        reference: Some((
            "d = 100, width 1,000: 0.443 → 0.185 (25.8 points), m = 256 → 2,048",
            Source::NumPy(NUMPY_LOG),
        )),
        measure: test_error_fall,
    },
    Claim {
        id: "s-prime-error",
        statement: "The training set projected onto the other sphere with flipped labels (S′, distributed like \
            fresh data) is misclassified almost entirely, at every m: lowest S′ error over the sweep.",
        section: "§3, Fig. 1",
        bound: Bound::AtLeast(0.9),
        evidence: "every m of the sweep trained to its margins",
        reference: Some(("S′ error ≈ 1 (d = 1,000, width 100,000)", Source::Paper("§3, Fig. 1"))),
        measure: lowest_projected_error,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"dim": 5, "train_sizes": [256, 2048]}"#,
    why: "In 5 dimensions 256 points already cover the spheres: the network learns the true boundary, \
            classifies S′ (the other sphere, whose true labels are the flipped ones) right, and the test \
            error has nothing left to fall.",
    fails: &["test-error-falls", "s-prime-error"],
}];

fn measurements<'a>(results: &[&'a Report]) -> Vec<&'a super::Measurement> {
    results
        .iter()
        .filter_map(|r| match r {
            Report::Measurement(m) => Some(m),
            Report::Slice(_) => None,
        })
        .collect()
}

fn test_error_fall(config: &UniformConvergenceConfig, results: &[&Report]) -> Progress {
    if config.train_sizes.len() < 2 {
        return Progress::Undecidable("needs at least two training-set sizes m".into());
    }
    let done = measurements(results);
    let (Some(first), Some(last)) = (done.first(), done.last()) else {
        return Progress::Waiting("the smallest m".into());
    };
    let fall = 100.0 * (first.test_error - last.test_error);
    let measured = Measured::new(fall, format!("m = {}", last.train_size))
        .shown(format!("{fall:.1} points ({:.3} → {:.3})", first.test_error, last.test_error));
    Progress::judged(measured, done.len() >= config.train_sizes.len())
}

fn lowest_projected_error(config: &UniformConvergenceConfig, results: &[&Report]) -> Progress {
    let done = measurements(results);
    let Some(lowest) = done.iter().min_by(|a, b| a.projected_error.total_cmp(&b.projected_error)) else {
        return Progress::Waiting("the smallest m".into());
    };
    let measured =
        Measured::new(lowest.projected_error, format!("m = {}", done.last().map_or(0, |m| m.train_size)))
            .shown(format!("{:.3} (lowest, at m = {})", lowest.projected_error, lowest.train_size));
    Progress::judged(measured, done.len() >= config.train_sizes.len())
}

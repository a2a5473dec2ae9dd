//! What the sweep shows, in a few numbers: how well disagreement tracks test error (GDE), and
//! how calibrated the ensembles are (Theorem 4.2's bound).

use super::results::Checkpoint;
use crate::metrics::{Calibration, mean};
use serde::{Deserialize, Serialize};

/// Numbers over all checkpoints of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Checkpoints (configuration × measurement epoch) summarised.
    pub checkpoints: usize,
    /// Mean test error of all models at all checkpoints.
    pub mean_test_error: f64,
    /// Mean pairwise disagreement.
    pub mean_disagreement: f64,
    /// Mean over checkpoints of (mean disagreement / mean test error): 1 when GDE holds.
    pub mean_ratio: f64,
    /// The ensembles' calibration counts, pooled over checkpoints.
    pub calibration: Calibration,
}

impl Summary {
    /// Summarises checkpoints (all from one sweep, so with the same number of models).
    /// `None` when there are none.
    pub fn of(checkpoints: &[Checkpoint]) -> Option<Self> {
        let first = checkpoints.first()?;
        let mut calibration = first.calibration.clone();
        for c in &checkpoints[1..] {
            calibration.pool(&c.calibration);
        }
        let ratios: Vec<f64> =
            checkpoints.iter().map(|c| c.mean_disagreement() / c.mean_test_error().max(1e-9)).collect();
        Some(Self {
            checkpoints: checkpoints.len(),
            mean_test_error: mean(&checkpoints.iter().map(Checkpoint::mean_test_error).collect::<Vec<_>>()),
            mean_disagreement: mean(
                &checkpoints.iter().map(Checkpoint::mean_disagreement).collect::<Vec<_>>(),
            ),
            mean_ratio: mean(&ratios),
            calibration,
        })
    }

    /// CACE of the pooled ensembles.
    pub fn cace(&self) -> f64 {
        self.calibration.cace()
    }

    /// `|E[Dis] − E[TestErr]|` for the pooled ensembles: Theorem 4.2 bounds it by [`Self::cace`].
    pub fn gap(&self) -> f64 {
        (self.calibration.expected_disagreement() - self.calibration.expected_error()).abs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::disagreement::Pair;

    fn checkpoint(errors: [f64; 2], dis: f64) -> Checkpoint {
        Checkpoint {
            job: 0,
            width: 8,
            train_size: 10,
            epoch: 1,
            test_errors: errors.to_vec(),
            train_errors: vec![0.0, 0.0],
            pairs: vec![Pair { a: 0, b: 1, disagreement: dis, test_error: (errors[0] + errors[1]) / 2.0 }],
            calibration: Calibration::of_ensemble(&[vec![0, 1], vec![0, 0]], &[0, 1], 2),
        }
    }

    #[test]
    fn ratio_is_averaged_over_checkpoints() {
        let s = Summary::of(&[checkpoint([0.2, 0.2], 0.2), checkpoint([0.1, 0.3], 0.1)]).unwrap();
        assert_eq!(s.checkpoints, 2);
        assert!((s.mean_test_error - 0.2).abs() < 1e-12);
        assert!((s.mean_disagreement - 0.15).abs() < 1e-12);
        assert!((s.mean_ratio - 0.75).abs() < 1e-12);
        assert_eq!(s.calibration.examples, 4);
        assert!(s.gap() <= s.cace() + 1e-12);
        assert!(Summary::of(&[]).is_none());
    }
}

//! What a uniform-convergence run reports: each m's network measured once it has trained, and
//! slices of the trained networks' decision surfaces, which the page may ask for again through
//! other training points.

use serde::{Deserialize, Serialize};

/// Cells per side of a drawn slice.
pub const GRID: usize = 64;

/// One m's trained network, measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Training-set size m.
    pub train_size: usize,
    /// Epochs trained.
    pub epochs: usize,
    /// Whether training stopped because the margins were reached (else at the epoch limit).
    pub reached: bool,
    /// Share of training points with at least the target margin.
    pub margin_share: f64,
    /// Median training margin (true logit minus the other).
    pub median_margin: f64,
    /// Error on the training set S.
    pub train_error: f64,
    /// Error on fresh test points.
    pub test_error: f64,
    /// Error on S′: S moved onto the other sphere with flipped labels. A lower bound on any
    /// two-sided uniform-convergence bound over the networks SGD outputs (the paper's §3.1).
    pub projected_error: f64,
    /// ‖W₁ − W₁⁰‖_F: distance of the hidden layer's weights from their initialisation.
    pub distance_hidden: f64,
    /// ‖W₂ − W₂⁰‖_F: the same for the output layer.
    pub distance_output: f64,
    /// ‖W₁‖_F · ‖W₂‖_F at the end, a norm-based capacity measure.
    pub norm_product: f64,
    /// Seconds this m took to train and measure.
    pub seconds: f64,
}

/// The decision surfaces of the trained networks (those of one worker, when the run is split)
/// on one plane through the origin, a training
/// point x (so also its projection x′, on the same ray) and a second training point z.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    /// Index of x in the training stream (every m's set holds it).
    pub point: usize,
    /// Index of z in the training stream.
    pub other: usize,
    /// Cells per side.
    pub grid: usize,
    /// The slice covers [−view, view]² in the plane's own coordinates (x̂ horizontal).
    pub view: f32,
    /// Radii of the two spheres (circles in the plane).
    pub radii: [f32; 2],
    /// x, x′ and z in the plane: coordinates and label (x′ with its flipped label).
    pub points: Vec<(f32, f32, u8)>,
    /// One surface per trained network, in task order.
    pub surfaces: Vec<SliceSurface>,
}

/// One network's decision surface on a slice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SliceSurface {
    /// Training-set size m of the network.
    pub train_size: usize,
    /// Probability of class 1 (softmax of the two logits) at each cell centre, rows from the top,
    /// each from the left: `[grid · grid]`.
    pub values: Vec<f32>,
    /// The network's class for x, x′ and z.
    pub predicted: Vec<u8>,
}

/// What a run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    /// One m, measured after training.
    Measurement(Measurement),
    /// Slices of the networks trained so far (after each m, and when the page asks).
    Slice(Slice),
}

/// The training point a slice is drawn through, for a requested `point`: below the smallest m
/// rounded down to even, so that it and its neighbour of the other class, `point ^ 1` (labels
/// alternate), are in every network's training set.
pub fn slice_points(point: usize, smallest: usize) -> (usize, usize) {
    let limit = (smallest - smallest % 2).max(2);
    let point = point.min(limit - 1);
    (point, point ^ 1)
}

impl Slice {
    /// Training-set sizes of the networks drawn.
    pub fn sizes(&self) -> Vec<usize> {
        self.surfaces.iter().map(|s| s.train_size).collect()
    }
}

impl Report {
    /// The measurement, if this is one.
    pub fn measurement(&self) -> Option<&Measurement> {
        match self {
            Report::Measurement(m) => Some(m),
            Report::Slice(_) => None,
        }
    }

    /// The slice, if this is one.
    pub fn slice(&self) -> Option<&Slice> {
        match self {
            Report::Slice(s) => Some(s),
            Report::Measurement(_) => None,
        }
    }
}

/// Coordinates of cell centres along one side: `grid` values from −view to view.
pub fn cell_centres(grid: usize, view: f32) -> Vec<f32> {
    (0..grid).map(|i| -view + (i as f32 + 0.5) * 2.0 * view / grid as f32).collect()
}

/// Whether every neighbouring pair of `values` (in order of m) falls or rises by at most `slack`:
/// the test error "never rises by more than 2 points" reads `rises_at_most(errors, 0.02)`.
pub fn rises_at_most(values: &[f64], slack: f64) -> bool {
    values.windows(2).all(|w| w[1] <= w[0] + slack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_centred_and_symmetric() {
        let c = cell_centres(4, 2.0);
        assert_eq!(c, vec![-1.5, -0.5, 0.5, 1.5]);
    }

    #[test]
    fn rises_at_most_reads_neighbours() {
        assert!(rises_at_most(&[0.4, 0.3, 0.31, 0.2], 0.02));
        assert!(!rises_at_most(&[0.4, 0.3, 0.33], 0.02));
        assert!(rises_at_most(&[0.4], 0.0));
    }

    #[test]
    fn slice_points_stay_in_every_set_with_a_neighbour_of_the_other_class() {
        assert_eq!(slice_points(0, 256), (0, 1));
        assert_eq!(slice_points(7, 256), (7, 6));
        assert_eq!(slice_points(1000, 256), (255, 254));
        assert_eq!(slice_points(1000, 9), (7, 6), "an odd smallest m: 8 and 9 are not both in");
    }

    #[test]
    fn reports_are_tagged() {
        let slice = Report::Slice(Slice {
            point: 0,
            other: 1,
            grid: 1,
            view: 1.0,
            radii: [1.0, 1.2],
            points: vec![],
            surfaces: vec![],
        });
        let json = serde_json::to_value(&slice).unwrap();
        assert_eq!(json["kind"], "slice");
        assert_eq!(serde_json::from_value::<Report>(json).unwrap(), slice);
        assert!(slice.measurement().is_none() && slice.slice().is_some());
    }
}

/// A question to a uniform-convergence run: every trained network's decision surface on the
/// plane through training point `point`, its projection and another training point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UniformConvergenceQuery {
    /// Index of the training point (in every m's set: below the smallest m).
    pub point: usize,
}

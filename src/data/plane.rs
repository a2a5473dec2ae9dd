//! Two-class datasets in the plane, in the spirit of TensorFlow Playground: two spirals, a
//! checkerboard and two circles. Points lie in [−1, 1]²; a seeded fraction of labels is flipped
//! (label noise), so that some points can only be fitted by memorising them.

use super::Labelled;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::f32::consts::PI;

/// Which picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Plane {
    /// Two interleaved spirals, 1.5 turns each, with a little positional jitter.
    #[default]
    Spirals,
    /// A 4×4 checkerboard.
    Checkerboard,
    /// A disc (class 1) inside a ring (class 0).
    Circles,
}

/// Half-width of the square the points lie in.
pub const EXTENT: f32 = 1.0;

/// `n` points of `plane` (classes alternate, so they are balanced), with a fraction
/// `label_noise` of them (exactly `round(n · label_noise)`, chosen at random) given the other
/// class. The same seed gives the same set.
pub fn generate(plane: Plane, n: usize, label_noise: f64, seed: u64) -> Labelled {
    let mut rng = Rng::for_component(seed, "plane-points", 0);
    let mut inputs = Vec::with_capacity(2 * n);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let class = (i % 2) as u8;
        let (x, y) = match plane {
            Plane::Spirals => spiral_point(&mut rng, class),
            Plane::Checkerboard => checkerboard_point(&mut rng, class),
            Plane::Circles => circles_point(&mut rng, class),
        };
        inputs.push(x.clamp(-EXTENT, EXTENT));
        inputs.push(y.clamp(-EXTENT, EXTENT));
        labels.push(class);
    }
    let flips = ((n as f64) * label_noise.clamp(0.0, 1.0)).round() as usize;
    let mut order = Rng::for_component(seed, "plane-noise", 0).permutation(n);
    order.truncate(flips);
    for i in order {
        labels[i] = 1 - labels[i];
    }
    Labelled { inputs, labels, dim: 2, classes: 2 }
}

fn spiral_point(rng: &mut Rng, class: u8) -> (f32, f32) {
    // Radius grows linearly with the angle; the second spiral is the first turned by π.
    let t = rng.next_f32().sqrt(); // denser towards the outside, as the arc is longer there
    let angle = t * 3.0 * PI + f32::from(class) * PI;
    let radius = 0.1 + 0.85 * t;
    let jitter = 0.03;
    (radius * angle.cos() + rng.uniform(-jitter, jitter), radius * angle.sin() + rng.uniform(-jitter, jitter))
}

fn checkerboard_point(rng: &mut Rng, class: u8) -> (f32, f32) {
    // Rejection: draw until the cell's colour is the class.
    loop {
        let (x, y) = (rng.uniform(-EXTENT, EXTENT), rng.uniform(-EXTENT, EXTENT));
        if checkerboard_class(x, y) == class {
            return (x, y);
        }
    }
}

/// The checkerboard's class at `(x, y)`: 4×4 cells over [−1, 1]².
pub fn checkerboard_class(x: f32, y: f32) -> u8 {
    let cell = |v: f32| ((v + EXTENT) / (2.0 * EXTENT) * 4.0).floor().clamp(0.0, 3.0) as i32;
    ((cell(x) + cell(y)) % 2) as u8
}

fn circles_point(rng: &mut Rng, class: u8) -> (f32, f32) {
    // Class 1: the disc of radius 0.5; class 0: the ring 0.6..0.95.
    let (lo, hi) = if class == 1 { (0.0f32, 0.5f32) } else { (0.6, 0.95) };
    let radius = (rng.uniform(lo * lo, hi * hi)).sqrt(); // uniform over the area
    let angle = rng.uniform(0.0, 2.0 * PI);
    (radius * angle.cos(), radius * angle.sin())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Plane; 3] = [Plane::Spirals, Plane::Checkerboard, Plane::Circles];

    #[test]
    fn points_are_in_the_square_balanced_and_seeded() {
        for plane in ALL {
            let a = generate(plane, 200, 0.0, 3);
            assert_eq!((a.len(), a.dim, a.classes), (200, 2, 2));
            assert!(a.inputs.iter().all(|v| (-EXTENT..=EXTENT).contains(v)));
            assert_eq!(a.labels.iter().filter(|&&y| y == 1).count(), 100);
            assert_eq!(a, generate(plane, 200, 0.0, 3));
            assert_ne!(a.inputs, generate(plane, 200, 0.0, 4).inputs);
        }
    }

    #[test]
    fn clean_points_follow_their_picture() {
        let board = generate(Plane::Checkerboard, 300, 0.0, 1);
        for i in 0..board.len() {
            let p = board.row(i);
            assert_eq!(checkerboard_class(p[0], p[1]), board.labels[i]);
        }
        let circles = generate(Plane::Circles, 300, 0.0, 1);
        for i in 0..circles.len() {
            let p = circles.row(i);
            let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert_eq!(u8::from(r < 0.55), circles.labels[i]);
        }
        // One spiral is the other turned by π: both cover the same radii.
        let spirals = generate(Plane::Spirals, 400, 0.0, 1);
        let mean_radius = |class: u8| {
            let (sum, count) = (0..spirals.len())
                .filter(|&i| spirals.labels[i] == class)
                .map(|i| spirals.row(i))
                .fold((0.0, 0), |(s, c), p| (s + (p[0] * p[0] + p[1] * p[1]).sqrt(), c + 1));
            sum / count as f32
        };
        assert!((mean_radius(0) - mean_radius(1)).abs() < 0.1, "same radii, opposite angles");
    }

    #[test]
    fn label_noise_flips_exactly_that_fraction() {
        for plane in ALL {
            let clean = generate(plane, 300, 0.0, 7);
            let noisy = generate(plane, 300, 0.1, 7);
            assert_eq!(clean.inputs, noisy.inputs, "noise changes labels only");
            let flipped = clean.labels.iter().zip(&noisy.labels).filter(|(a, b)| a != b).count();
            assert_eq!(flipped, 30);
        }
    }
}

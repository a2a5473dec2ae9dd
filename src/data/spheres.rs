//! Two concentric hyperspheres (Nagarajan & Kolter, NeurIPS 2019, §3): class 0 uniform on the
//! sphere of radius r₀, class 1 on the sphere of radius r₁, in d dimensions. Every point is drawn
//! from its own seeded stream, so the first `m` points of a set are the same whatever its size.

use crate::data::Labelled;
use crate::rng::Rng;

/// The two spheres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spheres {
    /// Dimension d of the space.
    pub dim: usize,
    /// Radius of each class's sphere: `[r₀, r₁]`.
    pub radii: [f32; 2],
}

impl Spheres {
    /// `n` points of stream `stream` (e.g. "train", "test") under `seed`: point `i` has label
    /// `i mod 2` (so any even prefix is balanced) and a direction uniform on the unit sphere (a
    /// normalised Gaussian vector).
    pub fn sample(&self, seed: u64, stream: &str, n: usize) -> Labelled {
        let mut inputs = Vec::with_capacity(n * self.dim);
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let label = (i % 2) as u8;
            let mut rng = Rng::for_component(seed, stream, i as u64);
            let direction = gaussian_vector(&mut rng, self.dim);
            let norm = direction.iter().map(|v| v * v).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
            let scale = self.radii[usize::from(label)] / norm;
            inputs.extend(direction.iter().map(|v| v * scale));
            labels.push(label);
        }
        Labelled { inputs, labels, dim: self.dim, classes: 2 }
    }

    /// S′: each point moved along its own ray onto the *other* sphere, its label flipped. For a
    /// training set S, S′ is distributed exactly like fresh data, yet a network trained on S
    /// never saw it.
    pub fn project(&self, set: &Labelled) -> Labelled {
        let mut inputs = Vec::with_capacity(set.inputs.len());
        let mut labels = Vec::with_capacity(set.len());
        for (i, &label) in set.labels.iter().enumerate() {
            let own = usize::from(label);
            let scale = self.radii[1 - own] / self.radii[own];
            inputs.extend(set.row(i).iter().map(|v| v * scale));
            labels.push(1 - label);
        }
        Labelled { inputs, labels, dim: set.dim, classes: 2 }
    }
}

/// `n` independent standard normal values (Box–Muller).
fn gaussian_vector(rng: &mut Rng, n: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(n + 1);
    while out.len() < n {
        // 1 − u is in (0, 1]: the logarithm is finite.
        let (u, v) = (1.0 - rng.next_f32(), rng.next_f32());
        let radius = (-2.0 * u.ln()).sqrt();
        let angle = std::f32::consts::TAU * v;
        out.push(radius * angle.cos());
        out.push(radius * angle.sin());
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPHERES: Spheres = Spheres { dim: 50, radii: [1.0, 1.2] };

    #[test]
    fn points_lie_on_their_class_sphere_and_prefixes_agree() {
        let set = SPHERES.sample(3, "train", 200);
        assert_eq!((set.len(), set.dim, set.classes), (200, 50, 2));
        assert_eq!(set.labels.iter().filter(|&&y| y == 1).count(), 100);
        for i in 0..set.len() {
            let norm = set.row(i).iter().map(|v| v * v).sum::<f32>().sqrt();
            assert!((norm - SPHERES.radii[usize::from(set.labels[i])]).abs() < 1e-5, "{i}: {norm}");
        }
        let prefix = SPHERES.sample(3, "train", 20);
        assert_eq!(prefix.inputs[..], set.inputs[..20 * 50]);
        assert_ne!(SPHERES.sample(3, "test", 20).inputs, prefix.inputs);
        assert_ne!(SPHERES.sample(4, "train", 20).inputs, prefix.inputs);
    }

    #[test]
    fn directions_are_spread_evenly() {
        // Uniform directions: each coordinate has mean 0 and variance 1/d.
        let set = Spheres { dim: 10, radii: [1.0, 1.0] }.sample(0, "train", 4000);
        for j in 0..10 {
            let column: Vec<f32> = (0..4000).map(|i| set.row(i)[j]).collect();
            let mean = column.iter().sum::<f32>() / 4000.0;
            let variance = column.iter().map(|v| v * v).sum::<f32>() / 4000.0;
            assert!(mean.abs() < 0.02, "coordinate {j}: mean {mean}");
            assert!((variance - 0.1).abs() < 0.01, "coordinate {j}: variance {variance}");
        }
    }

    #[test]
    fn projection_swaps_spheres_and_labels() {
        let set = SPHERES.sample(1, "train", 10);
        let projected = SPHERES.project(&set);
        for i in 0..10 {
            let norm = projected.row(i).iter().map(|v| v * v).sum::<f32>().sqrt();
            assert_eq!(projected.labels[i], 1 - set.labels[i]);
            assert!((norm - SPHERES.radii[usize::from(projected.labels[i])]).abs() < 1e-5);
            // Same ray: the cosine is 1.
            let dot: f32 = set.row(i).iter().zip(projected.row(i)).map(|(a, b)| a * b).sum();
            let own = SPHERES.radii[usize::from(set.labels[i])];
            assert!((dot / (own * norm) - 1.0).abs() < 1e-5);
        }
    }
}

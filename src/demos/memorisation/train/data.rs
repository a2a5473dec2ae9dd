//! The run's data: a seeded subset of the digits with a seeded share of labels flipped, and each
//! network's half.

use crate::data::digits::{CLASSES, Digits, Resolution};
use crate::data::{Labelled, flip_labels};
use crate::demos::memorisation::{Examples, MemorisationConfig};
use crate::rng::Rng;

/// The digits as inputs in [0, 1] (pixels / 16) with the given labels, and what the page shows.
pub struct Prepared {
    /// Inputs `[n, 64]` and the given (partly flipped) labels.
    pub set: Labelled,
    /// Images, given and true labels, how many networks saw each.
    pub examples: Examples,
    /// Network k's half: indices of its training examples, in index order.
    pub halves: Vec<Vec<usize>>,
}

/// Network k's half: the first ⌊n/2⌋ of a permutation seeded by (seed, k), so each example is
/// in with probability ½ and every half has the same size (the networks train as one batch).
pub fn half(n: usize, seed: u64, k: usize) -> Vec<usize> {
    let mut h = Rng::for_component(seed, "half", k as u64).permutation(n)[..n / 2].to_vec();
    h.sort_unstable();
    h
}

impl Prepared {
    /// The data of `config`.
    pub fn new(config: &MemorisationConfig) -> Result<Self, String> {
        let digits = Digits::load()?;
        let all = digits.features(Resolution::Raw8);
        // A seeded subset, in index order: the run's examples.
        let mut subset = Rng::for_component(config.data_seed, "subset", 0).permutation(all.len());
        subset.truncate(config.examples.min(all.len()));
        subset.sort_unstable();
        let mut set = Labelled {
            inputs: subset.iter().flat_map(|&i| all.row(i).iter().map(|p| p / 16.0)).collect(),
            labels: subset.iter().map(|&i| all.labels[i]).collect(),
            ..all
        };
        let pixels =
            subset.iter().flat_map(|&i| digits.pixels[i * 64..(i + 1) * 64].iter().copied()).collect();
        let truth = set.labels.clone();
        let mut flips = Rng::for_component(config.data_seed, "flip", 0);
        set.labels = flip_labels(&truth, CLASSES, config.flip_fraction, &mut flips).0;
        let n = set.len();
        let halves: Vec<Vec<usize>> = (0..config.models).map(|k| half(n, config.data_seed, k)).collect();
        let mut in_count = vec![0u16; n];
        halves.iter().flatten().for_each(|&i| in_count[i] += 1);
        let examples = Examples { pixels, given: set.labels.clone(), truth, in_count, models: config.models };
        Ok(Self { set, examples, halves })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_are_seeded_halves() {
        let h = half(1797, 0, 5);
        assert_eq!(h.len(), 898);
        assert!(h.windows(2).all(|w| w[0] < w[1]) && *h.last().unwrap() < 1797);
        assert_ne!(h, half(1797, 0, 6));
        let c = MemorisationConfig { models: 64, examples: 1797, flip_fraction: 0.1, ..Default::default() };
        let p = Prepared::new(&c).unwrap();
        // Each example is in about half of the 64 halves.
        let mean = p.examples.in_count.iter().map(|&c| c as f64).sum::<f64>() / 1797.0;
        assert!((mean - 898.0 * 64.0 / 1797.0).abs() < 1e-9);
        assert!(p.set.inputs.iter().all(|&x| (0.0..=1.0).contains(&x)));
        assert_eq!((0..1797).filter(|&i| p.examples.flipped(i)).count(), 180);
        // A subset: its size, its images and their true labels are the digits'.
        let small = Prepared::new(&MemorisationConfig { examples: 600, ..c }).unwrap();
        assert_eq!(
            (small.set.len(), small.examples.pixels.len(), small.halves[0].len()),
            (600, 600 * 64, 300)
        );
        let digits = Digits::load().unwrap();
        for i in 0..600 {
            let image = &small.examples.pixels[i * 64..(i + 1) * 64];
            let j = (0..1797).find(|&j| &digits.pixels[j * 64..(j + 1) * 64] == image).unwrap();
            assert_eq!(small.examples.truth[i], digits.labels[j]);
        }
    }
}

//! The run's data: the digits with a seeded share of labels flipped, and each network's half.

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
        let mut set = digits.features(Resolution::Raw8);
        set.inputs.iter_mut().for_each(|p| *p /= 16.0);
        let truth = set.labels.clone();
        let mut flips = Rng::for_component(config.data_seed, "flip", 0);
        set.labels = flip_labels(&truth, CLASSES, config.flip_fraction, &mut flips).0;
        let n = set.len();
        let halves: Vec<Vec<usize>> = (0..config.models).map(|k| half(n, config.data_seed, k)).collect();
        let mut in_count = vec![0u16; n];
        halves.iter().flatten().for_each(|&i| in_count[i] += 1);
        let examples = Examples {
            pixels: digits.pixels,
            given: set.labels.clone(),
            truth,
            in_count,
            models: config.models,
        };
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
        let c = MemorisationConfig { models: 64, ..Default::default() };
        let p = Prepared::new(&c).unwrap();
        // Each example is in about half of the 64 halves.
        let mean = p.examples.in_count.iter().map(|&c| c as f64).sum::<f64>() / 1797.0;
        assert!((mean - 898.0 * 64.0 / 1797.0).abs() < 1e-9);
        assert!(p.set.inputs.iter().all(|&x| (0.0..=1.0).contains(&x)));
        assert_eq!((0..1797).filter(|&i| p.examples.flipped(i)).count(), 180);
    }
}

//! The SAM demo's data: each example joins an *easy* feature and a *hard* one that both predict
//! the label (Springer, Nagarajan & Raghunathan, ICLR 2024, at small scale; the NumPy reference
//! `bench/reference/sam_numpy.py` builds the same kind of data independently).
//!
//! 72 numbers per example: `[easy block (8) | hard block (64)]`.
//! - Hard: an 8×8 digit, pixels / 16; its label is `digit ≥ 5`.
//! - Easy: `±a` on coordinate 0 (the sign is the label), the other 7 coordinates 0. On a fraction
//!   `absent` of the training examples it is 0 (absent), so that the hard feature is needed there.
//!
//! The 1,797 digits are split, in a seeded order, into training (898), probe-training (449) and
//! probe-test (450). On the probe sets the easy sign is drawn independently of the digit, so a
//! linear probe on a network's features can measure each feature on its own.

use super::digits::{Digits, PIXELS};
use crate::rng::Rng;

/// Length of the easy block.
pub const EASY: usize = 8;
/// Length of the hard block (an 8×8 digit).
pub const HARD: usize = PIXELS;
/// Inputs per example.
pub const DIM: usize = EASY + HARD;
/// Training examples.
pub const TRAIN: usize = 898;
/// Probe-training examples.
pub const PROBE_TRAIN: usize = 449;
/// Probe-test examples (the rest of the 1,797).
pub const PROBE_TEST: usize = 450;

/// Examples with both labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// Row-major `[len, DIM]`.
    pub inputs: Vec<f32>,
    /// Hard label: the digit is 5 or more.
    pub hard: Vec<u8>,
    /// Easy label: the easy sign is positive (on training examples, equal to the hard label;
    /// where the easy feature is absent, still the hard label).
    pub easy: Vec<u8>,
}

impl Split {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.hard.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.hard.is_empty()
    }
}

/// The three splits.
#[derive(Clone, Debug, PartialEq)]
pub struct EasyHard {
    /// Training: the easy sign is the label.
    pub train: Split,
    /// Probe training: the easy sign is independent of the label.
    pub probe_train: Split,
    /// Probe test: likewise.
    pub probe_test: Split,
}

/// Builds the splits with easy strength `a` and a fraction `absent` of training examples without
/// the easy feature (exactly `round(absent · 898)` of them). The same seed gives the same data.
pub fn build(digits: &Digits, a: f32, absent: f64, seed: u64) -> EasyHard {
    let order = Rng::for_component(seed, "easy-hard-split", 0).permutation(digits.len());
    let (train_idx, rest) = order.split_at(TRAIN.min(order.len()));
    let (probe_train_idx, probe_test_idx) = rest.split_at(PROBE_TRAIN.min(rest.len()));
    let absent_count = ((TRAIN as f64) * absent.clamp(0.0, 1.0)).round() as usize;
    let mut without = vec![false; train_idx.len()];
    for i in
        Rng::for_component(seed, "easy-absent", 0).permutation(train_idx.len()).into_iter().take(absent_count)
    {
        without[i] = true;
    }
    let train_signs: Vec<Option<u8>> = train_idx
        .iter()
        .zip(&without)
        .map(|(&d, &off)| if off { None } else { Some(u8::from(digits.labels[d] >= 5)) })
        .collect();
    let random_signs = |stream: u64, n: usize| -> Vec<Option<u8>> {
        let mut rng = Rng::for_component(seed, "easy-probe-sign", stream);
        (0..n).map(|_| Some(u8::from(rng.next_u64() & 1 == 1))).collect()
    };
    EasyHard {
        train: split(digits, train_idx, &train_signs, a),
        probe_train: split(digits, probe_train_idx, &random_signs(0, probe_train_idx.len()), a),
        probe_test: split(digits, probe_test_idx, &random_signs(1, probe_test_idx.len()), a),
    }
}

/// The examples of `indices`, each with its easy sign (`None`: absent).
fn split(digits: &Digits, indices: &[usize], signs: &[Option<u8>], a: f32) -> Split {
    let mut inputs = Vec::with_capacity(indices.len() * DIM);
    let (mut hard, mut easy) = (Vec::new(), Vec::new());
    for (&d, &sign) in indices.iter().zip(signs) {
        let label = u8::from(digits.labels[d] >= 5);
        inputs.push(match sign {
            Some(1) => a,
            Some(_) => -a,
            None => 0.0,
        });
        inputs.extend([0.0; EASY - 1]);
        inputs.extend(digits.pixels[d * PIXELS..(d + 1) * PIXELS].iter().map(|&p| f32::from(p) / 16.0));
        hard.push(label);
        easy.push(sign.unwrap_or(label));
    }
    Split { inputs, hard, easy }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(absent: f64) -> EasyHard {
        build(&Digits::load().unwrap(), 0.2, absent, 3)
    }

    #[test]
    fn splits_have_their_sizes_and_use_every_digit_once() {
        let d = data(0.0);
        assert_eq!(
            (d.train.len(), d.probe_train.len(), d.probe_test.len()),
            (TRAIN, PROBE_TRAIN, PROBE_TEST)
        );
        assert_eq!(d.train.inputs.len(), TRAIN * DIM);
        assert_eq!(d, data(0.0), "seeded");
        assert_ne!(d.train.inputs, build(&Digits::load().unwrap(), 0.2, 0.0, 4).train.inputs);
        // Pixels are scaled to [0, 1]; the easy block is ±a on coordinate 0 and zero elsewhere.
        for row in d.train.inputs.chunks(DIM) {
            assert!(row[EASY..].iter().all(|p| (0.0..=1.0).contains(p)));
            assert!(row[1..EASY].iter().all(|v| *v == 0.0));
            assert!(row[0] == 0.2 || row[0] == -0.2);
        }
    }

    #[test]
    fn the_easy_sign_is_the_label_in_training_and_random_on_the_probes() {
        let d = data(0.0);
        for (row, y) in d.train.inputs.chunks(DIM).zip(&d.train.hard) {
            assert_eq!(u8::from(row[0] > 0.0), *y);
        }
        assert_eq!(d.train.easy, d.train.hard);
        let agree = d.probe_train.easy.iter().zip(&d.probe_train.hard).filter(|(a, b)| a == b).count();
        let rate = agree as f64 / PROBE_TRAIN as f64;
        assert!((0.4..0.6).contains(&rate), "independent of the label: {rate}");
        for (row, e) in d.probe_test.inputs.chunks(DIM).zip(&d.probe_test.easy) {
            assert_eq!(u8::from(row[0] > 0.0), *e);
        }
        let balance = d.train.hard.iter().filter(|&&y| y == 1).count() as f64 / TRAIN as f64;
        assert!((0.4..0.6).contains(&balance), "digit ≥ 5 is about half: {balance}");
    }

    #[test]
    fn the_easy_feature_is_absent_on_exactly_the_asked_fraction() {
        let d = data(0.1);
        let absent = d.train.inputs.chunks(DIM).filter(|row| row[0] == 0.0).count();
        assert_eq!(absent, 90, "round(0.1 × 898)");
        assert_eq!(
            d.train.inputs[..].chunks(DIM).map(|r| &r[EASY..]).collect::<Vec<_>>(),
            data(0.0).train.inputs[..].chunks(DIM).map(|r| &r[EASY..]).collect::<Vec<_>>(),
            "absence changes the easy block only"
        );
    }
}

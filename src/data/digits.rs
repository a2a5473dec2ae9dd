//! The 8×8 handwritten digits (UCI optdigits as shipped in scikit-learn: 1,797 images, 10
//! classes, pixels 0..16). The bytes are embedded in the binary; provenance, licence and the
//! script that made them are in `data/README.md`.

use super::Labelled;
use serde::{Deserialize, Serialize};

/// The embedded file (format: `data/make_digits.py`).
const DIGITS_BIN: &[u8] = include_bytes!("../../data/digits.bin");

/// Number of images in the data set.
pub const COUNT: usize = 1797;
/// Pixels per image (8×8).
pub const PIXELS: usize = 64;
/// Digits 0–9.
pub const CLASSES: usize = 10;

/// How images become input vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    /// 2×2 average pooling to 4×4 = 16 inputs (the disagreement reference setting).
    #[default]
    Pool4,
    /// The raw 8×8 = 64 inputs.
    Raw8,
}

impl Resolution {
    /// The choices as settings options: (URL value, label for people).
    pub const OPTIONS: &'static [(&'static str, &'static str)] =
        &[("pool4", "4×4 pooled (16 inputs)"), ("raw8", "raw 8×8 (64 inputs)")];

    /// Input features per image.
    pub fn dim(self) -> usize {
        match self {
            Resolution::Pool4 => 16,
            Resolution::Raw8 => 64,
        }
    }
}

/// The raw images and labels.
#[derive(Clone, Debug)]
pub struct Digits {
    /// `[COUNT, 64]` pixel values 0..=16, row-major per image.
    pub pixels: Vec<u8>,
    /// `[COUNT]` labels 0..=9.
    pub labels: Vec<u8>,
}

impl Digits {
    /// Parses the embedded copy.
    pub fn load() -> Result<Self, String> {
        Self::parse(DIGITS_BIN)
    }

    /// Parses bytes in the `make_digits.py` format, checking header, size and value ranges.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < 6 || &bytes[..4] != b"MND1" {
            return Err("digits: bad header".into());
        }
        let n = u16::from_le_bytes([bytes[4], bytes[5]]) as usize;
        if bytes.len() != 6 + n * (PIXELS + 1) {
            return Err(format!("digits: expected {} bytes, found {}", 6 + n * 65, bytes.len()));
        }
        let pixels = bytes[6..6 + n * PIXELS].to_vec();
        let labels = bytes[6 + n * PIXELS..].to_vec();
        if pixels.iter().any(|&p| p > 16) || labels.iter().any(|&y| y > 9) {
            return Err("digits: value out of range".into());
        }
        Ok(Self { pixels, labels })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// All images as inputs at the given resolution, in scikit-learn's units (`load_digits().data`:
    /// pixel values 0–16, unscaled; pooling averages them). The disagreement reference numbers
    /// were measured on these units: rescaled to [0, 1], the same SGD learning rate trains 16×
    /// more slowly and the runs come out too alike (disagreement/error ≈ 0.7 instead of ≈ 1).
    pub fn features(&self, resolution: Resolution) -> Labelled {
        let dim = resolution.dim();
        let mut inputs = Vec::with_capacity(self.len() * dim);
        for image in self.pixels.chunks_exact(PIXELS) {
            match resolution {
                Resolution::Raw8 => inputs.extend(image.iter().map(|&p| f32::from(p))),
                Resolution::Pool4 => {
                    for by in 0..4 {
                        for bx in 0..4 {
                            let sum: u32 = [(0, 0), (0, 1), (1, 0), (1, 1)]
                                .iter()
                                .map(|(dy, dx)| u32::from(image[(2 * by + dy) * 8 + 2 * bx + dx]))
                                .sum();
                            inputs.push(sum as f32 / 4.0);
                        }
                    }
                }
            }
        }
        Labelled { inputs, labels: self.labels.clone(), dim, classes: CLASSES }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_all_images_with_balanced_classes() {
        let d = Digits::load().unwrap();
        assert_eq!(d.len(), COUNT);
        let mut counts = [0usize; 10];
        for &y in &d.labels {
            counts[y as usize] += 1;
        }
        // sklearn's digits have 174..=183 images per class.
        assert!(counts.iter().all(|&c| (174..=183).contains(&c)), "{counts:?}");
        // The first image is a zero, the second a one (as in sklearn's load_digits()).
        assert_eq!(&d.labels[..3], &[0, 1, 2]);
        assert_eq!(&d.pixels[..8], &[0, 0, 5, 13, 9, 1, 0, 0]);
    }

    #[test]
    fn pooling_averages_two_by_two_blocks() {
        let d = Digits::load().unwrap();
        let pooled = d.features(Resolution::Pool4);
        assert_eq!(pooled.dim, 16);
        assert_eq!(pooled.inputs.len(), COUNT * 16);
        // First image, top-left block: pixels (0,0),(0,1),(1,0),(1,1) = 0,0,0,0; next block 5,13,13,15.
        let first = pooled.row(0);
        assert_eq!(first[0], 0.0);
        assert!((first[1] - (5.0 + 13.0 + 13.0 + 15.0) / 4.0).abs() < 1e-6, "{first:?}");
        assert!(pooled.inputs.iter().all(|v| (0.0..=16.0).contains(v)));
        let raw = d.features(Resolution::Raw8);
        assert_eq!(raw.row(0)[2], 5.0);
    }

    #[test]
    fn rejects_corrupt_files() {
        assert!(Digits::parse(b"XXXX\x01\x00").is_err());
        let mut short = DIGITS_BIN.to_vec();
        short.pop();
        assert!(Digits::parse(&short).is_err());
    }
}

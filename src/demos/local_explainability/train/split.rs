//! The diabetes data as the training reads it: the embedded file, checked, standardised and split
//! in halves by a seeded permutation.

use super::super::diabetes::{COUNT, FEATURES, TRAIN};
use crate::rng::Rng;

/// The embedded file (format: `data/make_diabetes.py`).
const DIABETES_TSV: &str = include_str!("../../../../data/diabetes.tsv");

/// A standardised split: features and target have mean 0 and standard deviation 1 over all 442
/// patients.
#[derive(Clone, Debug)]
pub struct Split {
    /// `[TRAIN, FEATURES]` row-major.
    pub train_x: Vec<f64>,
    /// `[TRAIN]`.
    pub train_y: Vec<f64>,
    /// `[TEST, FEATURES]` row-major.
    pub test_x: Vec<f64>,
    /// `[TEST]`.
    pub test_y: Vec<f64>,
}

impl Split {
    /// The embedded data, standardised and split 50/50 by a permutation seeded by `seed`.
    pub fn load(seed: u64) -> Result<Self, String> {
        let (x, y) = parse(DIABETES_TSV)?;
        let order = Rng::for_component(seed, "diabetes-split", 0).permutation(COUNT);
        let rows = |range: &[usize]| {
            range.iter().flat_map(|&i| x[i * FEATURES..(i + 1) * FEATURES].to_vec()).collect()
        };
        let targets = |range: &[usize]| range.iter().map(|&i| y[i]).collect();
        let (train, test) = order.split_at(TRAIN);
        Ok(Self { train_x: rows(train), train_y: targets(train), test_x: rows(test), test_y: targets(test) })
    }

    /// Test patient `i`'s features.
    pub fn test_point(&self, i: usize) -> &[f64] {
        &self.test_x[i * FEATURES..(i + 1) * FEATURES]
    }
}

/// Standardised features `[COUNT × FEATURES]` and target `[COUNT]` from the file's text, checking
/// its header, size and values.
pub fn parse(text: &str) -> Result<(Vec<f64>, Vec<f64>), String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if !header.starts_with("age\tsex\tbmi") {
        return Err("diabetes.tsv: unexpected header".into());
    }
    let mut x = Vec::with_capacity(COUNT * FEATURES);
    let mut y = Vec::with_capacity(COUNT);
    for (row, line) in lines.filter(|l| !l.trim().is_empty()).enumerate() {
        let values: Vec<f64> = line
            .split('\t')
            .map(|v| v.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("diabetes.tsv row {}: {e}", row + 1))?;
        if values.len() != FEATURES + 1 || values.iter().any(|v| !v.is_finite()) {
            return Err(format!("diabetes.tsv row {}: expected {} numbers", row + 1, FEATURES + 1));
        }
        x.extend_from_slice(&values[..FEATURES]);
        y.push(values[FEATURES]);
    }
    if y.len() != COUNT {
        return Err(format!("diabetes.tsv: {} rows, expected {COUNT}", y.len()));
    }
    for f in 0..FEATURES {
        let column: Vec<f64> = (0..COUNT).map(|i| x[i * FEATURES + f]).collect();
        let (mean, sd) = mean_sd(&column);
        for i in 0..COUNT {
            x[i * FEATURES + f] = (x[i * FEATURES + f] - mean) / sd;
        }
    }
    let (mean, sd) = mean_sd(&y);
    Ok((x, y.iter().map(|v| (v - mean) / sd).collect()))
}

/// Mean and population standard deviation (NumPy's `std`).
fn mean_sd(values: &[f64]) -> (f64, f64) {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64;
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_standardised_and_splits_in_halves() {
        let (x, y) = parse(DIABETES_TSV).unwrap();
        assert_eq!((x.len(), y.len()), (COUNT * FEATURES, COUNT));
        let (mean, sd) = mean_sd(&y);
        assert!(mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9);
        let split = Split::load(0).unwrap();
        assert_eq!((split.train_y.len(), split.test_y.len(), split.test_x.len()), (221, 221, 2210));
        assert_ne!(Split::load(1).unwrap().train_y, split.train_y);
        assert!(parse("age\tsex\tbmi\n1\t2\n").is_err());
        assert!(parse("nonsense").is_err());
    }
}

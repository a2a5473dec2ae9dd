//! The points at which a network is evaluated to measure it, and the measurements computed from
//! its outputs there (host side, f64): local affine explanations (least squares on points drawn
//! around a patient), their neighbourhood fidelity (NF) and mirrored neighbourhood fidelity
//! (MNF), how kernel-weighted explanations fitted on the training set generalise, and the slice.
//!
//! Every draw is keyed by the data seed, σ and the patient, never by the network: all networks
//! of the zoo are measured on the same points (common random numbers).

use super::super::config::{FIT_POINTS, LocalExplainabilityConfig, MIRRORS, SLICE_POINTS};
use super::super::diabetes::{FEATURES, TEST, TRAIN};
use super::super::results::{Fidelity, Generalisation, Slice};
use super::split::Split;
use crate::rng::Rng;
use crate::training::probe::solve;

/// Coefficients of an affine function of the features around a centre: intercept, then slopes.
const COEFFICIENTS: usize = FEATURES + 1;
/// Ridge added to the normal equations, relative to their scale: keeps a fit defined when its
/// weights sit on fewer than 11 points (narrow kernels), without moving well-posed fits.
const RIDGE: f64 = 1e-9;

/// Every point a measurement evaluates, in one list (`rows`), with where each group starts.
pub struct Probes {
    /// `[len, FEATURES]` row-major: training set, test set, slice, then per σ the draws.
    pub rows: Vec<f32>,
    sigmas: Vec<f64>,
    patients: usize,
    slice_point: usize,
    /// Per σ and patient, the mirrored neighbours x′ (host only: the explanations' centres).
    mirrors: Vec<Vec<f64>>,
}

/// Rows per σ and patient: the fit, fresh points, and a fit around each mirrored neighbour.
const PER_PATIENT: usize = FIT_POINTS * (2 + MIRRORS);
const SLICE_START: usize = TRAIN + TEST;
const DRAWS_START: usize = SLICE_START + FEATURES * SLICE_POINTS;

impl Probes {
    /// The points for `config` on `split`.
    pub fn new(config: &LocalExplainabilityConfig, split: &Split) -> Self {
        let sigmas = config.sorted_sigmas();
        let patients = config.eval_points.min(TEST);
        let slice_point = config.slice_point.min(TEST - 1);
        let mut rows: Vec<f64> = split.train_x.iter().chain(&split.test_x).copied().collect();
        let centre = split.test_point(slice_point);
        for feature in 0..FEATURES {
            for &offset in &slice_offsets() {
                let mut p = centre.to_vec();
                p[feature] += offset;
                rows.extend(p);
            }
        }
        let mut mirrors = Vec::new();
        for (s, &sigma) in sigmas.iter().enumerate() {
            // One extra "patient" per σ: the slice's, whose fit the page draws.
            for patient in 0..=patients {
                let x = if patient < patients { split.test_point(patient) } else { centre };
                let mut rng =
                    Rng::for_component(config.data_seed, "explain-draws", (s * (TEST + 1) + patient) as u64);
                let around = |c: &[f64], rng: &mut Rng, out: &mut Vec<f64>| {
                    out.extend(c.iter().map(|v| v + sigma * rng.normal()));
                };
                for _ in 0..2 * FIT_POINTS {
                    around(x, &mut rng, &mut rows);
                }
                let mut centres = Vec::with_capacity(MIRRORS * FEATURES);
                for _ in 0..MIRRORS {
                    around(x, &mut rng, &mut centres);
                }
                for m in 0..MIRRORS {
                    for _ in 0..FIT_POINTS {
                        around(&centres[m * FEATURES..(m + 1) * FEATURES], &mut rng, &mut rows);
                    }
                }
                mirrors.push(centres);
            }
        }
        Self { rows: rows.iter().map(|&v| v as f32).collect(), sigmas, patients, slice_point, mirrors }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len() / FEATURES
    }

    fn row(&self, i: usize) -> Vec<f64> {
        self.rows[i * FEATURES..(i + 1) * FEATURES].iter().map(|&v| f64::from(v)).collect()
    }

    fn draws(&self, s: usize, patient: usize) -> usize {
        DRAWS_START + (s * (self.patients + 1) + patient) * PER_PATIENT
    }

    /// (training MSE, test MSE) of the outputs `f` (one per row).
    pub fn errors(&self, f: &[f64], split: &Split) -> (f64, f64) {
        let mse = |out: &[f64], y: &[f64]| {
            out.iter().zip(y).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / y.len() as f64
        };
        (mse(&f[..TRAIN], &split.train_y), mse(&f[TRAIN..SLICE_START], &split.test_y))
    }

    /// NF and MNF per σ, each the mean over the patients.
    pub fn fidelity(&self, f: &[f64]) -> Vec<Fidelity> {
        let mut out = Vec::with_capacity(self.sigmas.len());
        for (s, &sigma) in self.sigmas.iter().enumerate() {
            let (mut nf, mut mnf) = (0.0, 0.0);
            for patient in 0..self.patients {
                let x: Vec<f64> = self.row(TRAIN + patient);
                let start = self.draws(s, patient);
                let fit = self.fit(start, &x, f);
                nf += (start + FIT_POINTS..start + 2 * FIT_POINTS)
                    .map(|i| (explain(&fit, &x, &self.row(i)) - f[i]).powi(2))
                    .sum::<f64>()
                    / FIT_POINTS as f64;
                let centres = &self.mirrors[s * (self.patients + 1) + patient];
                let mut mirrored = 0.0;
                for m in 0..MIRRORS {
                    let c = &centres[m * FEATURES..(m + 1) * FEATURES];
                    let g = self.fit(start + (2 + m) * FIT_POINTS, c, f);
                    mirrored += (explain(&g, c, &x) - f[TRAIN + patient]).powi(2);
                }
                mnf += mirrored / MIRRORS as f64;
            }
            let n = self.patients as f64;
            out.push(Fidelity { sigma, nf: nf / n, mnf: mnf / n });
        }
        out
    }

    /// Least-squares affine fit to `f` on the `FIT_POINTS` rows from `start`, around `centre`.
    fn fit(&self, start: usize, centre: &[f64], f: &[f64]) -> Vec<f64> {
        let rows: Vec<Vec<f64>> = (start..start + FIT_POINTS).map(|i| self.row(i)).collect();
        affine_fit(&rows, centre, &f[start..start + FIT_POINTS], &[1.0; FIT_POINTS])
    }

    /// Per σ: explanations at each patient fitted by Gaussian-kernel weighted least squares on
    /// the training set, judged there and on the other test patients.
    pub fn generalisation(&self, f: &[f64]) -> Vec<Generalisation> {
        let train: Vec<Vec<f64>> = (0..TRAIN).map(|i| self.row(i)).collect();
        let test: Vec<Vec<f64>> = (TRAIN..SLICE_START).map(|i| self.row(i)).collect();
        let (f_train, f_test) = (&f[..TRAIN], &f[TRAIN..SLICE_START]);
        let mut out = Vec::with_capacity(self.sigmas.len());
        for &sigma in &self.sigmas {
            let kernel = |a: &[f64], b: &[f64]| {
                (-a.iter().zip(b).map(|(u, v)| (u - v).powi(2)).sum::<f64>() / (2.0 * sigma * sigma)).exp()
            };
            let (mut ins, mut outs, mut ess) = (0.0, 0.0, 0.0);
            for patient in 0..self.patients {
                let x = &test[patient];
                let w: Vec<f64> = train.iter().map(|t| kernel(t, x)).collect();
                let fit = affine_fit(&train, x, f_train, &w);
                ins += weighted_error(&fit, x, &train, f_train, &w);
                // Held out: the other test patients (the patient itself weighs nothing).
                let wh: Vec<f64> = test
                    .iter()
                    .enumerate()
                    .map(|(j, t)| if j == patient { 0.0 } else { kernel(t, x) })
                    .collect();
                outs += weighted_error(&fit, x, &test, f_test, &wh);
                ess += w.iter().sum::<f64>().powi(2)
                    / w.iter().map(|v| v * v).sum::<f64>().max(f64::MIN_POSITIVE);
            }
            let n = self.patients as f64;
            out.push(Generalisation {
                sigma,
                in_sample: ins / n,
                held_out: outs / n,
                effective_size: ess / n,
            });
        }
        out
    }

    /// The network along every feature's axis through the slice patient, and its explanation
    /// there at each σ.
    pub fn slice(&self, f: &[f64]) -> Slice {
        let values = (0..FEATURES)
            .map(|j| (0..SLICE_POINTS).map(|k| f[SLICE_START + j * SLICE_POINTS + k] as f32).collect())
            .collect();
        let centre = self.row(TRAIN + self.slice_point);
        let explanations =
            (0..self.sigmas.len()).map(|s| self.fit(self.draws(s, self.patients), &centre, f)).collect();
        Slice { point: self.slice_point, offsets: slice_offsets(), values, explanations }
    }
}

/// Half-width of the slice, in standard deviations of the feature.
const SLICE_HALF_WIDTH: f64 = 2.0;

/// The slice's offsets: −2 … 2 standard deviations in `SLICE_POINTS` steps.
fn slice_offsets() -> Vec<f64> {
    let step = 2.0 * SLICE_HALF_WIDTH / (SLICE_POINTS - 1) as f64;
    (0..SLICE_POINTS).map(|k| -SLICE_HALF_WIDTH + k as f64 * step).collect()
}

/// The affine function `coef` (intercept, slopes around `centre`) at `point`.
pub fn explain(coef: &[f64], centre: &[f64], point: &[f64]) -> f64 {
    coef[0] + coef[1..].iter().zip(point.iter().zip(centre)).map(|(b, (p, c))| b * (p - c)).sum::<f64>()
}

/// Weighted least-squares affine fit of `values` at `points` around `centre`.
pub fn affine_fit(points: &[Vec<f64>], centre: &[f64], values: &[f64], weights: &[f64]) -> Vec<f64> {
    let mut gram = vec![vec![0.0; COEFFICIENTS]; COEFFICIENTS];
    let mut rhs = vec![0.0; COEFFICIENTS];
    let mut design = [0.0; COEFFICIENTS];
    // Scaled so the largest weight is 1: the same fit, and the ridge stays above the solver's
    // pivot threshold even when every kernel weight is tiny.
    let top = weights.iter().copied().fold(0.0f64, f64::max);
    if top <= 0.0 {
        return vec![0.0; COEFFICIENTS];
    }
    for ((p, &v), &w) in
        points.iter().zip(values).zip(weights.iter().map(|w| w / top).collect::<Vec<_>>().iter())
    {
        design[0] = 1.0;
        for j in 0..FEATURES {
            design[j + 1] = p[j] - centre[j];
        }
        for a in 0..COEFFICIENTS {
            rhs[a] += w * design[a] * v;
            for b in 0..COEFFICIENTS {
                gram[a][b] += w * design[a] * design[b];
            }
        }
    }
    let scale = (0..COEFFICIENTS).map(|a| gram[a][a]).fold(0.0f64, f64::max).max(f64::MIN_POSITIVE);
    for (a, row) in gram.iter_mut().enumerate() {
        row[a] += RIDGE * scale;
    }
    solve(gram, rhs).unwrap_or_else(|| vec![0.0; COEFFICIENTS])
}

/// Σ w (explanation − value)² / Σ w.
fn weighted_error(coef: &[f64], centre: &[f64], points: &[Vec<f64>], values: &[f64], w: &[f64]) -> f64 {
    let total: f64 = w.iter().sum();
    let err: f64 =
        points.iter().zip(values).zip(w).map(|((p, v), w)| w * (explain(coef, centre, p) - v).powi(2)).sum();
    if total > 0.0 { err / total } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> (LocalExplainabilityConfig, Split) {
        (LocalExplainabilityConfig { eval_points: 5, ..Default::default() }, Split::load(0).unwrap())
    }

    #[test]
    fn an_affine_network_is_explained_exactly_everywhere() {
        let (config, split) = small();
        let probes = Probes::new(&config, &split);
        let affine =
            |p: &[f64]| 0.3 + p.iter().enumerate().map(|(j, v)| (j as f64 - 4.0) * 0.1 * v).sum::<f64>();
        let f: Vec<f64> = (0..probes.len()).map(|i| affine(&probes.row(i))).collect();
        for fid in probes.fidelity(&f) {
            assert!(fid.nf < 1e-9 && fid.mnf < 1e-9, "{fid:?}");
        }
        let slice = probes.slice(&f);
        assert_eq!(slice.values.len(), FEATURES);
        assert!((slice.explanations[0][4] - (-0.1)).abs() < 1e-6, "{:?}", slice.explanations[0]);
    }

    #[test]
    fn a_curved_network_is_explained_worse_over_wider_neighbourhoods() {
        let (config, split) = small();
        let probes = Probes::new(&config, &split);
        let f: Vec<f64> =
            (0..probes.len()).map(|i| probes.row(i).iter().map(|v| v * v).sum::<f64>()).collect();
        let fid = probes.fidelity(&f);
        assert!(fid.windows(2).all(|w| w[0].nf < w[1].nf && w[0].mnf < w[1].mnf), "{fid:?}");
        let fits = probes.generalisation(&f);
        assert!(fits.windows(2).all(|w| w[0].effective_size < w[1].effective_size), "{fits:?}");
        let (train_mse, _) = probes.errors(&vec![0.0; probes.len()], &split);
        assert!((train_mse - 1.0).abs() < 0.2, "predicting the mean: MSE near the variance, {train_mse}");
    }
}

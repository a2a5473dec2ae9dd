//! Linear probes: how well a frozen representation encodes a feature. The features are
//! standardised (mean and spread of the probe-training set), then an L2-regularised logistic
//! regression is fitted exactly as scikit-learn's `LogisticRegression(C = 1)` defines it —
//! minimise `½‖w‖² + C Σᵢ log(1 + exp(−ỹᵢ (w·xᵢ + b)))`, intercept not penalised — by Newton's
//! method on the host (a few hundred examples of a few dozen features: milliseconds).

/// A fitted probe.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    /// Per-feature mean of the training features.
    pub mean: Vec<f64>,
    /// Per-feature standard deviation (1 where a feature is constant).
    pub scale: Vec<f64>,
    /// Weights on the standardised features.
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
}

/// Solves `A x = b` for a small dense symmetric positive-definite `A` (Gaussian elimination with
/// partial pivoting); `None` if singular. Also the local-explainability demo's least squares.
pub fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let f = a[row][col] / pivot_row[col];
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Probe {
    /// Fits a probe on `features` (row-major `[n, d]`) for binary `labels`, with inverse
    /// regularisation strength `c`.
    pub fn fit(features: &[f32], d: usize, labels: &[u8], c: f64) -> Probe {
        let n = labels.len();
        let mut mean = vec![0.0; d];
        let mut scale = vec![0.0; d];
        for row in features.chunks(d) {
            for j in 0..d {
                mean[j] += f64::from(row[j]) / n as f64;
            }
        }
        for row in features.chunks(d) {
            for j in 0..d {
                scale[j] += (f64::from(row[j]) - mean[j]).powi(2) / n as f64;
            }
        }
        let scale: Vec<f64> = scale.iter().map(|v| if *v > 1e-24 { v.sqrt() } else { 1.0 }).collect();
        let mut probe = Probe { mean, scale, weights: vec![0.0; d], bias: 0.0 };
        let x: Vec<Vec<f64>> = features.chunks(d).map(|row| probe.standardise(row)).collect();
        // Newton's method on θ = (w, b): gradient w + C Σ (pᵢ − yᵢ) xᵢ (b unpenalised), Hessian
        // I(w) + C Σ pᵢ(1 − pᵢ) xᵢxᵢᵀ. Converges in a handful of steps.
        for _ in 0..50 {
            let mut grad = vec![0.0; d + 1];
            let mut hess = vec![vec![0.0; d + 1]; d + 1];
            for j in 0..d {
                grad[j] = probe.weights[j];
                hess[j][j] = 1.0;
            }
            for (xi, &y) in x.iter().zip(labels) {
                let p = sigmoid(probe.margin_standardised(xi));
                let r = c * (p - f64::from(y));
                let s = c * p * (1.0 - p);
                for j in 0..=d {
                    let xj = if j < d { xi[j] } else { 1.0 };
                    grad[j] += r * xj;
                    for k in 0..=d {
                        let xk = if k < d { xi[k] } else { 1.0 };
                        hess[j][k] += s * xj * xk;
                    }
                }
            }
            let Some(step) = solve(hess, grad.clone()) else { break };
            for (w, s) in probe.weights.iter_mut().zip(&step) {
                *w -= s;
            }
            probe.bias -= step[d];
            if grad.iter().map(|g| g * g).sum::<f64>().sqrt() < 1e-10 {
                break;
            }
        }
        probe
    }

    fn standardise(&self, row: &[f32]) -> Vec<f64> {
        row.iter().zip(&self.mean).zip(&self.scale).map(|((&v, m), s)| (f64::from(v) - m) / s).collect()
    }

    fn margin_standardised(&self, x: &[f64]) -> f64 {
        x.iter().zip(&self.weights).map(|(a, b)| a * b).sum::<f64>() + self.bias
    }

    /// Predicted class of one raw feature row.
    pub fn predict(&self, row: &[f32]) -> u8 {
        u8::from(self.margin_standardised(&self.standardise(row)) > 0.0)
    }

    /// Accuracy on `features` (row-major `[n, d]`) against `labels`.
    pub fn accuracy(&self, features: &[f32], labels: &[u8]) -> f64 {
        let d = self.mean.len();
        let right = features.chunks(d).zip(labels).filter(|(row, y)| self.predict(row) == **y).count();
        right as f64 / labels.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Noisy two-feature data: the label depends on feature 0 only.
    fn data(n: usize, seed: u64) -> (Vec<f32>, Vec<u8>) {
        let mut rng = Rng::new(seed);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let label = u8::from(rng.next_f32() < 0.5);
            x.push(if label == 1 { 1.0 } else { -1.0 } + rng.uniform(-1.5, 1.5) + 3.0);
            x.push(rng.uniform(-2.0, 2.0) * 10.0);
            y.push(label);
        }
        (x, y)
    }

    #[test]
    fn the_fit_is_the_regularised_optimum() {
        let (x, y) = data(300, 1);
        let c = 1.0;
        let p = Probe::fit(&x, 2, &y, c);
        // Optimality: the gradient of ½‖w‖² + C Σ log(1 + e^(−ỹ m)) vanishes at the fit.
        let mut grad = p.weights.clone();
        let mut grad_b = 0.0;
        for (row, &label) in x.chunks(2).zip(&y) {
            let z = p.standardise(row);
            let r = c * (sigmoid(p.margin_standardised(&z)) - f64::from(label));
            grad[0] += r * z[0];
            grad[1] += r * z[1];
            grad_b += r;
        }
        assert!(grad.iter().chain([&grad_b]).all(|g| g.abs() < 1e-8), "{grad:?} {grad_b}");
        // The informative feature carries the weight; the scaled-up noise feature does not.
        assert!(p.weights[0] > 1.0 && p.weights[1].abs() < 0.5 * p.weights[0], "{p:?}");
        assert!(p.accuracy(&x, &y) > 0.7);
        let (xt, yt) = data(300, 2);
        assert!(p.accuracy(&xt, &yt) > 0.7);
    }

    #[test]
    fn symmetric_data_has_a_zero_intercept_and_stronger_regularisation_shrinks_the_weights() {
        // Two mirrored points per class: by symmetry b = 0 and w > 0.
        let x = vec![-2.0f32, -1.0, 1.0, 2.0];
        let y = vec![0u8, 0, 1, 1];
        let loose = Probe::fit(&x, 1, &y, 10.0);
        let tight = Probe::fit(&x, 1, &y, 0.01);
        assert!(loose.bias.abs() < 1e-9 && tight.bias.abs() < 1e-9);
        assert!(loose.weights[0] > tight.weights[0] && tight.weights[0] > 0.0);
        assert_eq!(loose.accuracy(&x, &y), 1.0);
        // A constant feature is harmless.
        let p = Probe::fit(&[1.0, 1.0, 1.0, 1.0], 1, &y, 1.0);
        assert_eq!(p.weights[0], 0.0);
    }
}

//! The distillation demo's exact view: linear regression by full-batch gradient
//! descent, a teacher on the labels and a student on the teacher's predictions, read in the
//! eigenbasis of XᵀX/n. Per direction j the teacher reaches 1 − (1 − ηλⱼ)^T of the
//! least-squares solution and the student its square: distillation exaggerates gradient
//! descent's bias toward the top eigendirections. Host f64, no tensors (instant, exact).

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The problem and the run.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearSetup {
    /// Examples n.
    pub n: usize,
    /// Dimension d.
    pub d: usize,
    /// Largest and smallest eigenvalue of XᵀX/n (log-evenly spaced between).
    pub spectrum: (f64, f64),
    /// Label noise (standard deviation).
    pub noise: f64,
    /// Step size η.
    pub step: f64,
    /// Steps T of each of teacher and student.
    pub steps: usize,
    /// Seed of X, w* and the noise.
    pub seed: u64,
}

/// One eigendirection's shares of the least-squares solution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Direction {
    /// Eigenvalue λ of XᵀX/n.
    pub eigenvalue: f64,
    /// Teacher: simulated, closed form 1 − (1 − ηλ)^T.
    pub teacher: (f64, f64),
    /// Student: simulated, closed form (1 − (1 − ηλ)^T)².
    pub student: (f64, f64),
}

fn gaussian(rng: &mut Rng) -> f64 {
    let u1 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let u2 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (-2.0 * u1.max(f64::MIN_POSITIVE).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Columns of `m` (`rows × cols`, row-major) made orthonormal in place (modified Gram–Schmidt).
fn orthonormal_columns(m: &mut [f64], rows: usize, cols: usize) {
    for j in 0..cols {
        for k in 0..j {
            let dot: f64 = (0..rows).map(|i| m[i * cols + j] * m[i * cols + k]).sum();
            for i in 0..rows {
                m[i * cols + j] -= dot * m[i * cols + k];
            }
        }
        let norm = (0..rows).map(|i| m[i * cols + j].powi(2)).sum::<f64>().sqrt();
        for i in 0..rows {
            m[i * cols + j] /= norm;
        }
    }
}

impl LinearSetup {
    /// The eigenvalues, largest first.
    pub fn eigenvalues(&self) -> Vec<f64> {
        let (hi, lo) = self.spectrum;
        let d = self.d.max(2);
        (0..self.d).map(|j| hi * (lo / hi).powf(j as f64 / (d - 1) as f64)).collect()
    }

    /// Runs teacher and student and reads every direction.
    pub fn run(&self) -> Vec<Direction> {
        let (n, d) = (self.n, self.d);
        let mut rng = Rng::for_component(self.seed, "linear", 0);
        let lambda = self.eigenvalues();
        // Z: n × d with ZᵀZ = n·I; Q: d × d orthogonal (its columns are the eigenvectors).
        let mut z: Vec<f64> = (0..n * d).map(|_| gaussian(&mut rng)).collect();
        orthonormal_columns(&mut z, n, d);
        let mut q: Vec<f64> = (0..d * d).map(|_| gaussian(&mut rng)).collect();
        orthonormal_columns(&mut q, d, d);
        // X = √n · Z · diag(√λ) · Qᵀ, so XᵀX/n = Q diag(λ) Qᵀ exactly.
        let mut x = vec![0.0; n * d];
        for i in 0..n {
            for c in 0..d {
                x[i * d + c] =
                    (0..d).map(|j| (n as f64).sqrt() * z[i * d + j] * lambda[j].sqrt() * q[c * d + j]).sum();
            }
        }
        let w_star: Vec<f64> = (0..d).map(|_| gaussian(&mut rng)).collect();
        let y: Vec<f64> = (0..n)
            .map(|i| (0..d).map(|c| x[i * d + c] * w_star[c]).sum::<f64>() + self.noise * gaussian(&mut rng))
            .collect();
        let predict =
            |w: &[f64]| -> Vec<f64> { (0..n).map(|i| (0..d).map(|c| x[i * d + c] * w[c]).sum()).collect() };
        let descend = |targets: &[f64]| -> Vec<f64> {
            let mut w = vec![0.0; d];
            for _ in 0..self.steps {
                let residual: Vec<f64> = predict(&w).iter().zip(targets).map(|(p, t)| p - t).collect();
                for c in 0..d {
                    let g: f64 = (0..n).map(|i| x[i * d + c] * residual[i]).sum::<f64>() / n as f64;
                    w[c] -= self.step * g;
                }
            }
            w
        };
        let teacher = descend(&y);
        let student = descend(&predict(&teacher));
        // Least squares in the eigenbasis: (q_jᵀ Xᵀ y / n) / λ_j.
        let along = |w: &[f64], j: usize| -> f64 { (0..d).map(|c| q[c * d + j] * w[c]).sum() };
        let xty: Vec<f64> =
            (0..d).map(|c| (0..n).map(|i| x[i * d + c] * y[i]).sum::<f64>() / n as f64).collect();
        (0..d)
            .map(|j| {
                let ls = along(&xty, j) / lambda[j];
                let closed = 1.0 - (1.0 - self.step * lambda[j]).powi(self.steps as i32);
                Direction {
                    eigenvalue: lambda[j],
                    teacher: (along(&teacher, j) / ls, closed),
                    student: (along(&student, j) / ls, closed * closed),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(steps: usize) -> LinearSetup {
        LinearSetup { n: 200, d: 20, spectrum: (1.0, 1e-3), noise: 0.1, step: 1.0, steps, seed: 0 }
    }

    #[test]
    fn simulation_matches_the_closed_form_and_the_student_lags() {
        let dirs = setup(100).run();
        for dir in &dirs {
            assert!((dir.teacher.0 - dir.teacher.1).abs() < 1e-6, "{dir:?}");
            assert!((dir.student.0 - dir.student.1).abs() < 1e-6, "{dir:?}");
            if dir.eigenvalue * 100.0 < 3.0 {
                assert!(dir.student.0 < dir.teacher.0, "{dir:?}");
            }
        }
        let at = |l: f64| {
            dirs.iter().min_by(|a, b| (a.eigenvalue - l).abs().total_cmp(&(b.eigenvalue - l).abs())).unwrap()
        };
        // The NumPy reference (bench/reference/distillation_linear_numpy.log) at λ ≈ 0.026: teacher 0.931,
        // student 0.867.
        let d = at(0.026);
        assert!((d.teacher.1 - 0.93).abs() < 0.01 && (d.student.1 - 0.87).abs() < 0.01, "{d:?}");
    }
}

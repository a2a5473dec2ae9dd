//! Reading teacher and student probabilities (no burn: the worker, the tests and the page share
//! it): log-odds of the given label, the least-squares slope of the student's on the teacher's,
//! and the student's probability against the teacher's where the teacher is least sure.

/// Log-odds log(p / (1 − p)), with p kept inside [1e-6, 1 − 1e-6].
pub fn log_odds(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Least-squares fit y = slope·x + intercept: (slope, intercept).
pub fn fit(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (slope, my - slope * mx)
}

/// Mean of student − teacher over the points ranked `from..to` (fractions) by the teacher's
/// probability, least confident first.
pub fn gap_by_teacher_rank(teacher: &[f64], student: &[f64], from: f64, to: f64) -> f64 {
    let mut order: Vec<usize> = (0..teacher.len()).collect();
    order.sort_by(|&a, &b| teacher[a].total_cmp(&teacher[b]).then(a.cmp(&b)));
    let n = teacher.len() as f64;
    let (lo, hi) = ((from * n).round() as usize, ((to * n).round() as usize).max(1));
    let picked = &order[lo.min(hi - 1)..hi.min(order.len())];
    picked.iter().map(|&i| student[i] - teacher[i]).sum::<f64>() / picked.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_and_gaps_read_as_defined() {
        let xs = [0.0, 1.0, 2.0, 3.0];
        let ys: Vec<f64> = xs.iter().map(|x| 1.1 * x - 0.5).collect();
        let (s, c) = fit(&xs, &ys);
        assert!((s - 1.1).abs() < 1e-12 && (c + 0.5).abs() < 1e-12);
        assert!((log_odds(0.5)).abs() < 1e-12 && log_odds(1.0) > 13.0);
        let teacher = [0.9, 0.2, 0.5, 0.1, 0.8, 0.6, 0.7, 0.3, 0.4, 0.95];
        let student = [0.9, 0.1, 0.5, 0.05, 0.8, 0.6, 0.7, 0.3, 0.4, 0.99];
        // The least confident tenth is the point at 0.1: the student is 0.05 lower.
        assert!((gap_by_teacher_rank(&teacher, &student, 0.0, 0.1) + 0.05).abs() < 1e-12);
        assert!((gap_by_teacher_rank(&teacher, &student, 0.5, 1.0) - 0.008).abs() < 1e-12);
    }
}

//! Learning-rate schedules.

/// Linear warm-up to `peak`, then cosine decay to `floor` at `total` steps (nanoGPT's
/// `get_lr`, used by the path-star reference). `step` counts from 0.
pub fn warmup_cosine(step: usize, warmup: usize, total: usize, peak: f64, floor: f64) -> f64 {
    if step < warmup {
        return peak * (step + 1) as f64 / warmup as f64;
    }
    if step >= total {
        return floor;
    }
    let progress = (step - warmup) as f64 / (total - warmup).max(1) as f64;
    floor + 0.5 * (1.0 + (std::f64::consts::PI * progress).cos()) * (peak - floor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_up_then_decays_to_the_floor() {
        assert!((warmup_cosine(0, 100, 1000, 1e-3, 1e-4) - 1e-5).abs() < 1e-12);
        assert!((warmup_cosine(99, 100, 1000, 1e-3, 1e-4) - 1e-3).abs() < 1e-12);
        assert!((warmup_cosine(100, 100, 1000, 1e-3, 1e-4) - 1e-3).abs() < 1e-12);
        assert!((warmup_cosine(550, 100, 1000, 1e-3, 1e-4) - 5.5e-4).abs() < 1e-9);
        assert!((warmup_cosine(1000, 100, 1000, 1e-3, 1e-4) - 1e-4).abs() < 1e-12);
        let lrs: Vec<f64> = (100..1000).map(|s| warmup_cosine(s, 100, 1000, 1e-3, 1e-4)).collect();
        assert!(lrs.windows(2).all(|w| w[1] <= w[0]));
    }
}

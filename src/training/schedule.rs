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

/// PyTorch's `OneCycleLR` with its defaults (cosine annealing, 30 % of the steps rising): from
/// `peak / 25` up to `peak` at step `0.3·total − 1`, then down to `peak / 25 / 10⁴` at the last
/// step, `total − 1`. `step` counts from 0.
pub fn one_cycle(step: usize, total: usize, peak: f64) -> f64 {
    let initial = peak / 25.0;
    let floor = initial / 1e4;
    let anneal = |start: f64, end: f64, pct: f64| {
        end + (start - end) / 2.0 * (1.0 + (std::f64::consts::PI * pct).cos())
    };
    let up_end = (0.3 * total as f64 - 1.0).max(1.0);
    let last = (total.max(1) - 1) as f64;
    let step = (step as f64).min(last);
    if step <= up_end {
        anneal(initial, peak, step / up_end)
    } else {
        anneal(peak, floor, (step - up_end) / (last - up_end).max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cycle_rises_for_30_percent_then_falls_to_its_floor() {
        // As PyTorch's OneCycleLR(max_lr=3e-3, total_steps=2000): 1.2e-4 at 0, 3e-3 at 599,
        // 1.2e-8 at 1999.
        assert!((one_cycle(0, 2000, 3e-3) - 1.2e-4).abs() < 1e-12);
        assert!((one_cycle(599, 2000, 3e-3) - 3e-3).abs() < 1e-12);
        assert!((one_cycle(1999, 2000, 3e-3) - 1.2e-8).abs() < 1e-15);
        let lrs: Vec<f64> = (0..2000).map(|s| one_cycle(s, 2000, 3e-3)).collect();
        assert!(lrs[..600].windows(2).all(|w| w[1] >= w[0]));
        assert!(lrs[599..].windows(2).all(|w| w[1] <= w[0]));
    }

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

//! When a mode sits on a loss plateau, and where it left it.
//!
//! The rule, in words: a mode is **at chance** at an evaluation when fewer than 5 % of held-out
//! paths are right and its teacher-forced accuracy at the positions between the two ends (the
//! ends are copied from the question) averages under 30 %: it does not even follow edges. Its
//! loss is **flat** at an evaluation when the mean training loss of the `window` steps before it
//! is within 5 % of the mean of the `window` steps before those, both after the warm-up. A mode
//! **is on a plateau** from the first of two consecutive evaluations that are at chance, the
//! second with a flat loss; it stays on it while its evaluations are at chance with a flat loss
//! (a loss that falls again is progress: the plateau is over without a mark), and it **leaves**
//! it at the first evaluation that is not at chance. A teacher-forced model that has learned the
//! “Clever Hans” cheat is not at chance by this rule (it follows edges), although its exact
//! match stays near 1/d.

use super::Evaluation;

/// Exact match below which an evaluation can be at chance.
pub const EXACT_AT_CHANCE: f64 = 0.05;
/// Mean teacher-forced accuracy between the ends below which an evaluation can be at chance.
pub const FORCED_AT_CHANCE: f64 = 0.30;
/// Relative change of the mean loss between two windows below which the loss is flat.
pub const FLAT: f64 = 0.05;

/// A mode's plateau, as far as its evaluations tell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plateau {
    /// Not on a plateau (yet, or at all).
    None,
    /// On a plateau since evaluation step `since`, still at the latest evaluation `now`.
    On { since: usize, now: usize },
    /// Was on a plateau from `since` and left it at evaluation step `left`.
    Left { since: usize, left: usize },
}

/// Whether `e` is at chance: almost no path right, and not even the edges followed.
pub fn at_chance(e: &Evaluation) -> bool {
    let inner = e.forced.get(1..e.forced.len().saturating_sub(1)).unwrap_or(&[]);
    let mean = if inner.is_empty() { 0.0 } else { inner.iter().sum::<f64>() / inner.len() as f64 };
    e.exact_match < EXACT_AT_CHANCE && mean < FORCED_AT_CHANCE
}

/// Whether the loss is flat before `step`: `losses` are (step of the mode, training loss).
/// Unknown (false) without at least one loss in each window.
pub fn loss_flat(losses: &[(f64, f64)], step: usize, window: usize) -> bool {
    let (step, window) = (step as f64, window.max(1) as f64);
    let mean = |from: f64, to: f64| {
        let v: Vec<f64> = losses.iter().filter(|(s, _)| *s > from && *s <= to).map(|p| p.1).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    match (mean(step - window, step), mean(step - 2.0 * window, step - window)) {
        (Some(last), Some(before)) if before > 0.0 => ((last - before) / before).abs() < FLAT,
        _ => false,
    }
}

/// The plateau of one mode from its evaluations (in step order) and its losses; `window` is the
/// evaluation interval, `warmup` the warm-up steps.
pub fn track(evals: &[&Evaluation], losses: &[(f64, f64)], window: usize, warmup: usize) -> Plateau {
    let flat = |e: &Evaluation| e.step >= warmup + 2 * window && loss_flat(losses, e.step, window);
    let mut plateau = Plateau::None;
    for (i, e) in evals.iter().enumerate() {
        plateau = match plateau {
            Plateau::None => match i.checked_sub(1).map(|j| evals[j]) {
                Some(p) if at_chance(p) && at_chance(e) && flat(e) => {
                    Plateau::On { since: p.step, now: e.step }
                }
                _ => Plateau::None,
            },
            Plateau::On { since, .. } if at_chance(e) && flat(e) => Plateau::On { since, now: e.step },
            Plateau::On { .. } if at_chance(e) => Plateau::None,
            Plateau::On { since, .. } => Plateau::Left { since, left: e.step },
            left @ Plateau::Left { .. } => left,
        };
    }
    plateau
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::path_star::Mode;

    fn eval(step: usize, exact_match: f64, inner: f64) -> Evaluation {
        Evaluation {
            mode: Mode::Reverse,
            step,
            exact_match,
            generated: vec![1.0, inner, inner, inner, 1.0],
            forced: vec![1.0, inner, inner, inner, 1.0],
            samples: vec![],
        }
    }

    #[test]
    fn chance_is_no_path_and_no_edge_followed() {
        assert!(at_chance(&eval(250, 0.0, 0.1)));
        assert!(!at_chance(&eval(250, 0.0, 0.9)), "following edges (the cheat) is not chance");
        assert!(!at_chance(&eval(250, 0.3, 0.1)));
    }

    #[test]
    fn the_loss_is_flat_when_two_windows_agree_within_five_percent() {
        let flat: Vec<(f64, f64)> = (1..=500).map(|s| (s as f64, 2.0 + 0.01 * ((s % 7) as f64))).collect();
        assert!(loss_flat(&flat, 500, 250));
        let falling: Vec<(f64, f64)> = (1..=500).map(|s| (s as f64, 4.0 - s as f64 / 200.0)).collect();
        assert!(!loss_flat(&falling, 500, 250), "from about 3.4 to 2.8");
        assert!(!loss_flat(&flat, 250, 250), "no window before the first");
    }

    #[test]
    fn a_plateau_starts_after_two_flat_evaluations_at_chance_and_ends_at_the_first_above() {
        let flat: Vec<(f64, f64)> = (1..=2000).map(|s| (s as f64, 2.3)).collect();
        let evals = [eval(250, 0.0, 0.1), eval(500, 0.0, 0.1), eval(750, 0.01, 0.12), eval(1000, 0.9, 0.95)];
        let refs: Vec<&Evaluation> = evals.iter().collect();
        assert_eq!(track(&refs[..1], &flat, 250, 0), Plateau::None, "one evaluation is not a plateau");
        assert_eq!(track(&refs[..2], &flat, 250, 0), Plateau::On { since: 250, now: 500 });
        assert_eq!(track(&refs[..3], &flat, 250, 0), Plateau::On { since: 250, now: 750 });
        assert_eq!(track(&refs, &flat, 250, 0), Plateau::Left { since: 250, left: 1000 });
        assert_eq!(
            track(&refs, &flat, 250, 100),
            Plateau::Left { since: 500, left: 1000 },
            "windows after the warm-up"
        );
        assert_eq!(
            track(&refs, &flat, 250, 300),
            Plateau::None,
            "the loss is compared after the warm-up only"
        );
        let falling: Vec<(f64, f64)> = (1..=2000).map(|s| (s as f64, 5.0 - s as f64 / 500.0)).collect();
        assert_eq!(track(&refs, &falling, 250, 100), Plateau::None, "a falling loss is progress");
        let falls_later: Vec<(f64, f64)> = (1..=2000)
            .map(|s| (s as f64, if s <= 500 { 3.0 } else { 3.0 - (s - 500) as f64 / 200.0 }))
            .collect();
        assert_eq!(track(&refs[..2], &falls_later, 250, 0), Plateau::On { since: 250, now: 500 });
        assert_eq!(
            track(&refs[..3], &falls_later, 250, 0),
            Plateau::None,
            "falling again: over, without a mark"
        );
    }
}

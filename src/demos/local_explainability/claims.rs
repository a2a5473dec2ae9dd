//! What the local-explainability paper claims, as this setting tests it
//! ([`crate::demos::claims`]): judged over the whole zoo once every network has reached every
//! measurement step.

use super::config::{CLAIM_SIGMA, LocalExplainabilityConfig, WIDE_SIGMA};
use super::results::Measurement;
use crate::demos::claims::{Bound, Claim, Measured, NegativeControl, Progress};
use crate::demos::reference::Source;

const LOG: &str = "bench/reference/local_explainability_numpy.log";

/// The claims: MNF ranks the networks by generalisation gap; the fidelity penalty lowers both;
/// fidelity worsens with σ; explanations fitted over narrow neighbourhoods do not generalise.
pub const CLAIMS: &[Claim<LocalExplainabilityConfig, Measurement>] = &[
    Claim {
        id: "mnf-predicts-gap",
        statement: "Networks whose local linear explanations hold over wider neighbourhoods generalise better: \
            over the zoo, the rank correlation between MNF at σ = 0.5 and the generalisation gap (test − training \
            MSE) is strong.",
        section: "§4 (Theorem 1) and §6, Figure 2",
        bound: Bound::AtLeast(0.6),
        evidence: "every network of the zoo at every measurement step",
        reference: Some((
            "Spearman 0.79 over widths 16 and 64 (36 models); 0.86 with width 256 too",
            Source::NumPy(LOG),
        )),
        measure: mnf_gap_correlation,
    },
    Claim {
        id: "penalty-cuts-gap",
        statement: "Training with the fidelity penalty (ExpO) makes networks generalise better: the largest λ cuts \
            the mean generalisation gap of the longest-trained networks, against λ = 0, by at least half.",
        section: "§6, Figure 3 (after Plumb et al., ExpO)",
        bound: Bound::AtLeast(0.5),
        evidence: "every width and seed at the last measurement step, at λ = 0 and the largest λ",
        reference: Some((
            "λ 0 → 100: gap 0.904 → 0.263 at width 64 (cut 71 %), 0.612 → 0.122 at 16",
            Source::NumPy(LOG),
        )),
        measure: penalty_gap_cut,
    },
    Claim {
        id: "penalty-cuts-mnf",
        statement: "The same penalty makes the explanations faithful over wider neighbourhoods: the largest λ lowers \
            the mean MNF at σ = 0.5 of the longest-trained networks at least tenfold.",
        section: "§6, Figure 3",
        bound: Bound::AtLeast(10.0),
        evidence: "every width and seed at the last measurement step, at λ = 0 and the largest λ",
        reference: Some(("λ 0 → 100: 57.9× lower at width 64, 95.8× at 16", Source::NumPy(LOG))),
        measure: penalty_mnf_ratio,
    },
    Claim {
        id: "fidelity-worsens-with-width",
        statement: "The wider the neighbourhood, the worse a local linear explanation fits: NF and MNF rise with σ \
            for every network (the share of networks where both rise at every step of σ).",
        section: "§5 (the neighbourhood's width trades fidelity for generality)",
        bound: Bound::AtLeast(1.0),
        evidence: "every network of the zoo",
        reference: Some(("54 of 54 networks", Source::NumPy(LOG))),
        measure: fidelity_rises,
    },
    Claim {
        id: "narrow-explanations-overfit",
        statement: "Explanations fitted on a finite sample need wide neighbourhoods to generalise: at σ = 0.5 a \
            kernel-weighted explanation rests on about two training patients, and its error on held-out patients is \
            at least ten times its error on those it was fitted to (λ = 0, longest-trained networks).",
        section: "§5, Theorem 2 (explanation generalisation)",
        bound: Bound::AtLeast(10.0),
        evidence: "every width and seed at λ = 0, the last measurement step",
        reference: Some(("117–200× (effective sample 2.3 patients)", Source::NumPy(LOG))),
        measure: narrow_overfit,
    },
    Claim {
        id: "wider-explanations-generalise",
        statement: "Widening the neighbourhood closes that gap: held-out minus in-sample error at σ = 0.5 is more \
            than five times the same gap at σ = 1 (about 18 patients).",
        section: "§5, Theorem 2",
        bound: Bound::Above(5.0),
        evidence: "every width and seed at λ = 0, the last measurement step",
        reference: Some(("5.1–42.1× per network at widths 16 and 64", Source::NumPy(LOG))),
        measure: gap_shrinks,
    },
];

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: r#"{"lambdas": [0, 1], "widths": [64], "seeds": 1, "eval_points": 40}"#,
    why: "A weak penalty (λ = 1) leaves the networks nearly as curved as unregularised ones: it cuts neither the \
        gap by half nor MNF tenfold.",
    fails: &["penalty-cuts-gap", "penalty-cuts-mnf"],
}];

/// The zoo so far, and whether it is complete.
fn zoo<'a>(config: &LocalExplainabilityConfig, results: &[&'a Measurement]) -> (Vec<&'a Measurement>, bool) {
    (results.to_vec(), results.len() >= config.zoo_size())
}

fn at(models: usize, complete: bool) -> String {
    if complete { "the whole zoo".into() } else { format!("{models} models") }
}

/// Spearman's rank correlation (average ranks for ties).
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
        let mut r = vec![0.0; v.len()];
        let mut i = 0;
        while i < idx.len() {
            let mut j = i;
            while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
                j += 1;
            }
            for k in i..=j {
                r[idx[k]] = (i + j) as f64 / 2.0;
            }
            i = j + 1;
        }
        r
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |r: &[f64], m: f64| r.iter().map(|x| (x - m).powi(2)).sum::<f64>();
    cov / (var(&ra, ma) * var(&rb, mb)).sqrt()
}

/// The correlation over the zoo so far.
pub fn correlation(results: &[&Measurement]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> =
        results.iter().filter_map(|m| Some((m.at(CLAIM_SIGMA)?.mnf, m.gap()))).collect();
    (pairs.len() >= 3).then(|| {
        let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        spearman(&a, &b)
    })
}

/// Why a claim that reads σ = `sigmas` cannot be decided at these settings, if it cannot.
fn missing(config: &LocalExplainabilityConfig, sigmas: &[f64]) -> Option<Progress> {
    let absent: Vec<String> =
        sigmas.iter().filter(|&&s| !config.measures(s)).map(|s| s.to_string()).collect();
    (!absent.is_empty()).then(|| {
        Progress::Undecidable(format!(
            "the claim reads σ = {}: add it to the neighbourhoods σ",
            absent.join(" and ")
        ))
    })
}

fn mnf_gap_correlation(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    if let Some(undecidable) = missing(config, &[CLAIM_SIGMA]) {
        return undecidable;
    }
    let (zoo, complete) = zoo(config, results);
    match correlation(&zoo) {
        Some(rho) => Progress::judged(Measured::new(rho, at(zoo.len(), complete)), complete),
        None => Progress::Waiting("three measured networks".into()),
    }
}

/// The longest-trained networks at `lambda`, and whether all of them are in.
fn longest<'a>(
    config: &LocalExplainabilityConfig,
    results: &[&'a Measurement],
    lambda: f64,
) -> (Vec<&'a Measurement>, bool) {
    let last = config.last_step();
    let found: Vec<&Measurement> =
        results.iter().copied().filter(|m| m.steps == last && (m.lambda - lambda).abs() < 1e-12).collect();
    let complete = found.len() >= config.jobs().len();
    (found, complete)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// (λ = 0 mean, largest-λ mean, complete) of `value` over the longest-trained networks.
fn penalty(
    config: &LocalExplainabilityConfig,
    results: &[&Measurement],
    value: fn(&Measurement) -> Option<f64>,
) -> Result<(f64, f64, bool), Progress> {
    let lambdas = config.sorted_lambdas();
    let (lo, hi) = (lambdas[0], *lambdas.last().unwrap_or(&0.0));
    if lo != 0.0 || hi <= 0.0 {
        return Err(Progress::Undecidable("the claim compares λ = 0 with a positive λ: include both".into()));
    }
    let (plain, done_plain) = longest(config, results, lo);
    let (penalised, done_penalised) = longest(config, results, hi);
    match (mean(plain.iter().filter_map(|m| value(m))), mean(penalised.iter().filter_map(|m| value(m)))) {
        (Some(a), Some(b)) => Ok((a, b, done_plain && done_penalised)),
        _ => Err(Progress::Waiting(format!(
            "networks at λ = 0 and λ = {hi} after {} steps",
            config.last_step()
        ))),
    }
}

fn penalty_gap_cut(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    match penalty(config, results, |m| Some(m.gap())) {
        Ok((plain, penalised, complete)) => {
            let cut = 1.0 - penalised / plain;
            let shown = format!("{:.0} % ({plain:.3} → {penalised:.3})", 100.0 * cut);
            Progress::judged(
                Measured::new(cut, format!("step {}", config.last_step())).shown(shown),
                complete,
            )
        }
        Err(waiting) => waiting,
    }
}

fn penalty_mnf_ratio(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    if let Some(undecidable) = missing(config, &[CLAIM_SIGMA]) {
        return undecidable;
    }
    match penalty(config, results, |m| Some(m.at(CLAIM_SIGMA)?.mnf)) {
        Ok((plain, penalised, complete)) => {
            let ratio = plain / penalised;
            let shown = format!("{ratio:.1}× ({plain:.2e} → {penalised:.2e})");
            Progress::judged(
                Measured::new(ratio, format!("step {}", config.last_step())).shown(shown),
                complete,
            )
        }
        Err(waiting) => waiting,
    }
}

fn fidelity_rises(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    if config.sorted_sigmas().len() < 2 {
        return Progress::Undecidable("the claim compares neighbourhoods: give at least two σ".into());
    }
    let (zoo, complete) = zoo(config, results);
    if zoo.is_empty() {
        return Progress::Waiting("the first measured network".into());
    }
    let rising =
        zoo.iter().filter(|m| m.nf.windows(2).all(|w| w[1].nf > w[0].nf && w[1].mnf > w[0].mnf)).count();
    let share = rising as f64 / zoo.len() as f64;
    let shown = format!("{rising} of {}", zoo.len());
    Progress::judged(Measured::new(share, at(zoo.len(), complete)).shown(shown), complete)
}

/// (mean of `value`, complete) over the λ = 0 networks after the last step.
fn unpenalised(
    config: &LocalExplainabilityConfig,
    results: &[&Measurement],
    value: impl Fn(&Measurement) -> Option<f64>,
) -> Option<(f64, bool)> {
    if !config.lambdas.contains(&0.0) {
        return None;
    }
    let (plain, complete) = longest(config, results, 0.0);
    mean(plain.iter().filter_map(|m| value(m))).map(|v| (v, complete))
}

fn narrow_overfit(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    if let Some(undecidable) = missing(config, &[CLAIM_SIGMA]) {
        return undecidable;
    }
    let held = unpenalised(config, results, |m| Some(m.explained_at(CLAIM_SIGMA)?.held_out));
    let fitted = unpenalised(config, results, |m| Some(m.explained_at(CLAIM_SIGMA)?.in_sample));
    let size = unpenalised(config, results, |m| Some(m.explained_at(CLAIM_SIGMA)?.effective_size));
    match (held, fitted, size) {
        (Some((held, complete)), Some((fitted, _)), Some((size, _))) => {
            let ratio = held / fitted;
            let shown = format!("{ratio:.0}× (effective sample {size:.1} patients)");
            Progress::judged(
                Measured::new(ratio, format!("step {}", config.last_step())).shown(shown),
                complete,
            )
        }
        _ if !config.lambdas.contains(&0.0) => {
            Progress::Undecidable("include λ = 0: the claim reads it".into())
        }
        _ => Progress::Waiting(format!("a network at λ = 0 after {} steps", config.last_step())),
    }
}

fn gap_shrinks(config: &LocalExplainabilityConfig, results: &[&Measurement]) -> Progress {
    if let Some(undecidable) = missing(config, &[CLAIM_SIGMA, WIDE_SIGMA]) {
        return undecidable;
    }
    let narrow = unpenalised(config, results, |m| Some(m.explained_at(CLAIM_SIGMA)?.gap()));
    let wide = unpenalised(config, results, |m| Some(m.explained_at(WIDE_SIGMA)?.gap()));
    match (narrow, wide) {
        (Some((narrow, complete)), Some((wide, _))) => {
            let ratio = narrow / wide.max(f64::MIN_POSITIVE);
            let shown = format!("{ratio:.1}× ({narrow:.3} → {wide:.3})");
            Progress::judged(
                Measured::new(ratio, format!("step {}", config.last_step())).shown(shown),
                complete,
            )
        }
        _ if !config.lambdas.contains(&0.0) => {
            Progress::Undecidable("include λ = 0: the claim reads it".into())
        }
        _ => Progress::Waiting(format!("a network at λ = 0 after {} steps", config.last_step())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_without_their_neighbourhood_are_undecidable() {
        let config = LocalExplainabilityConfig { sigmas: vec![0.1, 0.25], ..Default::default() };
        let undecidable = |p: Progress| matches!(p, Progress::Undecidable(ref why) if why.contains("σ"));
        assert!(undecidable(mnf_gap_correlation(&config, &[])));
        assert!(undecidable(gap_shrinks(&config, &[])));
        let one = LocalExplainabilityConfig { sigmas: vec![0.5], ..Default::default() };
        assert!(undecidable(fidelity_rises(&one, &[])));
        assert!(matches!(mnf_gap_correlation(&one, &[]), Progress::Waiting(_)));
    }

    #[test]
    fn spearman_ranks_with_ties() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 1.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 4.0]) - 0.9487).abs() < 1e-3);
    }
}

//! What the down-scaling paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! on the full models pruned at every sparsity, once every seed's full model is measured.

use super::{Band, Crossings, DownScalingConfig, Measured, Report, bands};
use crate::demos::claims::{Bound, Claim, Measured as Value, Progress};

/// The sparsity (a share) at which the losses of fact recall and in-context accuracy are compared.
pub const COMPARED_AT: f64 = 0.3;

/// The claims: pruning erases stored facts well before it erases in-context answers.
pub const CLAIMS: &[Claim<DownScalingConfig, Report>] = &[
    Claim {
        id: "full-model-learns",
        statement: "Unpruned, the model both recalls the facts and answers the in-context questions: the lower of \
            the two accuracies, in its worst seed.",
        section: "§1 and Figs. 1–4",
        bound: Bound::AtLeast(0.95),
        evidence: "every seed's full model",
        reference: None,
        measure: full_model,
    },
    Claim {
        id: "facts-lost-at-30",
        statement: "Moderate pruning (30 % of the block weights) already erases fact recall: points lost from the \
            unpruned model (mean over seeds).",
        section: "§1 and Figs. 1–4",
        bound: Bound::AtLeast(15.0),
        evidence: "every seed's full model, pruned at 0 and 30 %",
        reference: None,
        measure: facts_lost,
    },
    Claim {
        id: "in-context-kept-at-30",
        statement: "At the same sparsity in-context answers survive: points of in-context accuracy lost (mean over \
            seeds).",
        section: "§1 and Figs. 1–4",
        bound: Bound::AtMost(5.0),
        evidence: "every seed's full model, pruned at 0 and 30 %",
        reference: None,
        measure: in_context_lost,
    },
    Claim {
        id: "facts-fall-first",
        statement: "Fact recall falls below half at a lower sparsity than in-context accuracy does: the gap between \
            the two sparsities (points), on the mean curves and in the worst seed.",
        section: "§1 and Figs. 1–4",
        bound: Bound::AtLeast(15.0),
        evidence: "every seed's full model at every sparsity",
        reference: None,
        measure: crossing_gap,
    },
];

/// The full models measured so far, and whether every seed's is.
fn full_models<'a>(config: &DownScalingConfig, results: &[&'a Report]) -> (Vec<&'a Measured>, bool) {
    let models: Vec<&Measured> = results
        .iter()
        .filter_map(|r| match r {
            Report::Measured(m) if !m.dense => Some(m),
            _ => None,
        })
        .collect();
    let complete = models.len() >= config.seeds;
    (models, complete)
}

fn judged(value: Value, complete: bool) -> Progress {
    if complete { Progress::Final(value) } else { Progress::Partial(value) }
}

fn seeds(models: &[&Measured], config: &DownScalingConfig) -> String {
    format!("seed {} of {}", models.len(), config.seeds)
}

fn full_model(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    let (models, complete) = full_models(config, results);
    let worst = models
        .iter()
        .filter_map(|m| {
            m.points.iter().find(|p| p.sparsity == 0.0).map(|p| (m.seed, p.facts.min(p.in_context)))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match worst {
        Some((seed, value)) => judged(
            Value::new(value, seeds(&models, config)).shown(format!("{value:.3} (seed {seed})")),
            complete,
        ),
        None if config.sparsities.contains(&0) => Progress::Waiting("the first full model".into()),
        None => Progress::Undecidable("needs sparsity 0 % in the list of sparsities".into()),
    }
}

/// The mean bands at 0 and 30 %, when both are measured.
fn zero_and_thirty(
    config: &DownScalingConfig,
    models: &[&Measured],
) -> Result<Option<(Band, Band)>, Progress> {
    let wanted = (COMPARED_AT * 100.0).round() as usize;
    if !config.sparsities.contains(&0) || !config.sparsities.contains(&wanted) {
        return Err(Progress::Undecidable(format!("needs sparsities 0 and {wanted} % in the list")));
    }
    let owned: Vec<Measured> = models.iter().map(|m| (*m).clone()).collect();
    let all = bands(&owned);
    let at = |s: f64| all.iter().find(|b| (b.sparsity - s).abs() < 1e-9).cloned();
    Ok(at(0.0).zip(at(COMPARED_AT)))
}

fn facts_lost(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    let (models, complete) = full_models(config, results);
    match zero_and_thirty(config, &models) {
        Err(p) => p,
        Ok(None) => Progress::Waiting("the first full model".into()),
        Ok(Some((full, thirty))) => {
            let lost = 100.0 * (full.facts.0 - thirty.facts.0);
            let shown = format!("{lost:.1} points ({:.3} → {:.3})", full.facts.0, thirty.facts.0);
            judged(Value::new(lost, seeds(&models, config)).shown(shown), complete)
        }
    }
}

fn in_context_lost(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    let (models, complete) = full_models(config, results);
    match zero_and_thirty(config, &models) {
        Err(p) => p,
        Ok(None) => Progress::Waiting("the first full model".into()),
        Ok(Some((full, thirty))) => {
            let lost = 100.0 * (full.in_context.0 - thirty.in_context.0);
            let shown = format!("{lost:.1} points ({:.3} → {:.3})", full.in_context.0, thirty.in_context.0);
            judged(Value::new(lost, seeds(&models, config)).shown(shown), complete)
        }
    }
}

fn crossing_gap(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    let (models, complete) = full_models(config, results);
    if models.is_empty() {
        return Progress::Waiting("the first full model".into());
    }
    let owned: Vec<Measured> = models.iter().map(|m| (*m).clone()).collect();
    let all = bands(&owned);
    let end = all.last().map_or(0.9, |b| b.sparsity);
    let mean = Crossings::of(&all).gap(end);
    let worst_seed = models
        .iter()
        .map(|m| Crossings::of_model(m).gap(end))
        .try_fold(f64::INFINITY, |w, g| g.map(|g| w.min(g)));
    let (Some(mean), Some(worst)) = (mean, worst_seed) else {
        let value = Value::new(0.0, seeds(&models, config)).shown("fact recall never fell below half");
        return judged(value, complete);
    };
    let gap = 100.0 * mean.min(worst);
    let shown =
        format!("{:.0} points on the mean curves, {:.0} in the worst seed", 100.0 * mean, 100.0 * worst);
    judged(Value::new(gap, seeds(&models, config)).shown(shown), complete)
}

//! What the down-scaling paper claims, as this setting tests it ([`crate::demos::claims`]): judged
//! on the full models pruned at every sparsity, once every seed's full model is measured.

use super::{Band, Crossings, DownScalingConfig, HALF, Measured, Report, at_one_step, bands};
use crate::demos::claims::{Bound, Claim, Measured as Value, NegativeControl, Progress};

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

/// The negative controls ([`NegativeControl`]): where claims must not hold.
pub const CONTROLS: &[NegativeControl] = &[NegativeControl {
    overrides: concat!(
        r#"{"facts": 128, "seeds": 1, "steps": 500, "dense_widths": [0], "eval_questions": 256, "#,
        r#""sparsities": [0, 30, 50, 70, 90]}"#
    ),
    why: "With 128 facts instead of 2,048 the model stores them with capacity to spare: pruning 30 % of its \
            weights erases none, and fact recall outlasts in-context accuracy.",
    fails: &["facts-lost-at-30", "facts-fall-first"],
}];

/// The full models measured so far, all read at one step ([`at_one_step`]: at a checkpoint while
/// some still train), and whether every seed's is measured after its last step.
fn full_models<'a>(config: &DownScalingConfig, results: &[&'a Report]) -> (Vec<&'a Measured>, bool) {
    let (models, _) = at_one_step(results.iter().filter_map(|r| r.measured()));
    let models: Vec<&Measured> = models.into_iter().filter(|m| !m.dense).collect();
    let complete = models.len() >= config.seeds && models.iter().all(|m| m.is_final());
    (models, complete)
}

/// Where the evidence stands: seeds measured, and the earliest step of a model measured while it
/// trains.
fn seeds(models: &[&Measured], config: &DownScalingConfig) -> String {
    let seeds = format!("seed {} of {}", models.len(), config.seeds);
    match models.iter().filter_map(|m| m.checkpoint).min() {
        Some(step) => format!("{seeds}, models at step {step} of {}", config.steps),
        None => seeds,
    }
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
        Some((seed, value)) => Progress::judged(
            Value::new(value, seeds(&models, config)).shown(format!("{value:.3} (seed {seed})")),
            complete,
        ),
        None if config.sparsities.contains(&0) => Progress::Waiting("the first full model".into()),
        None => Progress::Undecidable("needs sparsity 0 % in the list of sparsities".into()),
    }
}

/// Pruning can only erase what was learned: the comparisons need both abilities above half in the
/// unpruned models (the mean band at 0 %), else they say so (or, while the models train, wait).
fn unlearned(all: &[Band], models: &[&Measured], config: &DownScalingConfig) -> Option<Progress> {
    let full = all.iter().find(|b| b.sparsity == 0.0)?;
    (full.facts.0 < HALF || full.in_context.0 < HALF).then(|| {
        let (facts, in_context) = (full.facts.0, full.in_context.0);
        if models.iter().any(|m| !m.is_final()) {
            return Progress::Waiting(format!(
                "models that learned both abilities ({}: facts {facts:.3}, in-context {in_context:.3} unpruned)",
                seeds(models, config)
            ));
        }
        Progress::Undecidable(format!(
            "the unpruned models did not learn both abilities (facts {facts:.3}, in-context {in_context:.3} at 0 %): \
                train longer"
        ))
    })
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
    let all = bands(models.iter().copied());
    if let Some(p) = unlearned(&all, models, config) {
        return Err(p);
    }
    let at = |s: f64| all.iter().find(|b| (b.sparsity - s).abs() < 1e-9).cloned();
    Ok(at(0.0).zip(at(COMPARED_AT)))
}

/// Points of mean accuracy (`ability` picks facts or in-context) lost from 0 to 30 % sparsity.
fn lost(config: &DownScalingConfig, results: &[&Report], ability: fn(&Band) -> f64) -> Progress {
    let (models, complete) = full_models(config, results);
    match zero_and_thirty(config, &models) {
        Err(p) => p,
        Ok(None) if models.is_empty() => Progress::Waiting("the first full model".into()),
        Ok(None) => {
            Progress::Waiting(format!("the models measured at 0 and 30 % ({})", seeds(&models, config)))
        }
        Ok(Some((full, thirty))) => {
            let (before, after) = (ability(&full), ability(&thirty));
            let lost = 100.0 * (before - after);
            let shown = format!("{lost:.1} points ({before:.3} → {after:.3})");
            Progress::judged(Value::new(lost, seeds(&models, config)).shown(shown), complete)
        }
    }
}

fn facts_lost(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    lost(config, results, |b| b.facts.0)
}

fn in_context_lost(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    lost(config, results, |b| b.in_context.0)
}

fn crossing_gap(config: &DownScalingConfig, results: &[&Report]) -> Progress {
    let (models, complete) = full_models(config, results);
    if models.is_empty() {
        return Progress::Waiting("the first full model".into());
    }
    let all = bands(models.iter().copied());
    if let Some(p) = unlearned(&all, &models, config) {
        return p;
    }
    if all.len() < config.sparsity_fractions().len() {
        return Progress::Waiting(format!(
            "the models measured at every sparsity ({})",
            seeds(&models, config)
        ));
    }
    let end = all.last().map_or(0.9, |b| b.sparsity);
    let mean = Crossings::of(&all).gap(end);
    let worst_seed = models
        .iter()
        .map(|m| Crossings::of_model(m).gap(end))
        .try_fold(f64::INFINITY, |w, g| g.map(|g| w.min(g)));
    let (Some(mean), Some(worst)) = (mean, worst_seed) else {
        let value = Value::new(0.0, seeds(&models, config)).shown("fact recall never fell below half");
        return Progress::judged(value, complete);
    };
    let gap = 100.0 * mean.min(worst);
    let shown =
        format!("{:.0} points on the mean curves, {:.0} in the worst seed", 100.0 * mean, 100.0 * worst);
    Progress::judged(Value::new(gap, seeds(&models, config)).shown(shown), complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::claims::{State, judge};
    use crate::demos::down_scaling::Point;

    /// One full model per seed with these (facts, in-context) accuracies at 0, 10 … 90 % sparsity.
    fn models(curve: &[(f64, f64)], seeds: usize) -> Vec<Report> {
        (0..seeds)
            .map(|seed| {
                let points = curve
                    .iter()
                    .enumerate()
                    .map(|(i, &(facts, in_context))| Point { sparsity: i as f64 / 10.0, facts, in_context })
                    .collect();
                Report::Measured(Measured {
                    task: seed,
                    seed,
                    width: 32,
                    dense: false,
                    block_weights: 1,
                    final_loss: 0.1,
                    seconds: 1.0,
                    checkpoint: None,
                    points,
                })
            })
            .collect()
    }

    fn states(curve: &[(f64, f64)]) -> Vec<State> {
        let config = DownScalingConfig::default();
        let reports = models(curve, config.seeds);
        let refs: Vec<&Report> = reports.iter().collect();
        judge(CLAIMS, &config, &refs).iter().map(|v| v.state).collect()
    }

    /// Facts fall below half at 30 %, in-context at 70 %.
    const LEARNED: [(f64, f64); 10] = [
        (1.0, 1.0),
        (0.95, 1.0),
        (0.8, 1.0),
        (0.4, 0.99),
        (0.2, 0.95),
        (0.1, 0.9),
        (0.05, 0.7),
        (0.02, 0.4),
        (0.02, 0.2),
        (0.02, 0.1),
    ];

    #[test]
    fn pruning_claims_wait_for_a_model_that_learned_and_then_follow_the_curves() {
        assert_eq!(states(&LEARNED), [State::Holds; 4]);
        // An untrained model: nothing to erase, so the comparisons are not decided.
        let untrained = [(0.2, 0.26); 10];
        let s = states(&untrained);
        assert_eq!(s[0], State::DoesNotHold, "the full model did not learn");
        assert_eq!(&s[1..], [State::NotDecided; 3]);
    }

    #[test]
    fn checkpoints_show_values_and_only_the_last_step_decides() {
        let config = DownScalingConfig::default();
        let at = |step: Option<usize>, curve: &[(f64, f64)]| -> Vec<Report> {
            models(curve, config.seeds)
                .into_iter()
                .map(|r| match r {
                    Report::Measured(m) => Report::Measured(Measured { checkpoint: step, ..m }),
                    other => other,
                })
                .collect()
        };
        let judged = |reports: &[Report]| {
            let refs: Vec<&Report> = reports.iter().collect();
            judge(CLAIMS, &config, &refs)
        };
        // Every seed at step 500, with curves that would hold: values shown, nothing decided.
        let early = judged(&at(Some(500), &LEARNED));
        assert!(early.iter().all(|v| v.state == State::NotDecided && v.value.is_some()), "{early:?}");
        assert_eq!(early[0].at.as_deref(), Some("seed 3 of 3, models at step 500 of 1000"));
        // A first look at the unpruned models alone: their accuracy shows, the comparisons wait.
        let first = judged(&at(Some(200), &LEARNED[..1]));
        assert!(first.iter().all(|v| v.state == State::NotDecided), "{first:?}");
        assert!(first[0].value.is_some() && first[1..].iter().all(|v| v.value.is_none()), "{first:?}");
        // Not learned yet at step 150: the comparisons wait instead of calling the run too short.
        let untrained = judged(&at(Some(150), &[(0.02, 0.3); 10]));
        assert!(untrained.iter().all(|v| v.state == State::NotDecided), "{untrained:?}");
        // A seed's final measurement after its checkpoint counts once, and decides.
        let mut both = at(Some(500), &LEARNED);
        both.extend(at(None, &LEARNED));
        assert!(judged(&both).iter().all(|v| v.state == State::Holds));
        // Two seeds trained, the third at step 500: all read at step 500, not decided.
        let mut mixed = at(Some(500), &LEARNED);
        mixed.extend(at(None, &LEARNED).into_iter().take(2));
        let verdicts = judged(&mixed);
        assert!(verdicts.iter().all(|v| v.state == State::NotDecided), "{verdicts:?}");
        assert_eq!(verdicts[0].at.as_deref(), Some("seed 3 of 3, models at step 500 of 1000"));
    }
}

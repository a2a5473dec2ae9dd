//! The path-star page's "why" part: why teacher forcing fails here, with what this browser
//! measured beside the references (the paper's findings, and our own logged native runs).

use super::{key, latest};
use crate::demos::Demo;
use crate::demos::path_star::{Evaluation, PathStar, PathStarConfig, presets};
use crate::demos::reference::{Source, cite_where};
use crate::estimate::cost::count;
use yew::prelude::*;

pub(super) fn why_view(evals: &[Evaluation], config: &PathStarConfig) -> Html {
    let reference = config.shape() == PathStarConfig::default().shape()
        && config.layers == 2
        && config.d_model == 64
        && config.heads == 2;
    let rows = latest(evals, &config.modes).into_iter().map(|(m, e)| {
        // References by mode: the paper's findings, and our own native runs (each labelled with its log).
        let refs = |pick| cite_where(PathStar::REFERENCES, key(m), pick);
        let (paper, ours) = (refs(|s| !matches!(s, Source::Log(_))), refs(|s| matches!(s, Source::Log(_))));
        let measured = e.as_ref().map_or("—".to_string(), |e| {
            let decision = e.forced.get(1).copied().unwrap_or(0.0);
            let rest = e.forced.iter().skip(2).copied().fold(1.0f64, f64::min);
            format!("{:.3} at step {} (forced: decision {:.2}, later positions ≥ {:.2})", e.exact_match, e.step,
                decision, rest)
        });
        html! { <tr><td>{ m.label() }</td><td
            data-testid={format!("measured-{}", key(m))}>{ measured }</td><td>{ paper }</td><td>{ ours }</td></tr> }
    });
    html! {
        <div class="figure why">
            <h2>{ "Why teacher forcing fails here" }</h2>
            <p>
                { "Teacher forcing trains each path token with the true previous tokens as input. Given the previous \
                    node, the next one is simply the node its single outgoing edge points to — so positions 3 onwards \
                    are learned almost at once, the loss falls, and the gradient that would teach the hard part, which \
                    arm to take at the source, all but vanishes. At test time the model must supply its own previous \
                    tokens: it guesses the arm (right 1/d of the time) and then follows it perfectly." }
            </p>
            <p>
                { "Written backwards, every step is an edge lookup from the goal, so there is nothing to cheat on: the \
                    reverse model solves the task. A teacherless model sees no answer tokens, so it cannot use the \
                    cheat either; it has to work out the whole arm from the goal in one pass. At this size it learns \
                    only what needs no planning — the source and the goal, copied from the question — in every budget \
                    we have logged (10,000 steps on an H200: see the references below); the paper calls teacherless \
                    training a preliminary fix that works in some settings." }
            </p>
            <table>
                <thead><tr><th>{ "mode" }</th><th>{ "measured here, in this browser" }</th>
                    <th>{ "reference: the paper" }</th><th>{ "reference: minima natively (our logged runs)" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            { study_teacherless(config) }
            if !reference {
                <p class="note">{ "These settings differ from the reference (G(2, 5, 50), 2 layers, width 64, 2 \
                    heads): the reference numbers do not apply directly." }</p>
            }
        </div>
    }
}

/// What the study's teacherless run at this shape reached, when the study has one.
fn study_teacherless(config: &PathStarConfig) -> Html {
    let Some(study) = presets::for_shape(config) else { return Html::default() };
    let Some((rung, t)) = study.rungs.iter().find_map(|r| r.teacherless.as_ref().map(|t| (r, t))) else {
        return Html::default();
    };
    let forced = t.forced.iter().map(|a| format!("{a:.2}")).collect::<Vec<_>>().join(", ");
    html! {
        <p class="note" data-testid="study-teacherless">
            { format!(
                "Reference, our native study (bench/path-star-study): at G({}, {}, {}) with {} layers, width {}, {} \
                    heads, teacherless reached exact match {:.3} after {} steps, teacher-forced accuracy by position \
                    [{forced}].",
                study.degree, study.path_len, study.labels, rung.layers, rung.d_model, rung.heads, t.exact_match,
                    count(t.step as u64)
            ) }
        </p>
    }
}

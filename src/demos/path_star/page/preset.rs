//! The preset offer: when the graph's shape (or the model) is not the default, what the study
//! (`bench/path-star-study/`) found for this shape: its model and budget with one click to apply
//! and their expected time here, or that the shape has no calibrated preset, and why.

use crate::demos::Demo;
use crate::demos::Problem;
use crate::demos::path_star::presets::{self, Rung, ShapeStudy};
use crate::demos::path_star::{PathStar, PathStarConfig};
use crate::engine::Backend;
use crate::estimate;
use crate::estimate::cost::count;
use yew::prelude::*;

/// "reached 0.95 in 2 of 2 seeds (at steps 1,250 and 1,500) within 3,000 steps".
fn rung_result(rung: &Rung, threshold: f64) -> String {
    let at: Vec<String> = rung.seeds.iter().filter_map(|s| s.reached_at.map(|a| count(a as u64))).collect();
    let when = if at.is_empty() { String::new() } else { format!(" (at steps {})", at.join(" and ")) };
    format!(
        "reverse training reached exact match {threshold} in {} of the {} seeds run{when} within {} steps",
        rung.reached,
        rung.tried,
        count(rung.steps as u64)
    )
}

fn shape_name(config: &PathStarConfig) -> String {
    format!("G({}, {}, {})", config.degree, config.path_len, config.labels)
}

/// Whether the page shows the offer: not at the default shape with the default model (the
/// paper's reference setting, whose own budget is the default).
pub(super) fn offered(config: &PathStarConfig) -> bool {
    let default = PathStarConfig::default();
    let model = |c: &PathStarConfig| (c.layers, c.d_model, c.heads);
    config.shape() != default.shape() || model(config) != model(&default)
}

/// The offer, or nothing at the default shape with the default model.
pub(super) fn preset_view(
    config: &PathStarConfig,
    backend: Backend,
    on_set: &Callback<Vec<(String, String)>, Vec<Problem>>,
) -> Html {
    if !offered(config) {
        return Html::default();
    }
    let study = presets::study();
    let shape = shape_name(config);
    let source = "Source: bench/path-star-study, native runs on a 2-core CPU; a third seed runs only when the first \
        two disagree.";
    let shape_study = presets::for_shape(config);
    let body = match shape_study {
        None => html! {
            <p>{ format!("No calibrated preset for {shape}: the study covers degrees 2 to 5 and path lengths 5 and 6 \
                with 50 labels. Reverse training may sit on a plateau for a long time; a larger model (width 128, 4 \
                heads) or more steps usually ends it.") }</p>
        },
        Some(s) => match (&s.preset, s.preset_rung()) {
            (Some(p), Some(rung)) => {
                let found = rung_result(rung, study.threshold);
                let forced = rung.forward.as_ref().map_or(String::new(), |f| {
                    // Below 1/d: teacher forcing had not learned even the cheat by then.
                    let outside = if p.teacher_forcing_within_tolerance == Some(false) {
                        format!(", outside 1/d ± {:.2}", study.forced_tolerance)
                    } else {
                        String::new()
                    };
                    format!(
                        "; teacher forcing chose the right arm {:.2} of the time at step {} (1/d = {:.2}{outside})",
                        f.first_decision,
                        count(f.step as u64),
                        1.0 / config.degree as f64
                    )
                });
                if p.is_used_by(config) {
                    html! { <p>{ format!("These are the study's settings for {shape}: {found}{forced}. \
                    {source}") }</p> }
                } else {
                    let cost = p.apply(config).cost();
                    let estimate =
                        estimate::line(&cost, backend, estimate::speed_here(PathStar::ID, backend));
                    let apply = {
                        let (on_set, settings) = (on_set.clone(), p.settings());
                        Callback::from(move |_: MouseEvent| {
                            on_set.emit(settings.clone());
                        })
                    };
                    html! { <>
                        <p>
                            <strong>{ format!("For {shape} the study's preset is {} layers, width {}, {} heads, {} \
                                steps", p.layers, p.d_model, p.heads, count(p.steps as u64)) }</strong>
                            { format!(": {found}{forced}. With it: {estimate}. {source}") }
                        </p>
                        <button class="primary" onclick={apply} data-testid="preset-apply">{ "Use the preset" }</button>
                    </> }
                }
            }
            _ => {
                let tried: Vec<String> = s
                    .rungs
                    .iter()
                    .map(|r| {
                        format!(
                            "{} layers × width {} × {} heads: {}",
                            r.layers,
                            r.d_model,
                            r.heads,
                            rung_result(r, study.threshold)
                        )
                    })
                    .collect();
                let why = match (s.outcome.as_str(), tried.is_empty()) {
                    ("nothing-learned", _) => {
                        format!("nothing in the study's ladder learned it ({})", tried.join("; "))
                    }
                    (_, true) => "the study has not run this shape yet".to_string(),
                    (_, false) => {
                        format!("the study has not finished this shape ({} so far)", tried.join("; "))
                    }
                };
                html! { <p>{ format!("No calibrated preset for {shape}: {why}. Reverse training may sit on a plateau \
                for a long time; a larger model or more steps usually ends it.") }</p> }
            }
        },
    };
    let state = presets::for_shape(config)
        .map_or("none", |s: &ShapeStudy| if s.preset.is_some() { "preset" } else { "none" });
    html! {
        <div class="notice" data-testid="preset" data-state={state}>{ body }</div>
    }
}

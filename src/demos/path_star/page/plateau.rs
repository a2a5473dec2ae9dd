//! The plateau notice: which modes sit on a loss plateau (the rule of
//! [`crate::demos::path_star::plateau`]), what a plateau is and what usually ends it, and the
//! chart marks where a mode left one.

use super::{color, key};
use crate::app::components::line_chart::Mark;
use crate::data::path_star::Mode;
use crate::demos::path_star::plateau::{self, EXACT_AT_CHANCE, FLAT, FORCED_AT_CHANCE, Plateau};
use crate::demos::path_star::presets::ShapeStudy;
use crate::demos::path_star::{Evaluation, PathStarConfig};
use crate::estimate::cost::count;
use yew::prelude::*;

/// `text` with a capital first letter.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Each mode's plateau from its evaluations and its losses ((step of the mode, loss) per mode).
pub(super) fn plateaus(
    evals: &[Evaluation],
    losses: &[(Mode, Vec<(f64, f64)>)],
    config: &PathStarConfig,
) -> Vec<(Mode, Plateau)> {
    config
        .modes
        .iter()
        .map(|&m| {
            let of_mode: Vec<&Evaluation> = evals.iter().filter(|e| e.mode == m).collect();
            let loss = losses.iter().find(|(lm, _)| *lm == m).map_or(&[][..], |(_, l)| &l[..]);
            (m, plateau::track(&of_mode, loss, config.eval_every, config.warmup_steps))
        })
        .collect()
}

/// A dashed mark on the exact-match chart where each mode left its plateau.
pub(super) fn marks(plateaus: &[(Mode, Plateau)]) -> Vec<Mark> {
    plateaus
        .iter()
        .filter_map(|&(m, p)| match p {
            Plateau::Left { left, .. } => Some(Mark {
                x: left as f64,
                label: format!("{} leaves its plateau", m.label()),
                color: color(m).into(),
            }),
            _ => None,
        })
        .collect()
}

/// The words a position chart's title adds for a mode's plateau.
pub(super) fn title_note(plateau: Option<&Plateau>) -> String {
    match plateau {
        Some(Plateau::On { since, .. }) => format!(", on a plateau since step {since}"),
        Some(Plateau::Left { left, .. }) => format!(", left its plateau at step {left}"),
        _ => String::new(),
    }
}

/// The notice: nothing while no mode has been on a plateau.
pub(super) fn notice_view(
    plateaus: &[(Mode, Plateau)],
    config: &PathStarConfig,
    study: Option<&ShapeStudy>,
) -> Html {
    let on: Vec<(Mode, usize, usize)> = plateaus
        .iter()
        .filter_map(|&(m, p)| match p {
            Plateau::On { since, now } => Some((m, since, now)),
            _ => None,
        })
        .collect();
    let left = plateaus.iter().filter_map(|&(m, p)| match p {
        Plateau::Left { since, left } => Some(html! {
            <p data-testid={format!("plateau-left-{}", key(m))}>
                { format!("{} left its plateau at step {left} (on it from step {since}): the dashed line on the \
                    exact-match chart.", sentence(m.label())) }
            </p>
        }),
        _ => None,
    });
    if on.is_empty() && !plateaus.iter().any(|(_, p)| matches!(p, Plateau::Left { .. })) {
        return Html::default();
    }
    let rung = study.and_then(|s| s.preset_rung());
    let remedy = match (study.and_then(|s| s.preset.as_ref()), rung) {
        (Some(p), Some(r)) if p.is_used_by(config) => format!(
            "These are the study's settings for this shape: with them reverse training left its plateau within {} \
                steps in {} of the {} seeds it ran, so a plateau can still outlast a run on another seed.",
            count(r.steps as u64), r.reached, r.tried
        ),
        (Some(p), Some(r)) => format!(
            "The study's preset for this shape ({} layers, width {}, {} heads, {} steps{}) ended it in {} of the {} \
                seeds it ran.",
            p.layers, p.d_model, p.heads, count(p.steps as u64), if super::preset::offered(config) { ", offered \
                above" } else { "" }, r.reached, r.tried
        ),
        _ => "A larger model (width 128 and 4 heads, or 4 layers) usually leaves it sooner; more steps give it time. \
            No study of ours covers this shape yet.".to_string(),
    };
    let stuck = on.iter().map(|&(m, since, now)| {
        html! {
            <p data-testid={format!("plateau-on-{}", key(m))}>
                <strong>{ format!("{} is on a plateau", sentence(m.label())) }</strong>
                { format!(" since step {since} (still at step {now}): its loss has stopped falling and its accuracy is \
                    at chance.") }
            </p>
        }
    });
    html! {
        <div class="notice" role="status" data-testid="plateau" data-state={if on.is_empty() { "left" } else { "on" }}>
            { for stuck }
            { for left }
            if !on.is_empty() {
                <p>
                    { format!(
                        "What that means: the model has learned what is easy — copying the source and the goal — but \
                            not yet the mechanism that solves the task (for reverse training, looking up the edge that \
                            ends at the current node). Until it does, the gradient points nowhere in particular, so \
                            the loss stays flat. Here a mode counts as on a plateau when, at two evaluations in a row \
                            after the warm-up, fewer than {:.0} % of paths are right, its teacher-forced accuracy \
                            between the path's ends averages under {:.0} % (it does not even follow edges), and its \
                            mean loss moved less than {:.0} % between the last two stretches of {} steps. At this \
                            small size a plateau can last thousands of steps, and how long depends on the seed. ",
                        EXACT_AT_CHANCE * 100.0, FORCED_AT_CHANCE * 100.0, FLAT * 100.0, config.eval_every
                    ) }
                    { remedy }
                </p>
            }
        </div>
    }
}

//! The computation graph of each arm, drawn from the settings (a diagram, not a measurement):
//! one column per position, one row per layer. Every hidden vector may read the vectors of the
//! layer below at its own and earlier positions. Pauses add columns — vectors that compute in
//! parallel — and leave the rows, the steps in sequence, as they were; a chain of thought feeds
//! each written pointer back in as the next column's input, so every hop gets all the rows again.

use super::color;
use crate::data::pointer::{Arm, Task};
use crate::demos::pause_tokens::PauseTokensConfig;
use yew::prelude::*;

const CELL: f64 = 16.0;
const ROW: f64 = 26.0;
/// Room for the rows' names.
const LEFT: f64 = 52.0;

/// Layers in sequence between the question and the answer in `arm`.
pub fn depth(task: &Task, layers: usize, arm: Arm) -> usize {
    if arm == Arm::Cot { layers * task.hops } else { layers }
}

pub fn grid_view(config: &PauseTokensConfig) -> Html {
    let task = config.task();
    html! {
        <div class="figure">
            <h2>{ "What each arm can compute: positions × layers" }</h2>
            <div class="small-multiples" data-testid="computation-graphs">
                { for Arm::ALL.iter().map(|&arm| one(&task, config.layers, arm)) }
            </div>
            <p class="caption">
                { format!("A dot is a hidden vector: the input token (bottom row), then one row per layer. A vector \
                    reads the row below at its own and earlier positions, so what a model can compute before it \
                    answers is bounded by its rows: {l} layers in sequence. {m} pauses add {m} columns of vectors \
                    that work in parallel — the same {l} rows. A chain of thought writes a pointer (ringed), which \
                    comes back as the next column's input token (arrows): each of the {k} hops gets all {l} layers, \
                    {d} in sequence. Pointer chasing needs one lookup after another, so depth, not width, is what \
                    it lacks.", l = config.layers, m = config.pauses, k = config.hops,
                    d = depth(&task, config.layers, Arm::Cot)) }
            </p>
        </div>
    }
}

fn one(task: &Task, layers: usize, arm: Arm) -> Html {
    let columns = task.seq_len(arm);
    let read_from = columns - task.targets_len(arm);
    let question = task.question_len();
    let (width, height) = (LEFT + columns as f64 * CELL + 8.0, (layers + 1) as f64 * ROW + 12.0);
    let x = |c: usize| LEFT + (c as f64 + 0.5) * CELL;
    let y = |r: usize| height - 12.0 - r as f64 * ROW;
    let mut dots = Vec::new();
    for r in 0..=layers {
        let name = if r == 0 { "token".to_string() } else { format!("layer {r}") };
        dots.push(html! { <text x="0" y={format!("{:.1}", y(r) + 4.0)} font-size="11" fill="#6b7280">{ name }</text> });
    }
    for c in 0..columns {
        let extra = c >= question;
        for r in 0..=layers {
            // Pauses: whole columns of their own; a chain of thought: tokens the model wrote.
            let fill = match (extra, arm, r) {
                (true, Arm::Pause, _) | (true, Arm::Cot, 0) => color(arm),
                (_, _, 0) => "#e5e7eb",
                _ => "#9ca3af",
            };
            dots.push(html! { <circle cx={x(c).to_string()} cy={y(r).to_string()} r="4" fill={fill} /> });
        }
        if c >= read_from {
            // A read position: its top vector gives a pointer (the answer at the last).
            dots.push(html! { <circle cx={x(c).to_string()} cy={y(layers).to_string()} r="7" fill="none"
            stroke={color(arm)} stroke-width="2" /> });
            if arm == Arm::Cot && c + 1 < columns {
                // The written pointer comes back as the next column's input: down the gap between them.
                let gap = x(c) + CELL / 2.0;
                let d = format!(
                    "M{:.1},{:.1} Q{gap:.1},{:.1} {gap:.1},{:.1} L{gap:.1},{:.1} Q{gap:.1},{:.1} {:.1},{:.1}",
                    x(c) + 7.0,
                    y(layers),
                    y(layers),
                    y(layers) + 8.0,
                    y(0) - 8.0,
                    y(0),
                    x(c + 1) - 6.0,
                    y(0)
                );
                dots.push(html! { <path d={d} fill="none" stroke={color(arm)} stroke-width="1.5"
                marker-end="url(#written)" /> });
            }
        }
    }
    let title = format!(
        "{}: {} positions, {} layers in sequence before the answer",
        arm.label(),
        columns,
        depth(task, layers, arm)
    );
    html! {
        <figure class="computation-graph" data-arm={arm.key()} data-columns={columns.to_string()}
                data-depth={depth(task, layers, arm).to_string()}>
            <svg viewBox={format!("0 0 {width:.0} {height:.0}")} width={format!("{width:.0}")} role="img"
                 aria-label={title.clone()}>
                if arm == Arm::Cot {
                    <defs>
                        <marker id="written" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5"
                                orient="auto">
                            <path d="M0,0 L6,3 L0,6 z" fill={color(Arm::Cot)} />
                        </marker>
                    </defs>
                }
                { for dots }
            </svg>
            <figcaption>{ title }</figcaption>
        </figure>
    }
}

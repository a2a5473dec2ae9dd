//! The down-scaling page's notes: why facts go first (plain words built from the configuration),
//! and the training losses.

use super::*;
use crate::estimate::cost::count;
use crate::estimate::time_here;
use crate::settings::link_to;

pub(super) fn why_view(config: &DownScalingConfig) -> Html {
    let paper = DownScalingConfig::paper_scale();
    html! {
        <div class="figure wide">
            <h2>{ "Why facts go first" }</h2>
            <p>
                { format!("A fact has nowhere to live but the weights: {} arbitrary key → value pairs, about {:.0} \
                    bits, stored in {} block weights. Each pruned weight takes a little of many facts with it, and a \
                    fact whose margin is small flips. Reading a pair from the context needs no storage: one attention \
                    head matches the asked key against the keys in the context (the token shift puts each key beside \
                    its value) and copies the value. That is a small circuit with large weights, and magnitude pruning \
                    removes small weights first, so it survives until most of the block is gone.",
                    config.facts, config.facts as f64 * (config.values as f64).log2(),
                        config.block_weights(config.d_model)) }
            </p>
            <p class="caption">
                { "Two choices make the split visible at this size: the token shift (one attention layer can then \
                    look a key up in the context) and frozen random token embeddings (with trained ones, facts can \
                    move into the embeddings, which pruning does not touch). Switch either off in the settings to see \
                    what changes." }
            </p>
            <p class="caption">
                <a data-testid="paper-scale" href={link_to(DownScaling::ID, &paper)}>{ format!("The earlier, larger \
                    setting ({} steps against {} here{})", count(paper.total_steps()), count(config.total_steps()),
                    time_here(DownScaling::ID, &DownScaling::cost(&paper)).map(|t| format!("; {t}"))
                        .unwrap_or_default()) }</a>
                { format!(": {} facts, {} steps per model, and dense models of widths {} beside the pruned ones. The \
                    same claims hold there, by wider margins; its science log holds the result.",
                    count(paper.facts as u64), count(paper.steps as u64), widths(&paper.dense())) }
            </p>
        </div>
    }
}

/// "24 and 16".
fn widths(widths: &[usize]) -> String {
    let text: Vec<String> = widths.iter().map(ToString::to_string).collect();
    match text.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => text.join(""),
    }
}

pub(super) fn loss_view(state: &RunState, config: &DownScalingConfig) -> Html {
    let tasks = config.tasks();
    let series = loss_series(&state.loss, |i| {
        let label =
            tasks
                .get(i)
                .map(|t| {
                    if t.dense {
                        format!("dense, width {}", t.width)
                    } else {
                        format!("full, seed {}", t.seed)
                    }
                })
                .unwrap_or_default();
        (label, PALETTE[i % PALETTE.len()].to_string())
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step (of the worker that trains the model)" y_title="cross-entropy \
                over the values"
                       title="Training loss of each model over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(DownScaling, DownScalingPage);

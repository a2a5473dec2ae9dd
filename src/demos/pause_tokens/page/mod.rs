//! The pause-tokens demo page (Goyal et al., ICLR 2024): three 2-layer GPTs learn k-hop pointer
//! chasing — with no extra tokens, with pause tokens, with a chain of thought — and the page
//! shows which of them chase every hop, and why: pauses widen the computation, a chain of thought
//! deepens it.

mod grid;
mod why;

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState, parallel_parts};
use crate::data::pointer::Arm;
use crate::demos::Demo;
use crate::demos::pause_tokens::{Evaluation, PauseTokens, PauseTokensConfig, Report};
use crate::engine::Backend;
use yew::prelude::*;

/// The colour of an arm, everywhere on the page.
fn color(arm: Arm) -> &'static str {
    match arm {
        Arm::None => "#6b7280",
        Arm::Pause => "#d97706",
        Arm::Cot => "#2563eb",
    }
}

fn evaluations(state: &RunState) -> Vec<Evaluation> {
    state.results_of::<PauseTokens>().map(|Report::Evaluation(e)| e.clone()).collect()
}

/// The last evaluation of each arm, in the config's order.
fn latest(evals: &[Evaluation], arms: &[Arm]) -> Vec<(Arm, Option<Evaluation>)> {
    arms.iter().map(|&a| (a, evals.iter().rev().find(|e| e.arm == a).cloned())).collect()
}

/// The demo page.
#[function_component(PauseTokensPage)]
pub fn pause_tokens_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<PauseTokens>(props);
    let state = &*session.state;
    let evals = evaluations(state);
    let status = status_line(state, &config);
    let workers = if state.phase == Phase::Idle && state.backend == Backend::Flex {
        <PauseTokens as Demo>::split(&config, parallel_parts()).len()
    } else {
        state.parts.len()
    };
    let note = match workers {
        1 => "The arms train side by side, one step each in turn, from the same initial weights on the same \
            questions."
            .to_string(),
        n => format!(
            "The arms train in {n} parallel workers, from the same initial weights on the same questions: the \
            numbers are those of one worker training them in turn."
        ),
    };
    let lead = format!(
        "An array of {n} pointers and a start: follow {k} pointers and name where you land. A 2-layer transformer \
        learns it three ways — answering at once, after {m} learnable pause tokens, or writing each intermediate \
        pointer first (a chain of thought). Goyal et al. found that pause tokens make large models better at many \
        tasks (“Think before you speak”, ICLR 2024); here they do not help, and the page shows why: pauses give the \
        model more positions to compute in parallel, never more layers to compute in sequence.",
        n = config.pointers,
        k = config.hops,
        m = config.pauses
    );
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()}
                   title={"Pause tokens add width, not depth"} status={status}
                   note={Some(AttrValue::from(note))} lead={html! { { lead } }}>
            { accuracy_view(&evals, &config) }
            { grid::grid_view(&config) }
            { hops_view(&evals, &config) }
            { why::why_view(&evals, &config) }
            { loss_view(state, &config) }
            { table_view(&evals) }
        </DemoFrame>
    }
}

fn status_line(state: &RunState, config: &PauseTokensConfig) -> String {
    let arms = config.arms.len().max(1) as u64;
    let cost = config.cost();
    let ready = format!(
        "Ready: {arms} arm{} × {} steps on {}; each model has {} parameters. Press Train.",
        if arms == 1 { "" } else { "s" },
        config.steps,
        state.backend.label(),
        crate::estimate::cost::count(cost.parameters / arms),
    );
    let each = if arms == 1 { "" } else { " each" };
    let running = format!("step {} of {}{each}", state.step.div_ceil(arms), config.steps);
    state.status(ready, Some(running), "")
}

fn accuracy_view(evals: &[Evaluation], config: &PauseTokensConfig) -> Html {
    let mut series: Vec<Series> = config
        .arms
        .iter()
        .map(|&a| Series {
            label: a.label().into(),
            color: color(a).into(),
            points: evals.iter().filter(|e| e.arm == a).map(|e| (e.step as f64, e.accuracy)).collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    if let Some(baseline) = evals.first().map(|e| e.baseline) {
        series.push(Series {
            label: format!("answering the start: {baseline:.3}"),
            color: "#9ca3af".into(),
            points: vec![(0.0, baseline), (config.steps as f64, baseline)],
        });
    }
    html! {
        <div class="figure">
            <h2>{ "Accuracy on held-out questions" }</h2>
            <LineChart series={series} x_title="steps of each arm" y_title="answer right" y_max={Some(1.0)}
                       y_min={Some(0.0)} x_min={Some(0.0)} x_max={Some(config.steps as f64)} dots={true}
                       title="Accuracy of each arm over steps" />
            <p class="caption">
                { format!("Each model answers {} questions it never trained on. The chain of thought is written by \
                    the model itself, one pointer at a time, each fed back in. Answering the start is right whenever \
                    the start lies on a cycle whose length divides {}: the score of a model that chases no hop.",
                    config.eval_questions, config.hops) }
            </p>
            <p class="latest" data-testid="latest">
                { for latest(evals, &config.arms).into_iter().map(|(a, e)| html! {
                    <span class="legend-item">
                        <span class="swatch" style={format!("background:{}", color(a))}></span>
                        { format!("{}: ", a.label()) }
                        <strong data-testid={format!("accuracy-{}", a.key())}
                                data-value={e.as_ref().map(|e| format!("{:.4}", e.accuracy))}>
                            { e.as_ref().map_or("not trained yet".into(), |e| format!("{:.3}", e.accuracy)) }
                        </strong>
                        { e.as_ref().map_or(String::new(), |e| format!(" at step {}", e.step)) }
                    </span>
                })}
            </p>
        </div>
    }
}

/// The chain of thought's hops, each right or not, at its latest evaluation.
fn hops_view(evals: &[Evaluation], config: &PauseTokensConfig) -> Html {
    let Some(cot) = latest(evals, &config.arms).into_iter().find_map(|(a, e)| e.filter(|_| a == Arm::Cot))
    else {
        return html! {};
    };
    html! {
        <div class="figure">
            <h2>{ format!("The chain of thought, hop by hop (step {})", cot.step) }</h2>
            <table data-testid="hops">
                <thead><tr><th>{ "hop" }</th><th>{ "written right" }</th></tr></thead>
                <tbody>
                    { for cot.hops_right.iter().enumerate().map(|(h, r)| html! {
                        <tr><td>{ if h + 1 == cot.hops_right.len() { format!("{} (the answer)", h + 1) }
                                  else { (h + 1).to_string() } }</td>
                            <td>{ format!("{r:.3}") }</td></tr>
                    })}
                </tbody>
            </table>
            <p class="caption">{ "Each hop is one lookup — find the pointer just written, read where it points — \
                which the model's two layers can do at every position it writes." }</p>
        </div>
    }
}

fn loss_view(state: &RunState, config: &PauseTokensConfig) -> Html {
    let series: Vec<Series> = state
        .loss
        .iter()
        .enumerate()
        .filter_map(|(i, points)| {
            let a = *config.arms.get(i)?;
            // The arms of one worker take turns: its step s is step (s − j − 1)/A + 1 of its j-th arm of A.
            let (j, arms) = state.task_in_part(i, config.arms.len());
            let arm_step = |s: u64| (s.saturating_sub(j as u64 + 1) / arms as u64 + 1) as f64;
            let points = points.iter().map(|&(s, l)| (arm_step(s), f64::from(l))).collect();
            Some(Series { label: a.label().into(), color: color(a).into(), points })
        })
        .collect();
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="steps of each arm" y_title="cross-entropy on the read positions"
                       title="Training loss of each arm over steps" />
        </div>
    }
}

fn table_view(evals: &[Evaluation]) -> Html {
    html! {
        <details class="figure">
            <summary>{ format!("Every evaluation ({})", evals.len()) }</summary>
            <table data-testid="evaluations">
                <thead><tr><th>{ "arm" }</th><th>{ "step" }</th><th>{ "accuracy" }</th>
                    <th>{ "answered the start" }</th><th>{ "answering the start scores" }</th></tr></thead>
                <tbody>
                    { for evals.iter().map(|e| html! {
                        <tr data-arm={e.arm.key()} data-step={e.step.to_string()}
                            data-accuracy={format!("{:.4}", e.accuracy)}>
                            <td>{ e.arm.label() }</td><td>{ e.step }</td><td>{ format!("{:.3}", e.accuracy) }</td>
                            <td>{ format!("{:.3}", e.answered_start) }</td><td>{ format!("{:.3}", e.baseline) }</td>
                        </tr>
                    })}
                </tbody>
            </table>
        </details>
    }
}

crate::app::pages::demo_page!(PauseTokens, PauseTokensPage);

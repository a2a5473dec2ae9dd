//! The path-star demo page (Bachmann & Nagarajan, ICML 2024): three GPTs learn to find the path
//! from the source to the goal of a star graph — by teacher forcing, on the reversed path, and
//! teacherless — and the page shows which of them learn the one real decision.

mod ask;
mod attention;
mod plateau;
mod preset;
mod star_graph;
mod why;

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series};
use crate::app::components::position_bars::PositionBars;
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState, parallel_parts};
use crate::data::path_star::{Graph, Mode};
use crate::demos::Demo;
use crate::demos::path_star::plateau::Plateau;
use crate::demos::path_star::{Answer, Evaluation, PathStar, PathStarConfig, Report, presets};
use crate::engine::Backend;
use ask::AskView;
use star_graph::StarGraph;
use why::why_view;
use yew::prelude::*;

/// The colour of a mode, everywhere on the page.
fn color(mode: Mode) -> &'static str {
    match mode {
        Mode::Forward => "#dc2626",
        Mode::Reverse => "#2563eb",
        Mode::Teacherless => "#059669",
    }
}

/// A URL- and test-friendly name of a mode.
fn key(mode: Mode) -> &'static str {
    match mode {
        Mode::Forward => "forward",
        Mode::Reverse => "reverse",
        Mode::Teacherless => "teacherless",
    }
}

fn evaluations(state: &RunState) -> Vec<Evaluation> {
    state
        .results_of::<PathStar>()
        .filter_map(|r| match r {
            Report::Evaluation(v) => Some(v.clone()),
            Report::Answer(_) => None,
        })
        .collect()
}

/// The latest answer, with the paths of every worker that answered the same question (on the
/// CPU the modes may train in parallel workers, each answering for its own), in the config's
/// mode order.
fn latest_answer(state: &RunState, modes: &[Mode]) -> Option<Answer> {
    let answers: Vec<&Answer> = state
        .results_of::<PathStar>()
        .filter_map(|r| match r {
            Report::Answer(a) => Some(a),
            Report::Evaluation(_) => None,
        })
        .collect();
    let mut latest = (*answers.last()?).clone();
    let same = answers.iter().rev().take_while(|a| a.text == latest.text).skip(1);
    // Each worker answers for its own modes.
    for other in same {
        for path in &other.paths {
            if !latest.paths.iter().any(|p| p.mode == path.mode) {
                latest.paths.push(path.clone());
            }
        }
        let missing: Vec<_> =
            other.focus.iter().filter(|f| !latest.focus.iter().any(|l| l.mode == f.mode)).cloned().collect();
        latest.focus.extend(missing);
    }
    latest.paths.sort_by_key(|p| modes.iter().position(|&m| m == p.mode));
    latest.focus.sort_by_key(|f| (modes.iter().position(|&m| m == f.mode), f.position, f.block));
    Some(latest)
}

/// The last evaluation of each mode, in the config's order.
fn latest(evals: &[Evaluation], modes: &[Mode]) -> Vec<(Mode, Option<Evaluation>)> {
    modes.iter().map(|&m| (m, evals.iter().rev().find(|e| e.mode == m).cloned())).collect()
}

/// The text a person would type for `graph` (without the answer).
fn question_text(graph: &Graph) -> String {
    let edges: Vec<String> = graph.edges.iter().map(|(u, v)| format!("{u},{v}")).collect();
    format!("{}/{},{}", edges.join("|"), graph.source, graph.goal)
}

/// The demo page.
#[function_component(PathStarPage)]
pub fn path_star_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<PathStar>(props);
    let state = &*session.state;
    let evals = evaluations(state);
    let losses = mode_losses(state, &config);
    let plateaus = plateau::plateaus(&evals, &losses, &config);
    let answer = latest_answer(state, &config.modes);
    let status = status_line(state, &config);
    // Before a run, the workers it will use; during and after, those it used.
    let workers = if state.phase == Phase::Idle && state.backend == Backend::Flex {
        <PathStar as Demo>::split(&config, parallel_parts()).len()
    } else {
        state.parts.len()
    };
    let note = match workers {
        1 => "The modes train side by side, taking one step each in turn, from the same initial weights on the same \
            graphs.".to_string(),
        n => format!("The modes train in {n} parallel workers (one per core, or more), from the same initial weights \
            on the same graphs: the numbers are those of one worker training them in turn."),
    };
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Teacher forcing fails a planning task that \
            a small GPT can learn"} status={status}
                   note={Some(AttrValue::from(note))}
                   lead={html! { <>
            { "A star graph: d arms leave the source, and one of them ends at the goal. The model reads the shuffled \
                edge list, the source and the goal, and must write the path. Trained the usual way — next-token \
                prediction with the true previous tokens fed in (teacher forcing) — it learns to follow edges but \
                never which arm to take: it is right about 1/d of the time. Trained on the path written backwards, or \
                without seeing any answer token, it must learn the decision. (Bachmann & Nagarajan, “The Pitfalls of \
                Next-Token Prediction”, ICML 2024.)" }
                   </> }}>
            { preset::preset_view(&config, state.backend, &frame.on_set) }
            { plateau::notice_view(&plateaus, &config, presets::for_shape(&config)) }
            { accuracy_view(&evals, &config, &plateaus) }
            { positions_view(&evals, &config, &plateaus) }
            <GraphsView evals={evals.clone()} config={config.clone()} />
            <AskView config={config.clone()} answer={answer.clone()} phase={state.phase}
                     on_ask={session.ask.clone()}
                         sample={evals.last().and_then(|e| e.samples.first().map(|s| s.graph.clone()))} />
            { attention::attention_view(&config.shape(), answer.as_ref()) }
            { why_view(&evals, &config) }
            { loss_view(&losses) }
            { table_view(&evals) }
        </DemoFrame>
    }
}

fn status_line(state: &RunState, config: &PathStarConfig) -> String {
    let modes = config.modes.len().max(1) as u64;
    let cost = config.cost();
    let ready = format!(
        "Ready: {} mode{} × {} steps on {}; each model has {} parameters and needs about {:.0} MB at its peak. Press \
            Train.",
        modes,
        if modes == 1 { "" } else { "s" },
        config.steps,
        state.backend.label(),
        crate::estimate::cost::count(cost.parameters / modes),
        cost.peak() as f64 / 1e6
    );
    let each = if modes == 1 { "" } else { " each" };
    let running = format!("step {} of {}{each}", state.step.div_ceil(modes), config.steps);
    state.status(ready, Some(running), "")
}

fn accuracy_view(evals: &[Evaluation], config: &PathStarConfig, plateaus: &[(Mode, Plateau)]) -> Html {
    let chance = 1.0 / config.degree as f64;
    let mut series: Vec<Series> = config
        .modes
        .iter()
        .map(|&m| Series {
            label: m.label().into(),
            color: color(m).into(),
            points: std::iter::once((0.0, 0.0))
                .chain(evals.iter().filter(|e| e.mode == m).map(|e| (e.step as f64, e.exact_match)))
                .collect(),
        })
        .filter(|s| s.points.len() > 1)
        .collect();
    series.push(Series {
        label: format!("1/d = {chance:.2}: a guess at the one decision"),
        color: "#9ca3af".into(),
        points: vec![(0.0, chance), (config.steps as f64, chance)],
    });
    html! {
        <div class="figure">
            <h2>{ "Exact match on held-out graphs" }</h2>
            <LineChart series={series} x_title="steps of each mode" y_title="whole path right \
                (greedy)" y_max={Some(1.0)}
                       title="Exact-match accuracy of each training mode over steps" marks={plateau::marks(plateaus)} />
            <p class="caption">
                { format!("Each model writes the whole path for {} graphs it never trained on, one token at a time, \
                    feeding its own tokens back in (teacherless models write all tokens at once). A path counts only \
                    if every node is right.", config.eval_graphs) }
            </p>
            <p class="latest" data-testid="latest">
                { for latest(evals, &config.modes).into_iter().map(|(m, e)| html! {
                    <span class="legend-item">
                        <span class="swatch" style={format!("background:{}", color(m))}></span>
                        { format!("{}: ", m.label()) }
                        <strong data-testid={format!("exact-{}", key(m))}>
                            { e.as_ref().map_or("not trained yet".into(), |e| format!("{:.3}", e.exact_match)) }
                        </strong>
                        { e.as_ref().map_or(String::new(), |e| format!(" at step {}", e.step)) }
                    </span>
                })}
            </p>
        </div>
    }
}

fn positions_view(evals: &[Evaluation], config: &PathStarConfig, plateaus: &[(Mode, Plateau)]) -> Html {
    let chance = 1.0 / config.degree as f64;
    let charts = latest(evals, &config.modes).into_iter().filter_map(|(m, e)| {
        let e = e?;
        Some(html! {
            <PositionBars generated={e.generated.clone()} forced={e.forced.clone()} chance={chance}
                          title={format!("{} (step {}{})", m.label(), e.step,
                              plateau::title_note(plateaus.iter().find(|p| p.0 == m).map(|p| &p.1)))} id={key(m)} />
        })
    });
    html! {
        <div class="figure">
            <h2>{ "Where the path goes wrong: accuracy by position" }</h2>
            <div class="small-multiples">{ for charts }</div>
            <p class="legend">
                <span class="legend-item"><span class="swatch generated"></span>{ "generated: the model's own tokens \
                    fed back" }</span>
                <span class="legend-item"><span class="swatch forced"></span>{ "teacher-forced: the true previous \
                    tokens fed in" }</span>
                <span class="legend-item"><span class="swatch chance"></span>{ "1/d" }</span>
            </p>
            <p class="caption">
                { "Position 1 is the source (copied from the question) and position 2 the one real decision: which arm \
                    leads to the goal. With the true previous node fed in, every later position is a lookup of the one \
                    edge leaving it — the “Clever Hans” cheat. A teacher-forced model scores ~100% at positions 3 and \
                    later that way, so its loss is low, while position 2 stays at 1/d. Reverse and teacherless \
                    positions are in the order the model writes them (reverse starts at the goal)." }
            </p>
        </div>
    }
}

/// Props of [`GraphsView`].
#[derive(Properties, PartialEq)]
struct GraphsProps {
    evals: Vec<Evaluation>,
    config: PathStarConfig,
}

/// Held-out graphs with each mode's latest path, one graph at a time.
#[function_component(GraphsView)]
fn graphs_view(props: &GraphsProps) -> Html {
    let index = use_state(|| 0usize);
    let latest = latest(&props.evals, &props.config.modes);
    let count = latest.iter().filter_map(|(_, e)| e.as_ref().map(|e| e.samples.len())).max().unwrap_or(0);
    if count == 0 {
        return html! {
            <div class="figure">
                <h2>{ "Held-out graphs and the models' paths" }</h2>
                <p class="caption">{ "Graphs appear here with each model's path after its first evaluation." }</p>
            </div>
        };
    }
    let i = *index % count;
    let graph =
        latest.iter().find_map(|(_, e)| e.as_ref().and_then(|e| e.samples.get(i)).map(|s| s.graph.clone()));
    let step = |delta: usize| {
        let index = index.clone();
        Callback::from(move |_| index.set((*index + delta) % count))
    };
    html! {
        <div class="figure">
            <h2>{ "Held-out graphs and the models' paths" }</h2>
            <div class="pager">
                <button onclick={step(count - 1)} aria-label="previous graph">{ "◀" }</button>
                <span data-testid="graph-index">{ format!("graph {} of {}", i + 1, count) }</span>
                <button onclick={step(1)} aria-label="next graph">{ "▶" }</button>
                if let Some(g) = &graph {
                    <code class="graph-text">{ question_text(g) }</code>
                }
            </div>
            <div class="small-multiples">
                { for latest.iter().filter_map(|(m, e)| {
                    let s = e.as_ref()?.samples.get(i)?;
                    Some(html! { <StarGraph graph={s.graph.clone()} predicted={Some(s.predicted.clone())}
                        color={color(*m)}
                                            title={format!("{} (step {})", m.label(), e.as_ref()?.step)} /> })
                })}
            </div>
            <p class="caption">{ "The source is filled, the goal ringed. A dashed stroke is a jump between nodes that \
                share no edge. A teacher-forced model picks an arm at random and then follows it faithfully." }</p>
        </div>
    }
}

/// Each mode's training losses, at the steps of that mode.
fn mode_losses(state: &RunState, config: &PathStarConfig) -> Vec<(Mode, Vec<(f64, f64)>)> {
    state
        .loss
        .iter()
        .enumerate()
        .filter_map(|(i, points)| {
            let m = *config.modes.get(i)?;
            // The modes of one worker take turns: its step s is step (s − j − 1)/M + 1 of its
            // j-th mode of M (on the CPU the modes may train in parallel workers).
            let (j, modes) = state.task_in_part(i, config.modes.len());
            let mode_step = |s: u64| (s.saturating_sub(j as u64 + 1) / modes as u64 + 1) as f64;
            Some((m, points.iter().map(|&(s, l)| (mode_step(s), f64::from(l))).collect()))
        })
        .collect()
}

fn loss_view(losses: &[(Mode, Vec<(f64, f64)>)]) -> Html {
    let series: Vec<Series> = losses
        .iter()
        .map(|(m, points)| Series {
            label: m.label().into(),
            color: color(*m).into(),
            points: points.clone(),
        })
        .collect();
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="steps of each mode" y_title="cross-entropy on the path tokens"
                       title="Training loss of each mode over steps" />
            <p class="caption">{ "The teacher-forced loss drops when the cheat is learned, while exact match stays at \
                1/d." }</p>
        </div>
    }
}

fn table_view(evals: &[Evaluation]) -> Html {
    let fmt = |v: &[f64]| v.iter().map(|a| format!("{a:.2}")).collect::<Vec<_>>().join(" ");
    html! {
        <details class="figure">
            <summary>{ format!("Every evaluation ({})", evals.len()) }</summary>
            <table data-testid="evaluations">
                <thead><tr><th>{ "mode" }</th><th>{ "step" }</th><th>{ "exact match" }</th><th>{ "generated, by \
                    position" }</th><th>{ "teacher-forced, by position" }</th></tr></thead>
                <tbody>
                    { for evals.iter().map(|e| html! {
                        <tr data-mode={key(e.mode)} data-step={e.step.to_string()}
                            data-exact={format!("{:.4}", e.exact_match)}
                            data-forced={fmt(&e.forced)}>
                            <td>{ e.mode.label() }</td><td>{ e.step }</td><td>{ format!("{:.3}", e.exact_match) }</td>
                            <td>{ fmt(&e.generated) }</td><td>{ fmt(&e.forced) }</td>
                        </tr>
                    })}
                </tbody>
            </table>
        </details>
    }
}

crate::app::pages::demo_page!(PathStar, PathStarPage);

//! The down-scaling demo page (Jin, Nagarajan, Dziugaite et al., ICLR 2024): fact recall and
//! in-context accuracy against sparsity, ± one standard deviation over seeds, the stretch where
//! they part shaded; a sparsity slider that prunes the trained models again in the worker; the
//! dense models trained smaller; the references beside the measured numbers.

use super::{
    Answer, Band, Book, Crossings, DownScaling, DownScalingConfig, Measured, Report, at_one_step, bands,
    merge_answers,
};
use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{self, LineChart, Mark, Region, Series, loss_series};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::down_scaling::DownScalingQuery;
use crate::demos::reference::{Source, cite_where};
use crate::demos::{Demo, Query};
use crate::format::percent;
use web_sys::HtmlInputElement;
use yew::prelude::*;

mod dense;
mod notes;
use dense::dense_view;
use notes::{loss_view, why_view};

const FACTS: &str = "#2563eb";
const CONTEXT: &str = "#ea580c";
const REGION: &str = "#7c3aed";
const SLIDER: &str = "#374151";
const PALETTE: &[&str] =
    &["#2563eb", "#dc2626", "#059669", "#9333ea", "#ea580c", "#0891b2", "#65a30d", "#be185d"];

/// The measurements to draw, all of one step ([`at_one_step`]), and that step while the full
/// models still train; and how many full models are trained (their workers answer the slider).
fn measured(state: &RunState) -> (Vec<Measured>, Option<usize>, usize) {
    let all: Vec<&Measured> = state.results_of::<DownScaling>().filter_map(Report::measured).collect();
    let trained = all.iter().filter(|m| !m.dense && m.is_final()).count();
    let (models, step) = at_one_step(all);
    (models.into_iter().cloned().collect(), step, trained)
}

/// Every worker's answers at `percent` merged ([`merge_answers`]).
fn answer_at(state: &RunState, percent: u32) -> Option<Answer> {
    merge_answers(state.results_of::<DownScaling>().filter_map(Report::answer), f64::from(percent) / 100.0)
}

/// The demo page.
#[function_component(DownScalingPage)]
pub fn down_scaling_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<DownScaling>(props);
    let state = &*session.state;
    let (models, checkpoint, trained) = measured(state);
    let bands = bands(&models);
    // The slider's sparsity in percent: the page asks the workers to prune again when it moves,
    // and when another full model has been trained since the last answer.
    let sparsity = use_state(|| 30u32);
    let answer = answer_at(state, *sparsity);
    {
        let ask = session.ask.clone();
        let live = matches!(state.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Finished);
        let kept = trained;
        let answered = answer.as_ref().map_or(0, |a| a.models.len());
        use_effect_with((*sparsity, live, kept, answered), move |&(s, live, kept, answered)| {
            if live && kept > 0 && answered < kept {
                ask.emit(Query::DownScaling(DownScalingQuery { sparsity: f64::from(s) / 100.0 }));
            }
        });
    }
    let on_sparsity = {
        let sparsity = sparsity.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(s) = input.value().parse::<u32>() {
                sparsity.set(s.min(95));
            }
        })
    };
    let tasks = config.tasks().len();
    let ready = format!(
        "Ready: {} full model{} (width {}) and {} dense model{}, {} steps each, {} facts, on {}. Press Train.",
        config.seeds,
        if config.seeds == 1 { "" } else { "s" },
        config.d_model,
        config.dense().len(),
        if config.dense().len() == 1 { "" } else { "s" },
        config.steps,
        config.facts,
        state.backend.label()
    );
    let training = checkpoint
        .map(|step| format!("; curves of models still training (step {step} of {})", config.steps))
        .unwrap_or_default();
    let running = Some(format!(
        "step {} of {}, {} of {tasks} models measured{training}",
        state.step,
        state.total_steps,
        trained + models.iter().filter(|m| m.dense).count()
    ));
    let status = state.status(
        ready,
        running,
        " Move the sparsity slider: the trained models are pruned again without retraining.",
    );
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Down-scaling: fact recall goes before \
            in-context learning"} status={status}
                   note={Some(AttrValue::from(format!("Every model trains for the same steps; the full models are \
                       measured while they train ({} of their steps: the curves appear early), and at every sparsity \
                       once trained, the dense ones as they are.", checkpoint_shares())))}
                   lead={html! { <>
            { "A small transformer learns two things at once: a table of facts (“f17 → v42”, asked closed-book) and to \
                read key–value pairs given in its context (“c3 v8 c9 v1 … c9 →”, open-book). Then the \
                smallest-magnitude weights of its blocks are removed, more and more, with no retraining. Jin, \
                Nagarajan, Dziugaite et al. (ICLR 2024) found in large language models that removing more than about \
                30 % of the weights sharply hurts recall of facts stored in training, while 60–70 % removal largely \
                preserves what the model does with information given in its context. Here you can watch the same split \
                happen." }
                   </> }}>
            { curves_view(&bands, &models, checkpoint, &config, *sparsity) }
            { slider_view(*sparsity, on_sparsity, answer.as_ref(),
                trained, &config) }
            { table_view(&bands, state, checkpoint.map(|s| (s, config.steps))) }
            { dense_view(&models, &bands, &config) }
            { why_view(&config) }
            { loss_view(state, &config) }
        </DemoFrame>
    }
}

/// [`super::CHECKPOINTS`] for people: "unpruned after 20 and 50 %".
fn checkpoint_shares() -> String {
    let of = |every: bool| -> Option<String> {
        let shares: Vec<String> =
            super::CHECKPOINTS.iter().filter(|c| c.1 == every).map(|c| c.0.to_string()).collect();
        let kind = if every { "at every sparsity" } else { "unpruned" };
        (!shares.is_empty()).then(|| format!("{kind} after {} %", shares.join(" and ")))
    };
    [of(false), of(true)].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

/// The stretch between the two curves' half-way crossings (where facts are lost and in-context
/// answers are not), if facts cross first.
fn parting(crossings: &Crossings, end: f64) -> Option<(f64, f64)> {
    let facts = crossings.facts?;
    let context = crossings.in_context.unwrap_or(end);
    (context > facts).then_some((facts, context))
}

fn curves_view(
    bands: &[Band],
    models: &[Measured],
    checkpoint: Option<usize>,
    config: &DownScalingConfig,
    sparsity: u32,
) -> Html {
    let line = |label: &str, color: &str, value: fn(&Band) -> f64| Series {
        label: label.into(),
        color: color.into(),
        points: bands.iter().map(|b| (100.0 * b.sparsity, value(b))).collect(),
    };
    let band = |color: &str, value: fn(&Band) -> (f64, f64)| line_chart::Band {
        color: color.into(),
        points: bands
            .iter()
            .map(|b| {
                let (m, sd) = value(b);
                (100.0 * b.sparsity, (m - sd).max(0.0), (m + sd).min(1.0))
            })
            .collect(),
    };
    let seeds = bands.first().map_or(0, |b| b.seeds);
    let mut series = vec![
        line(&format!("fact recall (closed-book), mean of {seeds}"), FACTS, |b| b.facts.0),
        line(&format!("in-context (open-book), mean of {seeds}"), CONTEXT, |b| b.in_context.0),
    ];
    let mut dense: Vec<&Measured> = models.iter().filter(|m| m.dense).collect();
    dense.sort_by_key(|m| std::cmp::Reverse(m.width));
    if !dense.is_empty() {
        let at = |value: fn(&super::Point) -> f64| {
            dense
                .iter()
                .filter_map(|m| m.points.first())
                .map(|p| (100.0 * p.sparsity, value(p)))
                .collect::<Vec<_>>()
        };
        series.push(Series {
            label: "dense model trained smaller: facts".into(),
            color: "#1e3a8a".into(),
            points: at(|p| p.facts),
        });
        series.push(Series {
            label: "dense model trained smaller: in-context".into(),
            color: "#9a3412".into(),
            points: at(|p| p.in_context),
        });
    }
    let end = bands.last().map_or(0.9, |b| b.sparsity);
    let crossings = Crossings::of(bands);
    let regions = parting(&crossings, end)
        .map(|(from, to)| Region {
            from: 100.0 * from,
            to: 100.0 * to,
            label: "facts lost, context kept".into(),
            color: REGION.into(),
        })
        .into_iter()
        .collect::<Vec<_>>();
    let marks =
        vec![Mark { x: f64::from(sparsity), label: format!("slider {sparsity} %"), color: SLIDER.into() }];
    let chance = 1.0 / config.values as f64;
    let training = match checkpoint {
        Some(step) => format!(
            "While they train: the models after {step} of {} steps, replaced by the trained ones when they finish. ",
            config.steps
        ),
        None => String::new(),
    };
    let partial = !bands.is_empty() && bands.len() < config.sparsity_fractions().len();
    let said = match (bands.is_empty(), crossings.facts, crossings.in_context) {
        (true, _, _) => "The curves appear once the first full model is measured.".to_string(),
        _ if partial => {
            "Only the unpruned models are measured this early; every sparsity follows.".to_string()
        }
        (false, Some(f), Some(c)) => format!(
            "Measured here: fact recall falls below half at {} sparsity, in-context accuracy at {} — {:.0} points \
                later.",
            percent(f, 0),
            percent(c, 0),
            100.0 * (c - f)
        ),
        (false, Some(f), None) => format!(
            "Measured here: fact recall falls below half at {}; in-context accuracy stays above half at every sparsity \
                measured (up to {}).",
            percent(f, 0),
            percent(end, 0)
        ),
        (false, None, _) => {
            "Measured here: fact recall never falls below half at the sparsities measured (or it \
            started below half)."
                .to_string()
        }
    };
    html! {
        <div class="figure wide">
            <h2>{ "Accuracy as the smallest weights are removed" }</h2>
            <LineChart series={series} bands={vec![band(FACTS, |b| b.facts), band(CONTEXT, |b| b.in_context)]}
                regions={regions} marks={marks}
                       x_title="sparsity: share of the blocks' weights removed (%)" y_title="accuracy"
                           y_max={Some(1.0)} x_max={Some(100.0 * end.max(0.5))} dots={true}
                       title="Fact recall and in-context accuracy against sparsity, mean and one standard deviation \
                           over seeds" />
            <p class="caption" data-testid="crossings"
                data-checkpoint={checkpoint.map(|s| s.to_string()).unwrap_or_default()}
                data-facts={crossings.facts.map(|f| format!("{f:.4}")).unwrap_or_default()}
               data-in-context={crossings.in_context.map(|c| format!("{c:.4}")).unwrap_or_default()}>
                { training }{ said }
                { format!(" Shaded: ± one standard deviation over the seeds. Chance is 1/{} = {:.3}.",
                    config.values, chance) }
            </p>
        </div>
    }
}

fn slider_view(
    sparsity: u32,
    on_sparsity: Callback<InputEvent>,
    answer: Option<&Answer>,
    kept: usize,
    config: &DownScalingConfig,
) -> Html {
    let body = match answer {
        None if kept == 0 => {
            html! { <p class="hint">{ "Once a full model is trained, its answers at the slider's sparsity appear \
            here." }</p> }
        }
        None => {
            html! { <p class="hint" data-testid="answer-state" data-state="updating">{ "Pruning again…" }</p> }
        }
        Some(a) => {
            let examples = a.examples.iter().enumerate().map(|(i, e)| {
                let right = e.answer == e.predicted;
                html! {
                    <tr data-testid="example" data-book={if e.book == Book::Closed { "closed" } else { "open" }}
                        data-right={right.to_string()} key={i}>
                        <td>{ if e.book == Book::Closed { "fact" } else { "in context" } }</td>
                        <td class="mono">{ e.question.clone() }</td>
                        <td class="mono">{ format!("v{}", e.answer) }</td>
                        <td class="mono">{ format!("v{} {}", e.predicted, if right { "✓" } else { "✗" }) }</td>
                    </tr>
                }
            });
            html! { <>
                <table data-testid="answer" data-sparsity={format!("{:.2}", a.sparsity)}
                    data-seeds={a.models.len().to_string()}>
                    <thead><tr><th>{ "seed" }</th><th>{ "fact recall" }</th><th>{ "in-context" }</th></tr></thead>
                    <tbody>
                        { for a.models.iter().map(|(seed, p)| html! {
                            <tr data-testid="answer-seed"><td>{ seed }</td><td
                                data-testid="answer-facts">{ format!("{:.3}", p.facts) }</td>
                                <td data-testid="answer-in-context">{ format!("{:.3}", p.in_context) }</td></tr>
                        })}
                    </tbody>
                </table>
                if a.models.len() < kept {
                    <p class="hint">{ format!("{} of {kept} seeds answered; the others are still \
                        pruning.", a.models.len()) }</p>
                }
                if !a.examples.is_empty() {
                    <table class="examples">
                        <thead><tr><th>{ "kind" }</th><th>{ "question" }</th><th>{ "answer" }</th><th>{ format!("seed \
                            {}'s model", a.examples_seed.unwrap_or(0)) }</th></tr></thead>
                        <tbody>{ for examples }</tbody>
                    </table>
                }
            </> }
        }
    };
    html! {
        <div class="figure wide summary">
            <h2>{ "Prune the trained models yourself" }</h2>
            <div class="knobs">
                <label>{ format!("Sparsity: {sparsity} % of the blocks' weights removed") }
                    <input type="range" min="0" max="95" step="1" value={sparsity.to_string()} data-testid="sparsity"
                        oninput={on_sparsity} />
                </label>
            </div>
            { body }
            <p class="caption">{ format!(
                "Each move prunes a copy of every trained full model in the worker: the {} weights of smallest \
                    magnitude across all its blocks' matrices (attention and MLP) are set to zero; embeddings, \
                    positions, norms and the answer head are kept. Nothing is retrained. Facts are f0…f{}, context \
                    keys c0…c{}, values v0…v{}.",
                percent(f64::from(sparsity) / 100.0, 0), config.facts - 1, super::CONTEXT_KEYS - 1, config.values - 1
            ) }</p>
        </div>
    }
}

fn table_view(bands: &[Band], state: &RunState, checkpoint: Option<(usize, usize)>) -> Html {
    if bands.is_empty() {
        return html! {};
    }
    let done = match checkpoint {
        Some((step, steps)) => format!(" (models at step {step} of {steps}, still training)"),
        None if state.phase == Phase::Finished => String::new(),
        None => " (so far)".into(),
    };
    let ms = |(m, sd): (f64, f64)| format!("{m:.3} ± {sd:.3}");
    html! {
        <div class="figure wide summary">
            <h2>{ format!("Every sparsity measured{done}") }</h2>
            <table data-testid="sparsities">
                <thead><tr><th>{ "sparsity" }</th><th>{ "seeds" }</th><th>{ "fact recall" }</th><th>{ "in-context"
                    }</th></tr></thead>
                <tbody>
                    { for bands.iter().map(|b| {
                        html! {
                            <tr data-testid="sparsity-row" data-sparsity={format!("{:.2}", b.sparsity)}>
                                <td>{ percent(b.sparsity, 0) }</td><td>{ b.seeds }</td>
                                <td data-testid="facts" data-mean={format!("{:.4}", b.facts.0)}>{ ms(b.facts) }</td>
                                <td data-testid="in-context"
                                    data-mean={format!("{:.4}", b.in_context.0)}>{ ms(b.in_context) }</td>
                            </tr>
                        }
                    })}
                </tbody>
            </table>
            <p class="caption">{ format!("Paper: {}",
                cite_where(DownScaling::REFERENCES, "paper", |s| matches!(s, Source::Paper(_)))) }</p>
        </div>
    }
}

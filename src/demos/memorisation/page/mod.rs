//! The memorisation demo page (Lukasik, Nagarajan et al.): mean memorisation of clean and
//! flipped examples against width, the examples themselves sorted by trajectory, and what
//! distillation does to them.

mod digit;
mod examples;

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series, loss_series};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::Demo;
use crate::demos::memorisation::{
    Examples, Measured, Memorisation, MemorisationConfig, Report, Trajectories, Trajectory, WidthSummary,
    comparisons, summaries, worst_standard_error,
};
use crate::demos::reference::{Source, cite, cite_where};
use crate::estimate::cost::count;
use crate::estimate::time_here;
use crate::settings::link_to;
use examples::{detail_view, most_memorised_view, trajectories_view, widths_text};
use yew::prelude::*;

const FLIPPED: &str = "#dc2626";
const CLEAN: &str = "#2563eb";
const PALETTE: &[&str] =
    &["#2563eb", "#dc2626", "#059669", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];

fn latest_examples(state: &RunState) -> Option<Examples> {
    state.results_of::<Memorisation>().filter_map(Report::examples).last().cloned()
}

fn measurements(state: &RunState) -> Vec<Measured> {
    state.results_of::<Memorisation>().filter_map(Report::measured).cloned().collect()
}

/// The demo page.
#[function_component(MemorisationPage)]
pub fn memorisation_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<Memorisation>(props);
    let state = &*session.state;
    let measured = measurements(state);
    let examples = latest_examples(state);
    let focus = use_state(|| None::<usize>);
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |i: usize| focus.set(Some(i)))
    };
    let tasks = config.tasks();
    let ready = format!(
        "Ready: {} batches of {} networks (widths {}{}) on {}. Press Train.",
        tasks.len(),
        config.models,
        widths_text(&config.sorted_widths()),
        if config.students().is_empty() { "" } else { ", then the distilled students" },
        state.backend.label()
    );
    let running = (!measured.is_empty() || state.phase == Phase::Running).then(|| {
        format!(
            "step {} of {}, {} of {} batches measured",
            state.step,
            state.total_steps,
            measured.len(),
            tasks.len()
        )
    });
    let status = state.status(ready, running, "");
    let body = match &examples {
        Some(ex) => {
            let t = Trajectories::of(ex, &measured);
            html! { <>
                { means_view(ex, &measured, &config) }
                { accuracy_view(ex, &measured, &config) }
                { table_view(ex, &measured, state) }
                { trajectories_view(ex, &t, &on_focus) }
                <div class="figure wide">
                    <h2>{ "The example in focus" }</h2>
                    { detail_view(ex, &measured, &t, *focus) }
                </div>
                { distillation_view(ex, &measured, &t, &config) }
                { most_memorised_view(ex, &measured, &t, &on_focus) }
            </> }
        }
        None => html! {
            <div class="figure wide"><h2>{ "Memorisation against width" }</h2>
            <p class="hint">{ "The figures fill in width by width once training starts; the smallest widths come \
                first." }</p></div>
        },
    };
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Larger networks memorise the mislabeled \
            examples more, and most others less"} status={status}
                   note={Some(AttrValue::from("On the CPU the widths train in parallel workers; the largest width's \
                       worker also trains the distilled students."))}
                   lead={html! { <>
            { "How much does a network rely on having seen a particular training example? Feldman's memorisation score \
                answers by training many networks on random halves of the data: mem(i) = P[right on i | i was in the \
                half] − P[right on i | it was not]. Lukasik, Nagarajan et al. measured it across model sizes: as \
                networks grow, most examples are memorised less, some first more and then less, and some — mislabeled \
                and atypical ones — more and more. Distilling a large teacher into students holds that memorisation \
                back. Here: " }
            { format!("{} networks per width, each on half of {} of the 1,797 8×8 digits, {:.0} % of the labels \
                flipped.", config.models, config.examples, 100.0 * config.flip_fraction) }
                   </> }}>
            { body }
            { why_view(&config) }
            { loss_view(state, &config) }
        </DemoFrame>
    }
}

fn log2(w: usize) -> f64 {
    (w.max(1) as f64).log2()
}

fn line(rows: &[WidthSummary], label: &str, color: &str, value: fn(&WidthSummary) -> f64) -> Series {
    Series {
        label: label.into(),
        color: color.into(),
        points: rows.iter().map(|s| (log2(s.width), value(s))).collect(),
    }
}

fn means_view(ex: &Examples, measured: &[Measured], config: &MemorisationConfig) -> Html {
    let labels = summaries(ex, measured, false);
    let students = summaries(ex, measured, true);
    let mut series = vec![
        line(&labels, "flipped labels", FLIPPED, |s| s.flipped.max(0.0)),
        line(&labels, "clean labels", CLEAN, |s| s.clean.max(0.0)),
    ];
    if !students.is_empty() {
        series.push(line(&students, "flipped, distilled students", "#f59e0b", |s| s.flipped.max(0.0)));
        series.push(line(&students, "clean, distilled students", "#06b6d4", |s| s.clean.max(0.0)));
    }
    let x_min = config.sorted_widths().first().map(|&w| log2(w) - 0.25);
    html! {
        <div class="figure">
            <h2>{ "Mean memorisation against width" }</h2>
            <LineChart series={series} x_title="log₂ width (2 = 4, 6 = 64)" y_title="mean \
                memorisation" y_max={Some(1.0)}
                       x_min={x_min} dots={true}
                       title="Mean memorisation score of examples with flipped and with clean labels against the \
                           hidden width" />
            <p class="caption">
                { format!("Each point averages the scores of about {} flipped or {} clean examples; one example's \
                    score has a standard error of at most {:.2} with K = {} networks (half saw it, half did not), the \
                    mean's far less.",
                    (0..ex.len()).filter(|&i| ex.flipped(i)).count(), (0..ex.len()).filter(|&i| !ex.flipped(i)).count(),
                    worst_standard_error(ex.models), ex.models) }
            </p>
        </div>
    }
}

fn accuracy_view(ex: &Examples, measured: &[Measured], config: &MemorisationConfig) -> Html {
    let labels = summaries(ex, measured, false);
    let students = summaries(ex, measured, true);
    let mut series = vec![line(&labels, "label-trained", CLEAN, |s| s.test_accuracy)];
    if !students.is_empty() {
        series.push(line(&students, "distilled students", "#f59e0b", |s| s.test_accuracy));
    }
    let x_min = config.sorted_widths().first().map(|&w| log2(w) - 0.25);
    html! {
        <div class="figure">
            <h2>{ "Test accuracy against width" }</h2>
            <LineChart series={series} x_title="log₂ width" y_title="test accuracy" y_max={Some(1.0)} x_min={x_min}
                dots={true}
                       title="Test accuracy of the label-trained networks and of the distilled students against the \
                           hidden width" />
            <p class="caption">
                { format!("Each network on the clean examples outside its half, averaged over the K networks. The \
                    students learn from the width-{} networks, so they can only be as accurate as those where the \
                    teacher is the better classifier.", config.teacher_width()) }
            </p>
        </div>
    }
}

fn table_view(ex: &Examples, measured: &[Measured], state: &RunState) -> Html {
    let labels = summaries(ex, measured, false);
    if labels.is_empty() {
        return html! {};
    }
    let students = summaries(ex, measured, true);
    let done = if state.phase == Phase::Finished { "" } else { " (so far)" };
    let seconds = |w: usize, distilled: bool| {
        measured
            .iter()
            .find(|m| m.kind.width == w && m.kind.distilled == distilled)
            .map(|m| m.seconds)
            .unwrap_or(0.0)
    };
    let cell = |id: &str, v: f64| {
        let (id, value) = (id.to_string(), format!("{v:.4}"));
        html! { <td data-testid={id} data-value={value}>{ format!("{v:.3}") }</td> }
    };
    html! {
        <div class="figure wide">
            <h2>{ format!("Every width{done}") }</h2>
            <table class="results" data-testid="widths">
                <thead><tr>
                    <th>{ "width" }</th><th>{ "memorisation: flipped" }</th><th>{ "clean" }</th><th>{ "test \
                        accuracy" }</th><th>{ "s" }</th>
                    <th>{ "distilled: flipped" }</th><th>{ "clean" }</th><th>{ "test accuracy" }</th><th>{ "s" }</th>
                </tr></thead>
                <tbody>{ for labels.iter().map(|l| {
                    let s = students.iter().find(|s| s.width == l.width);
                    html! { <tr data-width={l.width.to_string()}>
                        <td>{ l.width }</td>
                        { cell("flipped", l.flipped) }{ cell("clean", l.clean) }{
                            cell("test-accuracy", l.test_accuracy) }
                        <td>{ format!("{:.1}", seconds(l.width, false)) }</td>
                        if let Some(s) = s {
                            { cell("distilled-flipped", s.flipped) }{ cell("distilled-clean", s.clean) }{
                                cell("distilled-test-accuracy", s.test_accuracy) }
                            <td>{ format!("{:.1}", seconds(l.width, true)) }</td>
                        } else { <td>{ "–" }</td><td>{ "–" }</td><td>{ "–" }</td><td>{ "–" }</td> }
                    </tr> }
                })}</tbody>
            </table>
            <p class="caption">{ "Test accuracy: each network on the clean examples outside its half, averaged over \
                the K networks." }</p>
        </div>
    }
}

fn distillation_view(
    ex: &Examples,
    measured: &[Measured],
    t: &Trajectories,
    config: &MemorisationConfig,
) -> Html {
    let compared = comparisons(ex, measured, t);
    if compared.is_empty() {
        return html! {
            <div class="figure wide"><h2>{ "Distillation" }</h2>
            <p class="hint">{ if config.students().is_empty() { "Distillation is off (settings)." } else { "The \
                students train after the largest width; their numbers appear here." } }</p></div>
        };
    }
    let labels = summaries(ex, measured, false);
    let students = summaries(ex, measured, true);
    let accuracy =
        |rows: &[WidthSummary], w: usize| rows.iter().find(|s| s.width == w).map(|s| s.test_accuracy);
    let verdicts: Vec<String> = compared
        .iter()
        .filter(|c| c.trajectory == Trajectory::Increasing && c.examples > 0)
        .map(|c| {
            let (a, b) = (accuracy(&labels, c.width).unwrap_or(0.0), accuracy(&students, c.width).unwrap_or(0.0));
            let less = if c.distilled < c.labels { "less" } else { "not less" };
            format!("width {}: students memorise the increasing examples {less} ({:.3} vs {:.3}), test accuracy {:.3} \
                vs {:.3}", c.width, c.distilled, c.labels, b, a)
        })
        .collect();
    html! {
        <div class="figure wide">
            <h2>{ format!("Distillation from the width-{} networks (temperature {})", config.teacher_width(),
                config.temperature) }</h2>
            <table data-testid="distillation">
                <thead><tr><th>{ "width" }</th>{ for Trajectory::ALL.iter().map(|t| html! { <th>{ format!("{}: labels \
                    → distilled", t.label()) }</th> }) }</tr></thead>
                <tbody>{ for group_by_width(&compared).into_iter().map(|(w, row)| html! {
                    <tr data-width={w.to_string()}>
                        <td>{ w }</td>
                        { for row.iter().map(|c| html! {
                            <td data-testid={format!("distill-{}", c.trajectory.label())}
                                data-labels={format!("{:.4}", c.labels)} data-distilled={format!("{:.4}", c.distilled)}>
                                { format!("{:.3} → {:.3} ({} ex.)", c.labels, c.distilled, c.examples) }
                            </td>
                        })}
                    </tr>
                })}</tbody>
            </table>
            <ul class="verdicts">{ for verdicts.iter().map(|v| html! { <li>{ v }</li> }) }</ul>
            <p class="caption">
                { "Student k learns the soft outputs of the largest network trained on the same half, so an example \
                    outside the half is unseen by both. Classes come from the label-trained networks' curves. " }
                { format!("Paper: {}", cite_where(Memorisation::REFERENCES, "paper_distillation", |s|
                    matches!(s, Source::Paper(_)))) }
            </p>
        </div>
    }
}

fn group_by_width(
    compared: &[crate::demos::memorisation::Comparison],
) -> Vec<(usize, Vec<&crate::demos::memorisation::Comparison>)> {
    let mut out: Vec<(usize, Vec<_>)> = Vec::new();
    for c in compared {
        match out.last_mut() {
            Some((w, row)) if *w == c.width => row.push(c),
            _ => out.push((c.width, vec![c])),
        }
    }
    out
}

fn why_view(config: &MemorisationConfig) -> Html {
    let paper = MemorisationConfig::paper_scale();
    let paper_link = link_to(Memorisation::ID, &paper);
    let paper_time = time_here(Memorisation::ID, &Memorisation::cost(&paper)).map(|t| format!("; {t}"));
    let paper_time = paper_time.unwrap_or_default();
    html! {
        <div class="figure wide">
            <h2>{ "How memorisation is measured here" }</h2>
            <p>
                { format!("Each of the K = {} networks of a width trains on its own random half of the digits (the \
                    same halves at every width). For an example, the networks split into those that saw it and those \
                    that did not; its score is the share of the first group that predicts its label minus the share of \
                    the second. A score near 1 means the label is only predicted when the example was seen: the \
                    network stored it. Near 0 it is predicted either way (it generalises from the rest) or never. ",
                        config.models) }
                { "Flipped labels contradict the image, so predicting them needs the example itself: they are the \
                    clearest case of memorisation, and the score rises with the capacity to store them." }
            </p>
            <p>
                { format!("Noise: with about K/2 networks on each side, one score has a standard error up to √(1/K) = \
                    {:.2}. The halves are the same at every width, so the widths differ only in their initial weights \
                    and their size: the null rate beside the claims is one width trained six times from other initial \
                    weights, read as six widths. With fewer networks per width, expect noisy classes.",
                    worst_standard_error(config.models)) }
            </p>
            <p>
                { "Label noise decides which half of the paper's headline shows. With 2 % of 300 digits flipped, most \
                    memorised clean examples are memorised less by wider networks; with 10 %, the wider networks fit \
                    the noise and memorise the clean examples more too. " }
                <a data-testid="paper-scale" href={paper_link}>{ format!("The earlier, larger setting ({} \
                    Adam steps against {} here{paper_time})", count(paper.total_steps()),
                    count(config.total_steps())) }</a>
                { ": all 1,797 digits, 10 % flipped, K = 64, widths to 128; its science log holds the result." }
            </p>
            <p class="caption">
                { format!("Paper: {}", cite(Memorisation::REFERENCES, "paper_trajectories")) }
            </p>
        </div>
    }
}

fn loss_view(state: &RunState, config: &MemorisationConfig) -> Html {
    let tasks = config.tasks();
    let series = loss_series(&state.loss, |i| {
        let label = tasks
            .get(i)
            .map(|k| format!("width {}{}", k.width, if k.distilled { ", distilled" } else { "" }))
            .unwrap_or_default();
        (label, PALETTE[i % PALETTE.len()].to_string())
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step (of the worker that trains the width)" y_title="cross-entropy"
                       title="Training loss of each batch of networks over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(Memorisation, MemorisationPage);

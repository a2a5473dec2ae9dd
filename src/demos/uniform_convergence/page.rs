//! The uniform-convergence demo page (Nagarajan & Kolter, NeurIPS 2019): test error and the
//! error on S′ against the training-set size, the distance from initialisation, and slices of the
//! decision surface that show why S′ is misclassified.

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::heatmap::{Heatmap, digest};
use crate::app::components::line_chart::{LineChart, Series, loss_series};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::reference::{Source, cite, cite_where};
use crate::demos::uniform_convergence::UniformConvergenceQuery;
use crate::demos::uniform_convergence::{
    Measurement, Report, Slice, UniformConvergence, UniformConvergenceConfig, slice_points,
};
use crate::demos::{Demo, Query};
use web_sys::HtmlInputElement;
use yew::prelude::*;

const TEST: &str = "#2563eb";
const PROJECTED: &str = "#dc2626";
const HIDDEN: &str = "#059669";
const OUTPUT: &str = "#9333ea";
const PALETTE: &[&str] = &["#2563eb", "#dc2626", "#059669", "#9333ea", "#ea580c", "#0891b2"];

fn measurements(state: &RunState) -> Vec<Measurement> {
    state.results_of::<UniformConvergence>().filter_map(Report::measurement).cloned().collect()
}

/// The slices of every worker merged into one, networks by size (each worker draws its own
/// networks; a split run has several); `None` before the first. While the workers answer a new
/// training point at different times the merge mixes points: `point` is then `usize::MAX`.
fn merged_slice(state: &RunState) -> Option<Slice> {
    let slices: Vec<&Slice> = state.results_of::<UniformConvergence>().filter_map(Report::slice).collect();
    let last = (*slices.last()?).clone();
    let same = slices.iter().all(|s| s.point == last.point);
    let mut surfaces: Vec<_> = slices.iter().flat_map(|s| s.surfaces.iter().cloned()).collect();
    surfaces.sort_by_key(|s| s.train_size);
    surfaces.dedup_by_key(|s| s.train_size);
    Some(Slice { point: if same { last.point } else { usize::MAX }, surfaces, ..last })
}

/// The demo page.
#[function_component(UniformConvergencePage)]
pub fn uniform_convergence_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<UniformConvergence>(props);
    let state = &*session.state;
    let results = measurements(state);
    let slice = merged_slice(state);
    // The slice's training point: the page asks the worker for a new slice when it changes.
    let point = use_state(|| 0usize);
    {
        let ask = session.ask.clone();
        let shown = slice.as_ref().map(|s| s.point);
        let live = matches!(state.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Finished);
        use_effect_with((*point, shown, live), move |&(point, shown, live)| {
            if live && shown.is_some_and(|s| s != point && s != usize::MAX) {
                ask.emit(Query::UniformConvergence(UniformConvergenceQuery { point }));
            }
        });
    }
    let smallest = config.sizes().first().copied().unwrap_or(1);
    let on_point = {
        let point = point.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(p) = input.value().parse::<usize>() {
                point.set(slice_points(p, smallest).0);
            }
        })
    };
    let next = {
        let point = point.clone();
        Callback::from(move |_: MouseEvent| {
            point.set(slice_points((*point + 2) % smallest.max(2), smallest).0)
        })
    };
    let ready = format!(
        "Ready: {} networks (m = {}), d = {}, width {} on {}. Press Train.",
        config.sizes().len(),
        config.sizes().iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
        config.dim,
        config.width,
        state.backend.label()
    );
    let running = (!results.is_empty() || state.phase == Phase::Running).then(|| {
        format!(
            "step {} (at most {}), {} of {} sizes done",
            state.step,
            state.total_steps,
            results.len(),
            config.sizes().len()
        )
    });
    let status =
        state.status(ready, running, " Pick another training point: the slices redraw without retraining.");
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"More data, lower test error — and a \
            vacuous uniform-convergence bound"} status={status}
                   note={Some(AttrValue::from(note(&config)))}
                   lead={html! { <>
            { lead(&config) }
                   </> }}>
            { errors_view(&results, &config) }
            { table_view(&results, state) }
            { slice_view(slice.as_ref(), *point, smallest, on_point, next) }
            { norms_view(&results, &config) }
            { why_view() }
            { loss_view(state, &config) }
        </DemoFrame>
    }
}

fn log2(m: usize) -> f64 {
    (m as f64).log2()
}

/// The page's opening paragraph, with the spheres this configuration draws.
fn lead(config: &UniformConvergenceConfig) -> String {
    format!(
        "Two classes lie on two concentric spheres (radius {} and {}) in {} dimensions. A wide \
         one-hidden-layer ReLU network trained by SGD on m points generalises better as m grows. Now \
         take its training set S, move every point onto the other sphere and flip its label: this S′ is \
         distributed exactly like fresh data, yet the network misclassifies almost all of it. Nagarajan \
         & Kolter (NeurIPS 2019) show that any uniform-convergence bound over the networks SGD can output \
         is then at least that error — nearly 1, so vacuous — even though the network really does \
         generalise.",
        config.inner_radius, config.outer_radius, config.dim
    )
}

/// Why the step count is an upper bound, with this configuration's stopping rule.
fn note(config: &UniformConvergenceConfig) -> String {
    format!(
        "Each m trains until {} % of its training points have margin {}, so the step count is an upper \
         bound; larger m stop sooner in epochs.",
        (1000.0 * config.stop_fraction).round() / 10.0,
        config.margin
    )
}

fn x_min(config: &UniformConvergenceConfig) -> f64 {
    config.sizes().first().map(|&m| log2(m) - 0.25).unwrap_or(0.0)
}

/// One line over log₂ m: `value` of each measurement.
fn by_m(results: &[Measurement], label: &str, color: &str, value: fn(&Measurement) -> f64) -> Series {
    Series {
        label: label.into(),
        color: color.into(),
        points: results.iter().map(|r| (log2(r.train_size), value(r))).collect(),
    }
}

fn errors_view(results: &[Measurement], config: &UniformConvergenceConfig) -> Html {
    let series = vec![
        by_m(results, "test error (fresh points)", TEST, |r| r.test_error),
        by_m(results, "error on S′ (training set, projected and flipped)", PROJECTED, |r| {
            r.projected_error
        }),
    ];
    html! {
        <div class="figure">
            <h2>{ "Test error falls with m; the error on S′ does not" }</h2>
            <LineChart series={series} x_title="log₂ m (8 = 256, 11 = 2,048)" y_title="error" y_max={Some(1.0)}
                       x_min={Some(x_min(config))} dots={true}
                       title="Test error and error on the projected training set against the training-set size" />
            <p class="caption">
                { "A two-sided uniform-convergence bound ε must satisfy |error on D − error on any m-point set| ≤ ε \
                    for every network SGD can output. S′ is such a set, the network errs on nearly all of it and on \
                    nearly none of S, and S′ is as likely as S: so ε ≥ error on S′ − test error, close to 1." }
            </p>
        </div>
    }
}

fn table_view(results: &[Measurement], state: &RunState) -> Html {
    if results.is_empty() {
        return html! {};
    }
    let pct = |v: f64| format!("{:.1}%", 100.0 * v);
    let done = if state.phase == Phase::Finished { "" } else { " (so far)" };
    html! {
        <div class="figure wide summary">
            <h2>{ format!("Every measurement{done}") }</h2>
            <table data-testid="measurements">
                <thead><tr>
                    <th>{ "m" }</th><th>{ "epochs" }</th><th>{ "share with margin ≥ target" }</th><th>{ "train \
                        error" }</th>
                    <th>{ "test error" }</th><th>{ "error on S′" }</th><th>{ "‖W₁ − W₁⁰‖" }</th><th>{ "‖W₂ − \
                        W₂⁰‖" }</th><th>{ "seconds" }</th>
                    <th>{ "reference: test, S′ (measured elsewhere)" }</th>
                </tr></thead>
                <tbody>
                    { for results.iter().map(|r| html! {
                        <tr data-m={r.train_size.to_string()}>
                            <td>{ r.train_size }</td>
                            <td>{ format!("{}{}", r.epochs, if r.reached { "" } else { " (limit)" }) }</td>
                            <td>{ pct(r.margin_share) }</td>
                            <td data-testid="train-error">{ format!("{:.3}", r.train_error) }</td>
                            <td data-testid="test-error">{ format!("{:.3}", r.test_error) }</td>
                            <td data-testid="projected-error">{ format!("{:.3}", r.projected_error) }</td>
                            <td data-testid="distance-hidden">{ format!("{:.2}", r.distance_hidden) }</td>
                            <td data-testid="distance-output">{ format!("{:.2}", r.distance_output) }</td>
                            <td>{ format!("{:.1}", r.seconds) }</td>
                            <td class="reference">{ cite(UniformConvergence::REFERENCES, &format!("m{}", r.train_size))
                                }</td>
                        </tr>
                    })}
                </tbody>
            </table>
            <p class="caption">{ format!("Paper: {}",
                cite_where(UniformConvergence::REFERENCES, "paper", |s| matches!(s, Source::Paper(_)))) }</p>
        </div>
    }
}

fn slice_view(
    slice: Option<&Slice>,
    point: usize,
    smallest: usize,
    on_point: Callback<Event>,
    next: Callback<MouseEvent>,
) -> Html {
    let Some(s) = slice else {
        return html! {
            <div class="figure wide"><h2>{ "Why: the boundary bends around every training point" }</h2>
            <p class="hint">{ "Slices of each trained network's decision surface appear here as each m \
                finishes." }</p></div>
        };
    };
    let radii = s.radii.to_vec();
    html! {
        <div class="figure wide">
            <h2>{ "Why: the boundary bends around every training point" }</h2>
            <div class="knobs">
                <label>{ format!("Training point (0–{})", slice_points(usize::MAX, smallest).0) }
                    <input type="number" min="0" max={slice_points(usize::MAX, smallest).0.to_string()}
                        value={point.to_string()}
                           data-testid="slice-point" onchange={on_point} />
                </label>
                <button onclick={next}>{ "Another point" }</button>
                <span data-testid="slice-shown"
                    data-point={if s.point == usize::MAX { "updating".to_string() } else { s.point.to_string() }}>
                    { if s.point == usize::MAX { "Redrawing…".to_string() } else { format!("Showing training point {} \
                        and its neighbour {}.", s.point, s.other) } }
                </span>
            </div>
            <div class="surfaces">
                { for s.surfaces.iter().enumerate().map(|(i, surface)| {
                    let [x, projected, z] = [0, 1, 2].map(|k| surface.predicted.get(k).copied().unwrap_or(2));
                    let caption = format!(
                        "m = {}: x → class {x} (label {}), x′ → class {projected} (label {}){}, z → class {z}",
                        surface.train_size, s.points[0].2, s.points[1].2,
                        if projected == s.points[1].2 { "" } else { " ✗" }
                    );
                    html! {
                        <Heatmap values={surface.values.clone()} grid={s.grid} view={s.view} points={s.points.clone()}
                                 circles={radii.clone()} dot={0.035} testid={format!("slice-{i}")}
                                     digest={digest(&surface.values)}
                                 title={format!("Decision surface of the network trained on {} points, on the plane \
                                     through a training point, its projection and a second training point",
                                         surface.train_size)}
                                 caption={caption} />
                    }
                })}
            </div>
            <p class="caption">
                { "Each square is a plane through the origin, a training point x (on the right, at distance 1 or 1.2) \
                    and a second training point z; the dashed circles are the two spheres, and the true boundary lies \
                    between them. x′ is x moved onto the other sphere along the same ray, with the other label. \
                    Orange: class 0 (inner sphere); blue: class 1 (outer). The network carves a small pocket of the \
                    right class around each training point — in 100 dimensions there is room for thousands of pockets \
                    — so x′, just across the circle from x, falls in x's pocket and gets x's class: wrong." }
            </p>
        </div>
    }
}

fn norms_view(results: &[Measurement], config: &UniformConvergenceConfig) -> Html {
    let series = vec![
        by_m(results, "‖W₁ − W₁⁰‖_F (hidden layer)", HIDDEN, |r| r.distance_hidden),
        by_m(results, "‖W₂ − W₂⁰‖_F (output layer)", OUTPUT, |r| r.distance_output),
    ];
    html! {
        <div class="figure">
            <h2>{ "Distance from initialisation grows with m" }</h2>
            <LineChart series={series} x_title="log₂ m" y_title="Frobenius distance" x_min={Some(x_min(config))}
                dots={true}
                       title="Distance of each layer's weights from their initialisation against the training-set \
                           size" />
            <p class="caption">
                { "Norm-based generalisation bounds grow with these distances, so they grow with m — the opposite of \
                    the test error. The paper (§2) shows this for bounds built on distance from initialisation." }
            </p>
        </div>
    }
}

fn why_view() -> Html {
    html! {
        <div class="figure wide">
            <h2>{ "What a uniform-convergence bound is, and why this one is vacuous" }</h2>
            <p>
                { "Most generalisation bounds for deep networks say: for every network h in some class H, the gap \
                    between its error on the training set and on the whole distribution is at most ε(H, m) — uniformly \
                    over H. The tightest version restricts H to the networks SGD actually outputs on typical training \
                    sets. But here, for the network trained on S, the set S′ is a typical training set too (same \
                    distribution), on which the network's error is nearly 1, while its true error is small. So even \
                    this tightest ε must be nearly 1: the bound says nothing, though the network generalises. \
                    Generalisation here comes from how SGD carves a simple boundary plus tiny pockets around each \
                    training point, not from H being small." }
            </p>
            <p class="caption">
                { "At this scale (d = 100, width 1,000) the effect holds up to m ≈ 2,000 and fades beyond (the NumPy \
                    reference: S′ error 0.49 at m = 4,096); the paper used d = 1,000 and width 100,000. Set d = 30 to \
                    see it vanish: both errors fall to nearly 0." }
            </p>
        </div>
    }
}

fn loss_view(state: &RunState, config: &UniformConvergenceConfig) -> Html {
    let sizes = config.sizes();
    let series = loss_series(&state.loss, |i| {
        (sizes.get(i).map(|m| format!("m = {m}")).unwrap_or_default(), PALETTE[i % PALETTE.len()].to_string())
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step (of the worker that trains the size)" y_title="sigmoid \
                cross-entropy"
                       title="Training loss of each training-set size over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(UniformConvergence, UniformConvergencePage);

//! The local-explainability page (Li, Nagarajan, Plumb & Talwalkar, ICLR 2021): the zoo's MNF
//! against its generalisation gap, NF and MNF against σ, a slice through one patient with the
//! explanations drawn on it, and how explanations fitted from the data generalise.

mod text;

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series, loss_series};
use crate::app::components::scatter::{Marker, Point, Scatter};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::Demo;
use crate::demos::local_explainability::{
    CLAIM_SIGMA, LocalExplainability, LocalExplainabilityConfig, Measurement, NAMES, correlation,
};
use crate::demos::reference::cite;
use yew::prelude::*;

/// One colour per λ, smallest first.
const LAMBDA_COLOURS: &[&str] = &["#dc2626", "#ea580c", "#2563eb", "#059669"];
/// One colour per σ of the slice's explanations, narrowest first.
const SIGMA_COLOURS: &[&str] = &["#9333ea", "#0891b2", "#4d7c0f", "#be185d", "#a16207", "#475569"];

fn colour_of(config: &LocalExplainabilityConfig, lambda: f64) -> String {
    let i = config.sorted_lambdas().iter().position(|&l| l == lambda).unwrap_or(0);
    LAMBDA_COLOURS[i % LAMBDA_COLOURS.len()].to_string()
}

/// The demo page.
#[function_component(LocalExplainabilityPage)]
pub fn local_explainability_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<LocalExplainability>(props);
    let state = &*session.state;
    let zoo: Vec<Measurement> = state.results_of::<LocalExplainability>().cloned().collect();
    let feature = use_state(|| 2usize); // bmi: the variable the models lean on most
    let penalised = use_state(|| false);
    let ready =
        format!("Ready: a zoo of {} models on {}. Press Train.", config.zoo_size(), state.backend.label());
    let status = state.status(ready, None, "");
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()}
                   title={"Local explanations that hold over wide neighbourhoods go with models that generalise"}
                   status={status} lead={html! { <p>{ text::lead(&config) }</p> }}>
            { scatter_view(&zoo, &config, state) }
            { sigma_view(&zoo, &config) }
            { slice_view(&zoo, &config, &feature, &penalised) }
            { explanations_view(&zoo, &config) }
            <div class="figure">
                <h2>{ "Why it should hold" }</h2>
                <p>{ text::theory(&config) }</p>
                <p class="note">{ text::limits() }</p>
            </div>
            { loss_view(state, &config) }
        </DemoFrame>
    }
}

fn scatter_view(zoo: &[Measurement], config: &LocalExplainabilityConfig, state: &RunState) -> Html {
    let last = config.last_step();
    let widths = config.jobs().iter().map(|j| j.width).collect::<std::collections::BTreeSet<_>>();
    let marker =
        |width: usize| Marker::ALL[widths.iter().position(|&w| w == width).unwrap_or(0) % Marker::ALL.len()];
    let (points, markers): (Vec<Point>, Vec<Marker>) = zoo
        .iter()
        .filter_map(|m| {
            let mnf = m.at(CLAIM_SIGMA)?.mnf;
            let point = Point {
                x: mnf.max(1e-12).log10(),
                y: m.gap(),
                color: colour_of(config, m.lambda),
                hollow: m.steps != last,
                detail: format!(
                    "width {}, λ {}, seed {}, {} steps: MNF {mnf:.2e}, gap {:.3} (train MSE {:.3}, test MSE {:.3})",
                    m.width,
                    m.lambda,
                    m.seed,
                    m.steps,
                    m.gap(),
                    m.train_mse,
                    m.test_mse
                ),
            };
            Some((point, marker(m.width)))
        })
        .unzip();
    let (mut x0, mut x1, mut y1) = (-4.0f64, -0.5f64, 0.5f64);
    for p in &points {
        x0 = x0.min(p.x.floor());
        x1 = x1.max(p.x.ceil());
        y1 = y1.max(p.y * 1.1);
    }
    let y0 = points.iter().map(|p| p.y).fold(0.0f64, f64::min) * 1.1;
    let rho = correlation(&zoo.iter().collect::<Vec<_>>());
    let so_far = if state.phase == Phase::Finished { "" } else { " so far" };
    html! {
        <div class="figure">
            <h2>{ format!("Generalisation gap against MNF at σ = {CLAIM_SIGMA}") }</h2>
            <Scatter points={points.clone()} domain={Some(((x0, x1), (y0, y1)))} markers={markers}
                     x_title={format!("log₁₀ MNF at σ = {CLAIM_SIGMA} (mean over test patients)")}
                     y_title="generalisation gap: test − training MSE"
                     title="Scatter of each model's generalisation gap against its MNF"
                     hint={if points.is_empty() { "Models appear as they reach their measurement steps. Hover one \
                         for its numbers." } else { "Hover a point for its model and numbers." }} />
            <p class="legend">
                { for config.sorted_lambdas().iter().map(|&l| html! {
                    <span class="legend-item"><span class="swatch" style={format!("background:{}",
                        colour_of(config, l))}></span>{ format!("λ = {l}") }</span>
                })}
                { for widths.iter().map(|&w| html! {
                    <span class="legend-item">{ marker(w).swatch() }{ format!(" width {w}") }</span>
                })}
                <span class="legend-item">{ format!("filled: {last} steps; hollow: earlier") }</span>
            </p>
            <p data-testid="correlation">
                { match rho {
                    Some(r) => format!("Spearman rank correlation{so_far}: {r:.3} over {} models", points.len()),
                    None => "Spearman rank correlation: after three models".into(),
                } }
            </p>
            <p class="caption">{ format!("Reference: {}.", cite(LocalExplainability::REFERENCES, "correlation")) }</p>
        </div>
    }
}

/// The widest network at λ = 0 and at the largest λ, first seed, last step.
fn pair<'a>(
    zoo: &'a [Measurement],
    config: &LocalExplainabilityConfig,
) -> Vec<(&'static str, &'a Measurement)> {
    let last = config.last_step();
    let widest = config.widths.iter().copied().max().unwrap_or(0);
    let lambdas = config.sorted_lambdas();
    let find = |lambda: f64| {
        zoo.iter()
            .filter(|m| m.steps == last && m.width == widest && m.lambda == lambda)
            .min_by_key(|m| m.seed)
    };
    let mut out = Vec::new();
    if let Some(m) = lambdas.first().and_then(|&l| find(l)) {
        out.push(("unpenalised", m));
    }
    if lambdas.len() > 1
        && let Some(m) = lambdas.last().and_then(|&l| find(l))
    {
        out.push(("penalised", m));
    }
    out
}

fn sigma_view(zoo: &[Measurement], config: &LocalExplainabilityConfig) -> Html {
    let chosen = pair(zoo, config);
    if chosen.is_empty() {
        return html! {};
    }
    let mut series = Vec::new();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (name, m) in &chosen {
        // NF in the λ's colour, MNF in a lighter shade of it.
        let shades = if *name == "penalised" { ["#1d4ed8", "#93c5fd"] } else { ["#b91c1c", "#fca5a5"] };
        for ((which, value), colour) in [("NF", true), ("MNF", false)].into_iter().zip(shades) {
            let points: Vec<(f64, f64)> =
                m.nf.iter()
                    .map(|f| (f.sigma.log10(), (if value { f.nf } else { f.mnf }).max(1e-12).log10()))
                    .collect();
            for &(_, y) in &points {
                lo = lo.min(y);
                hi = hi.max(y);
            }
            let label = format!("{which}, {name} (width {}, λ {})", m.width, m.lambda);
            series.push(Series { label, color: colour.to_string(), points });
        }
    }
    let sigmas = config.sorted_sigmas();
    html! {
        <div class="figure">
            <h2>{ "NF and MNF against the neighbourhood's width σ (log–log)" }</h2>
            <LineChart series={series} dots={true} x_min={Some(sigmas[0].log10() - 0.05)}
                       x_max={Some(sigmas[sigmas.len() - 1].log10() + 0.05)}
                       y_min={Some(lo.floor())} y_max={Some(hi.ceil())}
                       x_title="log₁₀ σ" y_title="log₁₀ fidelity (mean squared misfit)"
                       title="NF and MNF of an unpenalised and a penalised network against σ" />
            <p class="caption">{ "The wider the neighbourhood, the worse an affine function fits a curved model; \
                the penalised network stays closer to affine at every width." }</p>
        </div>
    }
}

fn slice_view(
    zoo: &[Measurement],
    config: &LocalExplainabilityConfig,
    feature: &UseStateHandle<usize>,
    penalised: &UseStateHandle<bool>,
) -> Html {
    let chosen = pair(zoo, config);
    let Some((name, m)) = chosen.iter().find(|(n, _)| (*n == "penalised") == **penalised).or(chosen.first())
    else {
        return html! {};
    };
    let j = (**feature).min(NAMES.len() - 1);
    let offsets = &m.slice.offsets;
    let mut series = vec![Series {
        label: format!("the network ({name}, width {}, λ {})", m.width, m.lambda),
        color: "#111827".into(),
        points: offsets.iter().zip(&m.slice.values[j]).map(|(&t, &v)| (t, f64::from(v))).collect(),
    }];
    for (s, (sigma, coef)) in config.sorted_sigmas().iter().zip(&m.slice.explanations).enumerate() {
        series.push(Series {
            label: format!("explanation fitted at σ = {sigma}"),
            color: SIGMA_COLOURS[s % SIGMA_COLOURS.len()].into(),
            points: offsets.iter().map(|&t| (t, coef[0] + coef[j + 1] * t)).collect(),
        });
    }
    let all = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let on_feature = {
        let feature = feature.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            feature.set(select.value().parse().unwrap_or(0));
        })
    };
    let on_model = {
        let penalised = penalised.clone();
        Callback::from(move |_| penalised.set(!*penalised))
    };
    html! {
        <div class="figure">
            <h2>{ format!("A slice through test patient {} along one variable", m.slice.point) }</h2>
            <p>
                <label>{ "Variable: " }
                    <select onchange={on_feature} data-testid="slice-feature">
                        { for NAMES.iter().enumerate().map(|(i, n)| html! {
                            <option value={i.to_string()} selected={i == j}>{ *n }</option>
                        })}
                    </select>
                </label>
                { " " }
                if chosen.len() > 1 {
                    <button onclick={on_model}>{ if **penalised { "Show the unpenalised network" }
                        else { "Show the penalised network" } }</button>
                }
            </p>
            <LineChart series={series} x_min={Some(offsets[0])} x_max={Some(offsets[offsets.len() - 1])}
                       y_min={Some(lo - 0.1)} y_max={Some(hi + 0.1)}
                       x_title={format!("change in {} (standard deviations)", NAMES[j])}
                       y_title="predicted progression (standardised)"
                       title="The network and its local linear explanations along one variable" />
            <p class="caption">{ "Each explanation is the affine fit around the patient at one σ, drawn along the \
                chosen variable (the other nine held at the patient's values): narrow ones hug the network near 0, \
                wide ones average its curvature away." }</p>
        </div>
    }
}

fn explanations_view(zoo: &[Measurement], config: &LocalExplainabilityConfig) -> Html {
    let last = config.last_step();
    let plain: Vec<&Measurement> = zoo.iter().filter(|m| m.steps == last && m.lambda == 0.0).collect();
    if plain.is_empty() {
        return html! {};
    }
    let rows = config.sorted_sigmas().into_iter().map(|sigma| {
        let fits: Vec<_> = plain.iter().filter_map(|m| m.explained_at(sigma)).collect();
        let mean = |f: fn(&crate::demos::local_explainability::Generalisation) -> f64| {
            fits.iter().map(|g| f(g)).sum::<f64>() / fits.len().max(1) as f64
        };
        let (ins, out, size) = (mean(|g| g.in_sample), mean(|g| g.held_out), mean(|g| g.effective_size));
        html! {
            <tr data-testid={format!("explain-{sigma}")}>
                <td>{ sigma }</td><td>{ format!("{size:.1}") }</td><td>{ format!("{ins:.2e}") }</td>
                <td>{ format!("{out:.2e}") }</td><td>{ times(out, ins) }</td>
            </tr>
        }
    });
    html! {
        <div class="figure">
            <h2>{ "Do explanations fitted from the data generalise?" }</h2>
            <table>
                <thead><tr><th>{ "σ" }</th><th>{ "effective training patients" }</th><th>{ "in-sample error" }</th>
                    <th>{ "held-out error" }</th><th>{ "held-out ÷ in-sample" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="caption">{ format!("{} Mean over the {} networks at λ = 0 after {last} steps. Reference: {}.",
                text::explanations(), plain.len(), cite(LocalExplainability::REFERENCES, "explanations")) }</p>
        </div>
    }
}

/// `a ÷ b` for people: "1.9×", or "> 1,000×" when the fit is exact in-sample (σ far below the
/// spacing of the data: one patient carries the whole kernel).
fn times(a: f64, b: f64) -> String {
    if a > 1000.0 * b { "> 1,000×".into() } else { format!("{:.1}×", a / b) }
}

fn loss_view(state: &RunState, config: &LocalExplainabilityConfig) -> Html {
    let jobs = config.jobs();
    let series = loss_series(&state.loss, |i| {
        let label = jobs.get(i).map(|j| format!("width {}, seed {}", j.width, j.seed)).unwrap_or_default();
        (label, LAMBDA_COLOURS[i % LAMBDA_COLOURS.len()].to_string())
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step (each batch in turn)"
                       y_title="MSE + λ × penalty, mean over the batch's networks"
                       title="Training loss of each batch of networks over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(LocalExplainability, LocalExplainabilityPage);

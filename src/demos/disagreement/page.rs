//! The disagreement demo page (Jiang, Nagarajan, Baek & Kolter, ICLR 2022): test error against
//! the disagreement rate of pairs of SGD runs, and the class-aggregated calibration that explains
//! why the two agree.

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, loss_series};
use crate::app::components::reliability::{Bin, Reliability};
use crate::app::components::scatter::{Point, RefLine, Scatter};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::Demo;
use crate::demos::disagreement::{Checkpoint, Disagreement, DisagreementConfig, Randomness, Summary};
use crate::demos::reference::cite;
use yew::prelude::*;

const PALETTE: &[&str] =
    &["#2563eb", "#dc2626", "#059669", "#9333ea", "#ea580c", "#0891b2", "#4d7c0f", "#be185d"];

fn checkpoints(state: &RunState) -> Vec<Checkpoint> {
    state.results_of::<Disagreement>().cloned().collect()
}

/// The demo page.
#[function_component(DisagreementPage)]
pub fn disagreement_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<Disagreement>(props);
    let state = &*session.state;
    let results = checkpoints(state);
    let summary = Summary::of(&results);
    let status = status_line(state, &config);
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Disagreement between two SGD runs \
            estimates their test error"} status={status}
                   lead={html! { <>
            { "Train the same network twice with different SGD randomness, then count how often the two predict \
                different classes on " }
            <em>{ "unlabeled" }</em>
            { " test images. Jiang, Nagarajan, Baek & Kolter (ICLR 2022) found that this disagreement rate is close to \
                the test error — no labels needed — and proved why: it holds exactly when the ensemble of runs is \
                calibrated in a class-aggregated sense (their Theorem 4.2: |E[dis] − E[err]| ≤ CACE)." }
                   </> }}>
            { scatter_view(&results, &config) }
            { summary_view(summary.as_ref(), &config, state) }
            { calibration_view(summary.as_ref()) }
            { loss_view(state, &config) }
        </DemoFrame>
    }
}

fn status_line(state: &RunState, config: &DisagreementConfig) -> String {
    let ready = format!(
        "Ready: {} configurations × {} networks on {}. Press Train.",
        config.jobs().len(),
        config.models,
        state.backend.label()
    );
    state.status(ready, None, "")
}

fn scatter_view(results: &[Checkpoint], config: &DisagreementConfig) -> Html {
    let last_epoch = config.checkpoints().last().copied().unwrap_or(0);
    let points: Vec<Point> = results
        .iter()
        .flat_map(|c| {
            let color = PALETTE[c.job % PALETTE.len()].to_string();
            c.pairs.iter().map(move |p| Point {
                x: p.disagreement,
                y: p.test_error,
                color: color.clone(),
                hollow: c.epoch != last_epoch,
                detail: format!(
                    "width {}, n {}, epoch {}, networks {} & {}: disagreement {:.3}, test error {:.3} ({:.3} and \
                        {:.3}), train error {:.3}",
                    c.width, c.train_size, c.epoch, p.a, p.b, p.disagreement, p.test_error,
                    c.test_errors[p.a], c.test_errors[p.b], (c.train_errors[p.a] + c.train_errors[p.b]) / 2.0
                ),
            })
        })
        .collect();
    let band = if matches!(config.randomness, Randomness::AllDiff | Randomness::DiffData) {
        (0.9, 1.0)
    } else {
        (1.0, 1.3)
    };
    let jobs = config.jobs();
    html! {
        <div class="figure">
            <h2>{ format!("Test error against disagreement ({})", config.randomness.label()) }</h2>
            <Scatter points={points.clone()} band={Some(band)}
                     lines={vec![RefLine { slope: 1.0, intercept: 0.0, label: "y = x".into(), solid: true }]}
                     x_title="disagreement rate on unlabeled test data" y_title="test error"
                     title="Scatter of test error against disagreement rate, one point per pair of networks"
                     hint={if points.is_empty() { "Points appear as configurations reach their measurement epochs. \
                         Hover one for its numbers." } else { "Hover a point for its configuration and numbers." }} />
            <p class="legend">
                { for jobs.iter().enumerate().map(|(i, j)| html! {
                    <span class="legend-item"><span class="swatch"
                        style={format!("background:{}", PALETTE[i % PALETTE.len()])}></span>{ j.label() }</span>
                })}
                <span class="legend-item">{ format!("filled: epoch {last_epoch}; hollow: earlier epochs") }</span>
            </p>
            <p class="caption">
                { format!("Shaded: where the paper's {} points lie (y between {}x and {}x, their Fig. 1). On the y = x \
                    line, disagreement equals test error exactly.",
                    if band.0 < 1.0 { "AllDiff/DiffData" } else { "DiffInit/DiffOrder" }, band.0, band.1) }
            </p>
            <p class="counts" data-testid="point-count">{ format!("{} points", points.len()) }</p>
        </div>
    }
}

fn summary_view(summary: Option<&Summary>, config: &DisagreementConfig, state: &RunState) -> Html {
    let Some(s) = summary else {
        return html! {};
    };
    let honest = match config.randomness {
        Randomness::DiffInit | Randomness::DiffOrder => html! {
            <p class="note">
                { format!("With {} the networks share their training set, and at this tiny scale they end up too \
                    alike: they disagree far less than they err (reference: a ratio of {}). The paper sees GDE for \
                    DiffInit on ResNets; tiny MLPs trained on one dataset are not calibrated in the class-aggregated \
                    sense, as the calibration view below shows.", config.randomness.label(),
                        cite(Disagreement::REFERENCES, "ratio_diffinit")) }
            </p>
        },
        _ => html! {},
    };
    let done = if state.phase == Phase::Finished { "" } else { " (so far)" };
    html! {
        <div class="figure summary">
            <h2>{ format!("What the runs show{done}") }</h2>
            <table>
                <thead><tr><th></th><th>{ "measured here, in this browser" }</th><th>{ "reference, measured \
                    elsewhere" }</th></tr></thead>
                <tbody>
                    <tr><td>{ "mean test error" }</td><td
                        data-testid="mean-test-error">{ format!("{:.3}", s.mean_test_error) }</td>
                        <td>{ cite(Disagreement::REFERENCES, "test_error") }</td></tr>
                    <tr><td>{ "mean disagreement" }</td><td
                        data-testid="mean-disagreement">{ format!("{:.3}", s.mean_disagreement) }</td>
                        <td>{ cite(Disagreement::REFERENCES, "disagreement") }</td></tr>
                    <tr><td>{ "disagreement ÷ test error" }</td><td
                        data-testid="ratio">{ format!("{:.2}", s.mean_ratio) }</td>
                        <td>{ cite(Disagreement::REFERENCES, "ratio") }</td></tr>
                    <tr><td>{ "CACE of the ensembles" }</td><td data-testid="cace">{ format!("{:.3}", s.cace()) }</td>
                        <td>{ cite(Disagreement::REFERENCES, "cace") }</td></tr>
                </tbody>
            </table>
            <p class="caption">{ format!("Averaged over {} measurements (configuration × epoch).", s.checkpoints) }</p>
            { honest }
        </div>
    }
}

fn calibration_view(summary: Option<&Summary>) -> Html {
    let Some(s) = summary else {
        return html! {};
    };
    let total: u64 = s.calibration.bins.iter().map(|b| b.mass).sum();
    let bins: Vec<Bin> = s
        .calibration
        .bins
        .iter()
        .map(|b| Bin {
            confidence: b.confidence,
            frequency: b.accuracy(),
            share: b.mass as f64 / total.max(1) as f64,
        })
        .collect();
    let (err, dis) = (s.calibration.expected_error(), s.calibration.expected_disagreement());
    html! {
        <div class="figure">
            <h2>{ "Why: class-aggregated calibration of the ensemble" }</h2>
            <Reliability bins={bins} x_title="ensemble confidence h̃ₖ(x): share of networks voting k"
                         y_title="how often k is the true class"
                         title="Reliability diagram of the ensemble's class-aggregated calibration" />
            <p class="caption">
                { format!("For each share q of the {} networks voting for a class, how often that class is right, \
                    pooled over classes (Def. 4.3). Calibrated ensembles sit on the diagonal; red ticks are the gaps, \
                    weighted by how often each q occurs to give the CACE.", s.calibration.models) }
            </p>
            <p data-testid="bound">
                { format!("Theorem 4.2, which holds by construction for the pooled ensemble (an identity shown for \
                    reading, not a test of the paper): |E[dis] − E[err]| = |{dis:.3} − {err:.3}| = {:.3}, at most \
                    CACE = {:.3}.", s.gap(), s.cace()) }
            </p>
            <p class="caption">{ "Here E[dis] is over independent draws of two networks from the ensemble (a network \
                may be drawn twice), as in the theorem." }</p>
        </div>
    }
}

fn loss_view(state: &RunState, config: &DisagreementConfig) -> Html {
    let jobs = config.jobs();
    let series = loss_series(&state.loss, |i| {
        (jobs.get(i).map(|j| j.label()).unwrap_or_default(), PALETTE[i % PALETTE.len()].to_string())
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step (all configurations in turn)" y_title="cross-entropy, mean over \
                networks"
                       title="Training loss of each configuration over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(Disagreement, DisagreementPage);

//! The ResMem demo page (Yang et al., NeurIPS 2023): a network learns what it can, and a
//! k-nearest-neighbour model of its training residuals memorises the rest. Two views of one
//! idea: a 2-D playground whose decision surfaces are drawn before and after the correction,
//! and the digits, where the gain is plotted against how well the base fits its training set.
//! The k and σ sliders re-measure everything the run has trained, without retraining.

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::heatmap::{Heatmap, digest};
use crate::app::components::line_chart::{LineChart, loss_series};
use crate::app::components::scatter::{Point, RefLine, Scatter};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::resmem::ResMemQuery;
use crate::demos::resmem::{
    Answer, Embedding, Measurement, Report, ResMem, ResMemConfig, Surface, TEST_SIZE, TRAIN_SIZE,
};
use crate::demos::{Demo, Query};
use crate::format::percent;
use std::collections::BTreeMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

mod notes;
use notes::{loss_view, why_view};

/// Colours of the sweep's widths, in order.
const PALETTE: &[&str] = &["#2563eb", "#dc2626", "#059669", "#9333ea", "#ea580c", "#0891b2"];
/// The σ slider: 10^(σ_LOG_MIN + i/10) for i in 0..=SIGMA_STEPS.
const SIGMA_LOG_MIN: f64 = -3.0;
const SIGMA_STEPS: i32 = 40;

/// (k, σ): what the sliders ask for, and what a result was measured at.
type Knobs = (usize, f64);

/// What the page shows: the latest surface and, per configuration, the latest measurement,
/// whichever event (first measurement or re-measurement) brought them.
#[derive(Default)]
struct Shown {
    surface: Option<Surface>,
    measurements: BTreeMap<usize, Measurement>,
}

impl Shown {
    fn of(state: &RunState) -> Self {
        let mut shown = Shown::default();
        for report in state.results_of::<ResMem>() {
            match report {
                Report::Surface(s) => shown.surface = Some(s.clone()),
                Report::Measurement(m) => {
                    shown.measurements.insert(m.job, m.clone());
                }
                Report::Answer(a) => {
                    if let Some(s) = &a.surface {
                        shown.surface = Some(s.clone());
                    }
                    for m in &a.measurements {
                        shown.measurements.insert(m.job, m.clone());
                    }
                }
            }
        }
        shown
    }

    /// Whether something shown was measured at other knobs than `wanted`.
    fn stale(&self, wanted: Knobs) -> bool {
        let differs = |k: usize, sigma: f64| (k, sigma) != wanted;
        self.surface.as_ref().is_some_and(|s| differs(s.k, s.sigma))
            || self.measurements.values().any(|m| differs(m.k, m.sigma))
    }

    /// How long the latest re-measurement took: (playground, digits) in seconds.
    fn timing(state: &RunState) -> Option<(f64, f64)> {
        latest_answer(state).map(|a| (a.playground_seconds, a.digits_seconds))
    }

    /// The knobs of the latest re-measurement, if any.
    fn answered(state: &RunState) -> Option<Knobs> {
        let a = latest_answer(state)?;
        a.surface.as_ref().map(|s| (s.k, s.sigma)).or(a.measurements.first().map(|m| (m.k, m.sigma)))
    }
}

/// The latest re-measurement.
fn latest_answer(state: &RunState) -> Option<&Answer> {
    state.results_of::<ResMem>().filter_map(|r| if let Report::Answer(a) = r { Some(a) } else { None }).last()
}

/// σ at slider position `i`, to three significant figures.
fn sigma_at(i: i32) -> f64 {
    let v = 10f64.powf(SIGMA_LOG_MIN + f64::from(i) / 10.0);
    let scale = 10f64.powf(2.0 - v.log10().floor());
    (v * scale).round() / scale
}

/// The slider position nearest to `sigma`.
fn sigma_position(sigma: f64) -> i32 {
    (((sigma.max(1e-9).log10() - SIGMA_LOG_MIN) * 10.0).round() as i32).clamp(0, SIGMA_STEPS)
}

/// The demo page.
#[function_component(ResMemPage)]
pub fn resmem_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<ResMem>(props);
    let state = &*session.state;
    let shown = Shown::of(state);

    // The sliders start at the settings' k and σ, and follow them when the settings change.
    let wanted = use_state(|| (config.k, config.sigma));
    {
        let wanted = wanted.clone();
        use_effect_with((config.k, config.sigma.to_bits()), move |_| wanted.set((config.k, config.sigma)));
    }
    // Ask the worker to re-measure at the sliders' knobs, one question at a time: the next is
    // asked once the previous one is answered, so a dragged slider never queues up work.
    let asked = use_mut_ref(|| None::<Knobs>);
    {
        let (asked, ask) = (asked.clone(), session.ask.clone());
        let stale = shown.stale(*wanted);
        let answered = Shown::answered(state);
        let live = matches!(state.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Finished);
        use_effect_with(
            (*wanted, stale, answered, live, state.generation),
            move |&(wanted, stale, answered, live, _)| {
                let mut asked = asked.borrow_mut();
                if asked.is_some() && (*asked == answered || !live) {
                    *asked = None;
                }
                if stale && live && asked.is_none() {
                    ask.emit(Query::ResMem(ResMemQuery { k: wanted.0, sigma: wanted.1 }));
                    *asked = Some(wanted);
                }
            },
        );
    }
    let on_k = {
        let wanted = wanted.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(k) = input.value().parse::<usize>() {
                wanted.set((k, wanted.1));
            }
        })
    };
    let on_sigma = {
        let wanted = wanted.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(i) = input.value().parse::<i32>() {
                wanted.set((wanted.0, sigma_at(i)));
            }
        })
    };
    let status = status_line(state, &config);
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Learn what you can, memorise the \
            rest"} status={status}
                   note={Some(AttrValue::from("First the playground's network trains, then the digits sweep; the \
                       sliders work as soon as the playground is done, and keep working while the sweep trains."))}
                   lead={html! { <>
            { "Train a small network as usual. Then, for every training point, keep what the network got wrong — its \
                residual, the one-hot label minus the predicted probabilities — and at test time add the residuals of \
                the k training points nearest to the input, weighted by softmax(−distance/σ), in the network's own \
                hidden-layer features. Yang et al. (“ResMem: Learn what you can and memorize the rest”, NeurIPS 2023) \
                show this raises test accuracy, most for networks that cannot fit their training set; once the network \
                interpolates, there is nothing left to memorise." }
                   </> }}>
            { playground_view(&shown, &config, *wanted, Shown::timing(state), on_k, on_sigma) }
            { digits_view(&shown, &config) }
            { loss_view(state, &config) }
            { why_view(&config) }
        </DemoFrame>
    }
}

fn status_line(state: &RunState, config: &ResMemConfig) -> String {
    let ready = format!(
        "Ready: the playground, then {} digits configurations × {} seeds on {}. Press Train.",
        config.jobs().len(),
        config.seeds,
        state.backend.label()
    );
    state.status(ready, None, " Move k and σ: nothing retrains.")
}

fn playground_view(
    shown: &Shown,
    config: &ResMemConfig,
    wanted: Knobs,
    timing: Option<(f64, f64)>,
    on_k: Callback<InputEvent>,
    on_sigma: Callback<InputEvent>,
) -> Html {
    let k_max = if config.k > 50 { 100 } else { 50 };
    let space = match config.embedding {
        Embedding::Penultimate => "its hidden layer",
        Embedding::Input => "the plane itself",
    };
    let surfaces = match &shown.surface {
        None => html! {
            <p class="placeholder">{ format!("Press Train: a {}-unit network learns the {} first ({} points, {:.0}% of \
                labels flipped).", config.plane_width, plane_name(config), config.points, 100.0 * config.label_noise)
                    }</p>
        },
        Some(s) => html! {
            <div class="surfaces">
                <Heatmap values={s.base.clone()} grid={s.grid} view={s.view} points={s.points.clone()}
                         testid="surface-base" digest={digest(&s.base)}
                         title="Decision surface of the base network with the training points"
                         caption={format!("Base network: {} train, {} test", percent(s.base_train, 1),
                             percent(s.base_test, 1))} />
                <Heatmap values={s.resmem.clone()} grid={s.grid} view={s.view} points={s.points.clone()}
                         testid="surface-resmem" digest={digest(&s.resmem)}
                         title="Decision surface after the kNN correction of the residuals"
                         caption={format!("ResMem (k = {}, σ = {}): {} train, {} test", s.k, s.sigma,
                             percent(s.resmem_train, 1), percent(s.resmem_test, 1))} />
            </div>
        },
    };
    let measured = shown.surface.as_ref().map(|s| (s.k, s.sigma));
    html! {
        <div class="figure wide">
            <h2>{ "Playground: a network too narrow for the picture" }</h2>
            { surfaces }
            <div class="knobs" data-testid="knobs" data-k={wanted.0.to_string()} data-sigma={wanted.1.to_string()}>
                <label>
                    { format!("neighbours k = {}", wanted.0) }
                    <input type="range" min="1" max={k_max.to_string()} step="1" value={wanted.0.to_string()}
                           data-testid="slider-k" oninput={on_k} />
                </label>
                <label>
                    { format!("temperature σ = {}", wanted.1) }
                    <input type="range" min="0" max={SIGMA_STEPS.to_string()} step="1"
                        value={sigma_position(wanted.1).to_string()}
                           data-testid="slider-sigma" oninput={on_sigma} />
                </label>
                <span class="note" data-testid="knobs-state"
                      data-playground-ms={timing.map(|t| format!("{:.1}", 1e3 * t.0))}
                      data-digits-ms={timing.map(|t| format!("{:.1}", 1e3 * t.1))}>
                    { match (measured, timing) {
                        (None, _) => "The sliders act once the playground has trained.".to_string(),
                        (Some(m), Some((p, d))) if m == wanted => format!(
                            "Up to date, nothing retrained: the kNN search took {:.0} ms for the playground and {:.0} \
                                ms for the digits.",
                            1e3 * p,
                            1e3 * d
                        ),
                        (Some(m), None) if m == wanted => "Up to date: nothing was retrained.".to_string(),
                        (Some(_), _) => "Re-measuring…".to_string(),
                    } }
                </span>
            </div>
            <p class="caption">
                { format!("Colour: the predicted class (orange 0, blue 1; white where the two are equally likely). \
                    Dots: the training points, with their possibly flipped labels. On the right, each point of the \
                    plane adds the residuals of its {} nearest training points in {space}: where the network is wrong \
                    about a region, the neighbours' labels take over. A small σ trusts the nearest point alone, and k \
                    = 1 with a tiny σ reproduces every training label — including the flipped ones, which is why test \
                    accuracy stops rising.", wanted.0) }
            </p>
        </div>
    }
}

fn plane_name(config: &ResMemConfig) -> &'static str {
    match config.plane {
        crate::data::plane::Plane::Spirals => "two spirals",
        crate::data::plane::Plane::Checkerboard => "checkerboard",
        crate::data::plane::Plane::Circles => "disc inside a ring",
    }
}

fn width_color(config: &ResMemConfig, width: usize) -> String {
    let i = config.widths.iter().position(|&w| w == width).unwrap_or(0);
    PALETTE[i % PALETTE.len()].into()
}

fn digits_view(shown: &Shown, config: &ResMemConfig) -> Html {
    let ms: Vec<&Measurement> = shown.measurements.values().collect();
    let mut points = Vec::new();
    for m in &ms {
        let color = width_color(config, m.width);
        for (i, ((train, base), resmem)) in
            m.base_train.iter().zip(&m.base_test).zip(&m.resmem_test).enumerate()
        {
            points.push(Point {
                x: *train,
                y: 100.0 * (resmem - base),
                color: color.clone(),
                hollow: true,
                detail: format!(
                    "width {}, {} epochs, seed {i}: base train {}, test {} → ResMem {} ({:+.1} points)",
                    m.width,
                    m.epochs,
                    percent(*train, 1),
                    percent(*base, 1),
                    percent(*resmem, 1),
                    100.0 * (resmem - base)
                ),
            });
        }
        points.push(Point {
            x: m.mean_base_train(),
            y: 100.0 * m.mean_gain(),
            color,
            hollow: false,
            detail: format!(
                "width {}, {} epochs, mean of {} seeds: base train {}, test {} → ResMem {} ({:+.1} ± {:.1} points)",
                m.width,
                m.epochs,
                m.base_test.len(),
                percent(m.mean_base_train(), 1),
                percent(m.mean_base_test(), 1),
                percent(m.mean_resmem_test(), 1),
                100.0 * m.mean_gain(),
                100.0 * m.gain_sd()
            ),
        });
    }
    let x_lo = points.iter().map(|p| p.x).fold(1.0f64, f64::min).min(0.8);
    let x_lo = (x_lo * 20.0).floor() / 20.0;
    let y_hi = points.iter().map(|p| p.y).fold(2.0f64, f64::max).ceil() + 1.0;
    let y_lo = points.iter().map(|p| p.y).fold(0.0f64, f64::min).floor() - 1.0;
    let knobs = ms.first().map(|m| format!("k = {}, σ = {}", m.k, m.sigma)).unwrap_or_default();
    html! {
        <div class="figure">
            <h2>{ "Digits: the gain shrinks as the base fits its training set" }</h2>
            if ms.is_empty() {
                <p class="placeholder">{ format!("After the playground: one-hidden-layer networks of widths {:?} \
                    trained for {:?} epochs on {TRAIN_SIZE} digits, {} seeds each, corrected and tested on {TEST_SIZE} \
                    held-out digits.", config.widths, config.epochs, config.seeds) }</p>
            } else {
                <Scatter points={points} domain={Some(((x_lo, 1.0), (y_lo, y_hi)))}
                         lines={vec![RefLine { slope: 0.0, intercept: 0.0, label: "no gain".into(), solid: false }]}
                         x_title="base network's training accuracy" y_title="ResMem − base test accuracy (points)"
                         title="Test-accuracy gain of ResMem against the base network's training accuracy"
                         hint="Hollow: one seed; filled: the mean of a configuration. Hover for details." />
                <table class="results" data-testid="resmem-table">
                    <thead><tr><th>{ "width" }</th><th>{ "epochs" }</th><th>{ "base train" }</th><th>{ "base \
                        test" }</th><th>{ format!("ResMem test ({knobs})") }</th><th>{ "gain (points)"
                            }</th></tr></thead>
                    <tbody>
                        { for ms.iter().map(|m| html! {
                            <tr data-testid={format!("job-{}", m.job)}>
                                <td><span class="swatch" style={format!("background:{}",
                                    width_color(config, m.width))}></span>{ m.width }</td>
                                <td>{ m.epochs }</td>
                                <td data-testid={format!("train-{}", m.job)}>{ format!("{:.3}", m.mean_base_train())
                                    }</td>
                                <td>{ format!("{:.3}", m.mean_base_test()) }</td>
                                <td>{ format!("{:.3}", m.mean_resmem_test()) }</td>
                                <td data-testid={format!("gain-{}", m.job)}>{ format!("{:+.1} ± \
                                    {:.1}", 100.0 * m.mean_gain(), 100.0 * m.gain_sd()) }</td>
                            </tr>
                        })}
                    </tbody>
                </table>
            }
            <p class="caption">
                { "Each network is corrected by a memory of its own training residuals, searched in its own hidden \
                    layer. Short training leaves much unfitted, and the memory supplies it; a network that fits every \
                    training digit has residuals near zero, and the correction does nothing." }
                { " References, measured elsewhere: " }
                { for ResMem::REFERENCES.iter().filter(|r| r.key == "sweep").map(|r| html! { { format!("{}: {} ({}). \
                    ", r.what, r.value, r.source.label()) } }) }
            </p>
        </div>
    }
}

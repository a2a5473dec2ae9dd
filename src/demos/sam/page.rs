//! The SAM demo page (Springer, Nagarajan & Raghunathan, ICLR 2024): SGD and SAM train side by
//! side on data with an easy and a hard feature; linear probes on the frozen features show that
//! SGD lets the hard feature fade while SAM keeps learning it.

use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::RunState;
use crate::data::digits::Digits;
use crate::data::easy_hard::{self, DIM, EASY};
use crate::demos::Demo;
use crate::demos::sam::{Checkpoint, Method, Sam, SamConfig};
use yew::prelude::*;

const SGD: &str = "#dc2626";
const SAM: &str = "#2563eb";

fn checkpoints(state: &RunState) -> Vec<Checkpoint> {
    state.results_of::<Sam>().cloned().collect()
}

fn label(method: Method) -> &'static str {
    match method {
        Method::Sgd => "SGD",
        Method::Sam => "SAM",
    }
}

fn color(method: Method) -> &'static str {
    match method {
        Method::Sgd => SGD,
        Method::Sam => SAM,
    }
}

/// The demo page.
#[function_component(SamPage)]
pub fn sam_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<Sam>(props);
    let state = &*session.state;
    let results = checkpoints(state);
    let ready = format!(
        "Ready: SGD and SAM, {} seeds each, {} epochs on {}. Press Train.",
        config.seeds,
        config.epochs,
        state.backend.label()
    );
    let status = state.status(ready, None, "");
    let five_seeds = {
        let on_change = frame.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(("seeds".into(), "5".into())))
    };
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Sharpness-aware minimisation learns the \
            feature SGD neglects"} status={status}
                   note={Some(AttrValue::from("SGD and SAM take turns, one step each on the same batch, from the same \
                       initial weights."))}
                   lead={html! { <>
            { "Each input holds two features that both give the label: an easy one (a single number, ±a) and a hard \
                one (a handwritten digit: is it 5 or more?). SGD learns the easy one and lets the hard one fade — \
                simplicity bias. Sharpness-aware minimisation (SAM) takes each gradient at a slightly worse point \
                nearby, which holds back what is already learned, so the hard feature keeps being learned. Springer, \
                Nagarajan & Raghunathan (“Sharpness-Aware Minimization Enhances Feature Quality via Balanced \
                Learning”, ICLR 2024) measure this with linear probes on the frozen features, on data where the two \
                features disagree." }
                   </> }}>
            <InputView strength={config.strength} absent={config.absent} data_seed={config.data_seed} />
            { gap_view(&results, &config, five_seeds) }
            { probes_view(&results, &config) }
            { loss_view(state) }
            { limits_view() }
            { table_view(&results) }
        </DemoFrame>
    }
}

/// Props of [`InputView`]: the settings the drawn inputs depend on.
#[derive(Properties, PartialEq)]
struct InputProps {
    strength: f64,
    absent: f64,
    data_seed: u64,
}

/// Four training examples, drawn: the easy block above the digit. The data are built once per
/// setting, not on every training event.
#[function_component(InputView)]
fn input_view(props: &InputProps) -> Html {
    let data = use_memo((props.strength.to_bits(), props.absent.to_bits(), props.data_seed), |_| {
        Digits::load()
            .ok()
            .map(|d| easy_hard::build(&d, props.strength as f32, props.absent, props.data_seed))
    });
    let Some(data) = data.as_ref() else { return html! {} };
    let examples = (0..4).map(|i| {
        let row = &data.train.inputs[i * DIM..(i + 1) * DIM];
        let cell = 10.0;
        let easy = row[..EASY].iter().enumerate().map(|(j, &v)| {
            let fill = if v > 0.0 { SAM } else if v < 0.0 { SGD } else { "#f3f4f6" };
            html! { <rect x={(j as f64 * cell).to_string()} y="0" width={cell.to_string()} height={cell.to_string()}
                fill={fill} stroke="#d1d5db" stroke-width="0.5" /> }
        });
        let digit = row[EASY..].iter().enumerate().map(|(j, &v)| {
            let shade = (255.0 * (1.0 - v)).round() as u8;
            html! { <rect x={((j % 8) as f64 * cell).to_string()} y={(16.0 + (j / 8) as f64 * cell).to_string()}
                          width={cell.to_string()} height={cell.to_string()}
                              fill={format!("rgb({shade},{shade},{shade})")} /> }
        });
        let label = data.train.hard[i];
        html! {
            <figure class="example">
                <svg viewBox="0 0 80 96" role="img" aria-label="One training input: the easy block above the digit">
                    { for easy }
                    { for digit }
                </svg>
                <figcaption>{ format!("label {label}: easy {}, digit {}", if row[0] > 0.0 { "+a" } else if row[0] < 0.0
                    { "−a" } else { "absent" }, if label == 1 { "≥ 5" } else { "< 5" }) }</figcaption>
            </figure>
        }
    });
    html! {
        <div class="figure wide">
            <h2>{ "The input: an easy feature above a hard one" }</h2>
            <div class="examples">{ for examples }</div>
            <p class="caption">{ format!("72 numbers per example. Top row: the easy block — its first cell is +{0} \
                (blue) when the label is 1 and −{0} (red) when it is 0{1}. Below: an 8×8 digit, pixels scaled to 0–1; \
                the label is 1 for digits 5–9. 898 training examples; the probes use 449 + 450 other digits whose easy \
                sign is random.", props.strength, if props.absent > 0.0
                    { format!("; blank on {:.0}% of examples", 100.0 * props.absent) } else { String::new() }) }</p>
        </div>
    }
}

fn last(results: &[Checkpoint], method: Method) -> Option<&Checkpoint> {
    results.iter().rev().find(|c| c.method == method)
}

fn gap_view(results: &[Checkpoint], config: &SamConfig, five_seeds: Callback<MouseEvent>) -> Html {
    let pair = last(results, Method::Sgd).zip(last(results, Method::Sam)).filter(|(a, b)| a.epoch == b.epoch);
    let body = match pair {
        None => {
            html! { <p class="placeholder">{ "Train to see the hard feature's probe accuracy under SGD and SAM." }</p> }
        }
        Some((sgd, sam)) => {
            let gaps: Vec<f64> =
                sam.hard_probe.iter().zip(&sgd.hard_probe).map(|(a, b)| 100.0 * (a - b)).collect();
            let n = gaps.len() as f64;
            let mean = gaps.iter().sum::<f64>() / n;
            let sd = if gaps.len() > 1 {
                (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            let wins = gaps.iter().filter(|g| **g > 0.0).count();
            html! {
                <>
                    <p class="big-number">
                        { "SAM − SGD, hard-feature probe: " }
                        <strong data-testid="gap">{ format!("{mean:+.1}") }</strong>
                        { format!(" ± {sd:.1} points") }
                    </p>
                    <p data-testid="gap-detail">
                        { format!("after {} epochs, {} seeds: SGD {:.3}, SAM {:.3}; SAM higher in {wins} of {}. \
                            Training accuracy SGD {:.3}, SAM {:.3}.", sgd.epoch, gaps.len(), sgd.mean_hard(),
                                sam.mean_hard(), gaps.len(), sgd.mean_train(), sam.mean_train()) }
                    </p>
                    <p class="caption">{ "Measured above, live in this browser. References, measured elsewhere:" }</p>
                    <ul class="caption references">
                        { for Sam::REFERENCES.iter().map(|r| html!
                            { <li>{ format!("{}: {} ({})", r.what, r.value, r.source.label()) }</li> }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <div class="figure">
            <h2>{ "How well the hard feature is learned" }</h2>
            { body }
            if config.seeds < 5 {
                <button class="secondary" data-testid="five-seeds" onclick={five_seeds}>{ "Run 5 seeds" }</button>
            }
        </div>
    }
}

fn probes_view(results: &[Checkpoint], config: &SamConfig) -> Html {
    let series = |method: Method, what: &str, value: fn(&Checkpoint) -> f64| Series {
        label: format!("{} {what}", label(method)),
        color: color(method).into(),
        points: results.iter().filter(|c| c.method == method).map(|c| (c.epoch as f64, value(c))).collect(),
    };
    let hard = vec![
        series(Method::Sgd, "hard probe", Checkpoint::mean_hard),
        series(Method::Sam, "hard probe", Checkpoint::mean_hard),
    ];
    let easy = vec![
        series(Method::Sgd, "easy probe", Checkpoint::mean_easy),
        series(Method::Sam, "easy probe", Checkpoint::mean_easy),
        Series {
            label: "SGD train accuracy".into(),
            color: "#fca5a5".into(),
            points: results
                .iter()
                .filter(|c| c.method == Method::Sgd)
                .map(|c| (c.epoch as f64, c.mean_train()))
                .collect(),
        },
        Series {
            label: "SAM train accuracy".into(),
            color: "#93c5fd".into(),
            points: results
                .iter()
                .filter(|c| c.method == Method::Sam)
                .map(|c| (c.epoch as f64, c.mean_train()))
                .collect(),
        },
    ];
    html! {
        <>
            <div class="figure" data-testid="hard-probe-chart">
                <h2>{ "Hard-feature probe over training" }</h2>
                <LineChart series={hard} x_title="epoch" y_title="probe-test accuracy (digit ≥ 5)" y_max={Some(1.0)}
                           title="Accuracy of a linear probe for the hard feature, SGD and SAM, over epochs" />
                <p class="caption">{ format!("A logistic regression on the 16 frozen penultimate features, refitted \
                    every {} epochs, predicting the digit on examples whose easy sign is random. SGD's typically peaks \
                    early and decays as the easy feature takes over; SAM's keeps rising.", config.probe_every) }</p>
            </div>
            <div class="figure">
                <h2>{ "Easy-feature probe and training accuracy" }</h2>
                <LineChart series={easy} x_title="epoch" y_title="accuracy" y_max={Some(1.0)}
                           title="Accuracy of a linear probe for the easy feature, and training accuracy, over \
                               epochs" />
                <p class="caption">{ format!("SAM holds the easy feature back (its easy probe is lower) while both fit \
                    the training set. ρ ramps from 0 to {} over the first {} epochs.", config.rho, config.ramp_epochs)
                        }</p>
            </div>
        </>
    }
}

fn loss_view(state: &RunState) -> Html {
    let series: Vec<Series> = state
        .loss
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(task, points)| {
            let method = if task == 0 { Method::Sgd } else { Method::Sam };
            Series {
                label: label(method).into(),
                color: color(method).into(),
                points: points.iter().map(|&(s, l)| ((s / 2) as f64, f64::from(l))).collect(),
            }
        })
        .collect();
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="steps of each method" y_title="cross-entropy (mean over seeds)"
                       title="Training loss of SGD and SAM over steps" />
        </div>
    }
}

/// Where the effect weakens or breaks: links that set up each case (run them to see).
fn limits_view() -> Html {
    let cases = [
        (
            "#demo=sam&learning_rate=0.2",
            "SGD at learning rate 0.2",
            "larger SGD steps already balance the features somewhat: the gap shrinks.",
        ),
        (
            "#demo=sam&rho=0.3&ramp_epochs=0",
            "ρ = 0.3 from the first step",
            "too sharp a perturbation before anything is learned: SAM fails to fit the training set.",
        ),
        (
            "#demo=sam&strength=1",
            "a very strong easy feature (a = 1)",
            "it is fitted in the first epoch and the loss vanishes: nothing is left for SAM to rebalance.",
        ),
        (
            "#demo=sam&absent=0.1",
            "the easy feature missing on 10% of examples",
            "both methods must use the digit there; SAM still learns it better.",
        ),
    ];
    html! {
        <details class="figure">
            <summary>{ "Known limits: try them" }</summary>
            <ul>
                { for cases.iter().map(|(href, what, why)| html! {
                    <li><a href={*href}>{ *what }</a>{ format!(": {why}") }</li>
                })}
            </ul>
        </details>
    }
}

fn table_view(results: &[Checkpoint]) -> Html {
    html! {
        <details class="figure">
            <summary>{ "Every measurement" }</summary>
            <table class="results" data-testid="checkpoints">
                <thead><tr><th>{ "method" }</th><th>{ "epoch" }</th><th>{ "ρ" }</th><th>{ "train" }</th><th>{ "hard \
                    probe" }</th><th>{ "easy probe" }</th></tr></thead>
                <tbody>
                    { for results.iter().map(|c| html! {
                        <tr data-method={label(c.method)} data-epoch={c.epoch.to_string()}
                            data-hard={format!("{:.4}", c.mean_hard())}>
                            <td>{ label(c.method) }</td><td>{ c.epoch }</td><td>{ format!("{:.2}", c.rho) }</td>
                            <td>{ format!("{:.3}", c.mean_train()) }</td><td>{ format!("{:.3}", c.mean_hard())
                                }</td><td>{ format!("{:.3}", c.mean_easy()) }</td>
                        </tr>
                    })}
                </tbody>
            </table>
        </details>
    }
}

crate::app::pages::demo_page!(Sam, SamPage);

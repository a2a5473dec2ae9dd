//! The distillation demo page (Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar, NeurIPS 2023):
//! the linear view (each eigendirection's share of the least-squares solution, teacher and
//! student, simulated beside the closed form, with a T slider answered by the worker) and the
//! classifier view (student against teacher log-odds on the training points, flipped labels
//! coloured, the fitted slope; the per-seed table; one-click links to the runs where the effect
//! should vanish).

use super::limits::{self, LIMITS};
use super::{Classifier, Distillation, DistillationConfig, LinearView, OptimizerChoice, Pair, Report};
use crate::app::components::demo_frame::DemoFrame;
use crate::app::components::line_chart::{LineChart, Series, loss_series};
use crate::app::components::scatter::{Point, RefLine, Scatter};
use crate::app::pages::{DemoPageState, DemoProps, use_demo};
use crate::app::session::{Phase, RunState};
use crate::demos::distillation::DistillationQuery;
use crate::demos::reference::{cite, cite_where};
use crate::demos::{Demo, Query};
use crate::metrics::mean_sd;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const TEACHER: &str = "#2563eb";
const STUDENT: &str = "#ea580c";
const FLIPPED: &str = "#dc2626";
const CLEAN: &str = "#64748b";

fn linear(state: &RunState) -> Option<LinearView> {
    state.results_of::<Distillation>().filter_map(Report::linear).last().cloned()
}

fn classifier(state: &RunState) -> Option<Classifier> {
    state.results_of::<Distillation>().filter_map(Report::classifier).last().cloned()
}

/// The demo page.
#[function_component(DistillationPage)]
pub fn distillation_page(props: &DemoProps) -> Html {
    let DemoPageState { config, frame, session } = use_demo::<Distillation>(props);
    let state = &*session.state;
    let view = linear(state);
    let result = classifier(state);
    // The linear view's T: the page asks the worker for the view again when it changes.
    let steps = use_state(|| config.linear_steps);
    {
        let ask = session.ask.clone();
        let shown = view.as_ref().map(|v| v.steps);
        let live = matches!(state.phase, Phase::Running | Phase::Pausing | Phase::Paused | Phase::Finished);
        use_effect_with((*steps, shown, live), move |&(steps, shown, live)| {
            if live && shown.is_some_and(|s| s != steps) {
                ask.emit(Query::Distillation(DistillationQuery { steps }));
            }
        });
    }
    let on_steps = {
        let steps = steps.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // The slider is log-scaled: 10^(v / 100) steps.
            if let Ok(v) = input.value().parse::<f64>() {
                steps.set(10f64.powf(v / 100.0).round().clamp(1.0, 10_000.0) as usize);
            }
        })
    };
    let optimiser = match config.optimizer {
        OptimizerChoice::Adam => format!("Adam at step {}", config.learning_rate),
        OptimizerChoice::SgdMomentum => {
            format!("SGD + momentum {} at step {}", OptimizerChoice::MOMENTUM, config.learning_rate)
        }
    };
    let switch = if config.switch_epoch > 0 {
        format!(
            " (the student on labels for {} epochs, then on its teacher's probabilities)",
            config.switch_epoch
        )
    } else {
        String::new()
    };
    let ready = format!(
        "Ready: {} teacher–student pairs (MLP {}) on {} digits with {:.0} % of the labels flipped, {} + {} epochs with \
            {optimiser}{switch}, on {}. Press Train.",
        config.seeds,
        config.layers().iter().map(|w| w.to_string()).collect::<Vec<_>>().join("-"),
        config.train_size,
        100.0 * config.flip_fraction,
        config.epochs,
        config.student_epochs,
        state.backend.label()
    );
    let status = state.status(ready, None, " Move the T slider: the linear view is computed again at once.");
    html! {
        <DemoFrame frame={frame.clone()} session={session.clone()} title={"Distillation: the student disobeys its \
            teacher, and it pays"} status={status}
                   note={Some(AttrValue::from("The linear view appears as soon as you press Train; the classifier view \
                       once the students have trained a tenth of their epochs, and it follows them to the end."))}
                   lead={html! { <>
            { "In knowledge distillation a student network learns from a teacher's probabilities instead of the \
                labels. One would expect it to copy them. Nagarajan, Menon, Bhojanapalli, Mobahi & Kumar (NeurIPS \
                2023) found that it does not: where the teacher is unsure, the student is even less sure, and where it \
                is sure, more so. In a linear model the reason is exact: gradient descent fits the data's top \
                eigendirections first, and a student fitting the teacher's (already biased) predictions squares that \
                bias — an implicit regulariser." }
                   </> }}>
            { linear_view(&config, view.as_ref(), *steps, on_steps) }
            { scatter_view(result.as_ref()) }
            { table_view(result.as_ref(), state, config.student_epochs) }
            { limits_view() }
            { loss_view(state) }
        </DemoFrame>
    }
}

fn linear_view(
    config: &DistillationConfig,
    view: Option<&LinearView>,
    steps: usize,
    on_steps: Callback<InputEvent>,
) -> Html {
    let Some(v) = view else {
        return html! {
            <div class="figure wide"><h2>{ "Linear regression: progress per eigendirection" }</h2>
            <p class="hint">{ "Press Train: the linear view is computed first, in a moment." }</p></div>
        };
    };
    let at = |f: fn(&super::Direction) -> f64| {
        v.directions.iter().map(|d| (d.eigenvalue.log10(), f(d))).collect::<Vec<_>>()
    };
    let series = vec![
        Series { label: "teacher, simulated".into(), color: TEACHER.into(), points: at(|d| d.teacher.0) },
        Series { label: "student, simulated".into(), color: STUDENT.into(), points: at(|d| d.student.0) },
        Series {
            label: "teacher, closed form 1 − (1 − ηλ)^T".into(),
            color: "#93c5fd".into(),
            points: at(|d| d.teacher.1),
        },
        Series {
            label: "student, closed form (1 − (1 − ηλ)^T)²".into(),
            color: "#fdba74".into(),
            points: at(|d| d.student.1),
        },
    ];
    let worst = v
        .directions
        .iter()
        .map(|d| (d.teacher.0 - d.teacher.1).abs().max((d.student.0 - d.student.1).abs()))
        .fold(0.0, f64::max);
    let x_min = v.directions.iter().map(|d| d.eigenvalue.log10()).fold(0.0, f64::min) - 0.1;
    html! {
        <div class="figure wide">
            <h2>{ "Linear regression: progress per eigendirection" }</h2>
            <div class="knobs">
                <label>{ format!("Steps T = {steps}") }
                    <input type="range" min="0" max="400" step="1"
                        value={format!("{:.0}", 100.0 * (steps as f64).log10())} data-testid="linear-steps"
                        oninput={on_steps} />
                </label>
                <span data-testid="linear-shown"
                    data-steps={v.steps.to_string()}>
                    { if v.steps == steps { format!("Showing T = {}.", v.steps) } else { "Computing…".to_string() } }
                </span>
            </div>
            <LineChart series={series} x_title="log₁₀ eigenvalue λ of XᵀX/n" y_title="share of the least-squares \
                solution" y_max={Some(1.0)}
                       x_min={Some(x_min)} x_max={Some(0.1)} dots={true}
                       title="Share of the least-squares solution reached in each eigendirection, teacher and \
                           student, against the eigenvalue" />
            <p class="caption" data-testid="linear-agreement" data-worst={format!("{worst:e}")}>
                { linear_caption(config, v, worst) }
            </p>
        </div>
    }
}

/// Mean and sd over the seeds' pairs of `f` (the page's runs and the limits log's alike).
/// What the linear view computed, from the configuration it ran.
fn linear_caption(config: &DistillationConfig, v: &LinearView, worst: f64) -> String {
    format!(
        "n = {} points in d = {} dimensions, XᵀX/n with eigenvalues from 1 to {:e}; full-batch gradient \
         descent from zero, step η = {}, T = {} steps, on the labels (teacher) and on the teacher's \
         predictions (student). Simulated and closed form differ by at most {worst:.1e}. Reference: {}.",
        config.linear_points,
        config.linear_dim,
        config.smallest_eigenvalue,
        v.step_size,
        v.steps,
        cite(Distillation::REFERENCES, "linear")
    )
}

fn mean_of(pairs: &[Pair], f: fn(&Pair) -> f64) -> (f64, f64) {
    mean_sd(&pairs.iter().map(f).collect::<Vec<_>>())
}

fn scatter_view(result: Option<&Classifier>) -> Html {
    let Some(c) = result else {
        return html! {
            <div class="figure wide"><h2>{ "Digits: student against teacher" }</h2>
            <p class="hint">{ "Once the students have trained a tenth of their epochs, every training point \
                appears here, and moves as they train: the teacher's log-odds of its given label against the \
                student's." }</p></div>
        };
    };
    let s = &c.scatter;
    let points: Vec<Point> = s
        .points
        .iter()
        .zip(&s.flipped)
        .map(|(&(t, st), &flipped)| Point {
            x: f64::from(t),
            y: f64::from(st),
            color: if flipped { FLIPPED.into() } else { CLEAN.into() },
            hollow: !flipped,
            detail: format!(
                "teacher {t:.2}, student {st:.2}{}",
                if flipped { " (flipped label)" } else { "" }
            ),
        })
        .collect();
    let pair = c.pairs.iter().find(|p| p.seed == s.seed);
    let (slope, intercept) = pair.map_or((1.0, 0.0), |p| (p.slope, p.intercept));
    let lines = vec![
        RefLine { slope: 1.0, intercept: 0.0, label: "y = x: the student copies".into(), solid: false },
        RefLine { slope, intercept, label: format!("fitted: slope {slope:.3}"), solid: true },
    ];
    html! {
        <div class="figure wide">
            <h2>{ "Digits: the student is surer where the teacher is sure, and less sure where it is not" }</h2>
            <Scatter points={points} lines={lines} x_title="teacher's log-odds of the given label" y_title="student's \
                log-odds"
                     domain={Some(((-12.0, 12.0), (-12.0, 12.0)))} hint="Hover a point. Red: its label was flipped."
                     title="Student against teacher log-odds of the given label at every training point, seed 0" />
            <p class="caption">{ format!(
                "Seed {}: {} training points, {} with flipped labels (red). Log-odds log(p / (1 − p)) of the label the \
                    networks were given; the solid line is the least-squares fit (intercept {:.2}). A slope above 1 \
                    means the student exaggerates: more confident where the teacher is confident, less where it \
                    doubts.",
                s.seed, s.points.len(), s.flipped.iter().filter(|f| **f).count(), pair.map_or(0.0, |p| p.intercept)
            ) }</p>
        </div>
    }
}

fn table_view(result: Option<&Classifier>, state: &RunState, student_epochs: usize) -> Html {
    let Some(c) = result else { return html! {} };
    let ms = |(m, sd): (f64, f64)| format!("{m:.3} ± {sd:.3}");
    let done = if c.student_epochs < student_epochs {
        format!(" (students at epoch {} of {student_epochs})", c.student_epochs)
    } else if state.phase == Phase::Finished {
        String::new()
    } else {
        " (so far)".to_string()
    };
    html! {
        <div class="figure wide summary">
            <h2>{ format!("Every teacher–student pair{done}") }</h2>
            <table data-testid="pairs">
                <thead><tr><th>{ "seed" }</th><th>{ "slope" }</th><th>{ "student − teacher, least confident 10 %" }</th>
                    <th>{ "… most confident half" }</th><th>{ "teacher fits given labels" }</th><th>{ "test accuracy: \
                        teacher" }</th><th>{ "student" }</th></tr></thead>
                <tbody>
                    { for c.pairs.iter().map(|p| html! {
                        <tr data-testid="pair" data-seed={p.seed.to_string()}>
                            <td>{ p.seed }</td>
                            <td data-testid="slope">{ format!("{:.3}", p.slope) }</td>
                            <td data-testid="low-gap">{ signed(p.least_confident_gap) }</td>
                            <td>{ signed(p.most_confident_gap) }</td>
                            <td>{ format!("{:.3}", p.teacher_fit) }</td>
                            <td data-testid="teacher-test">{ format!("{:.3}", p.test_accuracy.0) }</td>
                            <td data-testid="student-test">{ format!("{:.3}", p.test_accuracy.1) }</td>
                        </tr>
                    })}
                    <tr class="mean" data-testid="pairs-mean">
                        <td>{ "mean ± sd" }</td>
                        <td data-testid="slope-mean"
                            data-mean={format!("{:.4}", mean_of(&c.pairs, |p| p.slope).0)}>{
                            ms(mean_of(&c.pairs, |p| p.slope)) }</td>
                        <td>{ ms(mean_of(&c.pairs, |p| p.least_confident_gap)) }</td>
                        <td>{ ms(mean_of(&c.pairs, |p| p.most_confident_gap)) }</td>
                        <td>{ ms(mean_of(&c.pairs, |p| p.teacher_fit)) }</td>
                        <td>{ ms(mean_of(&c.pairs, |p| p.test_accuracy.0)) }</td>
                        <td>{ ms(mean_of(&c.pairs, |p| p.test_accuracy.1)) }</td>
                    </tr>
                </tbody>
            </table>
            <p class="caption">{ format!(
                "Measured here in {:.1} s. The paper: {}.",
                c.seconds,
                cite_where(Distillation::REFERENCES, "paper", |_| true)
            ) }</p>
        </div>
    }
}

fn limits_view() -> Html {
    let log = limits::log();
    let rows = LIMITS.iter().map(|limit| {
        let cells = match limits::measured(limit.key) {
            Some(m) => {
                let (slope, sd) = mean_of(&m.pairs, |p| p.slope);
                let gap = mean_of(&m.pairs, |p| p.least_confident_gap).0;
                let fit = mean_of(&m.pairs, |p| p.teacher_fit).0;
                let (teacher, student) =
                    (mean_of(&m.pairs, |p| p.test_accuracy.0).0, mean_of(&m.pairs, |p| p.test_accuracy.1).0);
                html! { <>
                    <td data-testid="limit-slope" data-value={format!("{slope}")}>{ format!("{slope:.3} ± \
                        {sd:.3}") }</td>
                    <td>{ signed(gap) }</td>
                    <td>{ format!("{fit:.3}") }</td>
                    <td>{ format!("{teacher:.3} / {student:.3} ({})", signed(student - teacher)) }</td>
                </> }
            }
            None => html! { <td colspan="4">{ "not in the log" }</td> },
        };
        html! {
            <tr data-testid="limit" data-key={limit.key}>
                <td class="label-cell"><a href={format!("#demo=distillation{}", limit.query)}>{ limit.label }</a><br
                    /><span class="hint">{ limit.why }</span></td>
                { cells }
            </tr>
        }
    });
    html! {
        <div class="figure wide">
            <h2>{ "Where the effect should vanish, and a switch midway: try them" }</h2>
            <p>{ "Each link runs the demo with one thing changed. What matters is whether the teacher's doubt still \
                marks the flipped labels. Once the teacher fits them (300 epochs, or SGD with a large step) it is sure \
                everywhere, the student no longer exaggerates it, and the slope falls below 1: the student is less \
                sure than its teacher almost everywhere. Compare the students' test accuracy with the teachers' in the \
                last column." }</p>
            <table class="results">
                <thead><tr><th class="label-cell">{ "run" }</th><th>{ "slope (native)" }</th>
                    <th>{ "student − teacher, least confident 10 %" }</th><th>{ "teacher fits given labels" }</th>
                    <th>{ "test: teacher / student (gain)" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="caption">{ format!("Measured natively, not in this browser: {} seeds per run, {}, on {} \
                (src/demos/distillation/limits.json, written by bench/distillation-limits.mjs); means over the seeds. \
                Follow a link to measure it here.", DistillationConfig::default().seeds, log.machine, log.date) }</p>
        </div>
    }
}

/// `v` to 3 decimals with its sign; 0.000 when it rounds to zero.
fn signed(v: f64) -> String {
    if v.abs() < 5e-4 { "0.000".into() } else { format!("{v:+.3}") }
}

fn loss_view(state: &RunState) -> Html {
    let series = loss_series(&state.loss, |i| {
        (
            if i == 0 { "teachers (on labels)" } else { "students (on the teachers' probabilities)" }
                .to_string(),
            [TEACHER, STUDENT][i % 2].to_string(),
        )
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="step" y_title="cross-entropy, mean of the seeds" title="Training loss \
                of the teachers and the students over steps" />
        </div>
    }
}

crate::app::pages::demo_page!(Distillation, DistillationPage);

//! The examples themselves: each trajectory class with its most memorised digits and their
//! curves, the most memorised digits of each width, and the details of the example in focus.

use super::digit::{digit, sparkline};
use crate::demos::memorisation::{Examples, Measured, Trajectories, Trajectory, by_width, standard_error};
use yew::prelude::*;

/// Digits shown per trajectory class and per width.
const SHOWN: usize = 8;

/// The examples of `among` in class `t`, highest peak first.
fn most_memorised_in(t: &Trajectories, among: &[usize], class: Trajectory) -> Vec<usize> {
    let peak = |i: usize| t.curves[i].iter().copied().fold(f32::MIN, f32::max);
    let mut v: Vec<usize> = among.iter().copied().filter(|&i| t.classes[i] == class).collect();
    v.sort_by(|&a, &b| peak(b).total_cmp(&peak(a)).then(a.cmp(&b)));
    v
}

/// One example as a focusable tile: its image, given and true label, and its curve.
fn tile(examples: &Examples, t: &Trajectories, i: usize, focus: &Callback<usize>) -> Html {
    let (given, truth) = (examples.given[i], examples.truth[i]);
    let label = if given == truth { format!("{given}") } else { format!("{given} (is {truth})") };
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |_: FocusEvent| focus.emit(i))
    };
    let on_enter = {
        let focus = focus.clone();
        Callback::from(move |_: MouseEvent| focus.emit(i))
    };
    html! {
        <button class={classes!("mem-example", (given != truth).then_some("flipped"))} data-testid="example"
            data-index={i.to_string()}
                onfocus={on_focus} onmouseenter={on_enter}
                title={format!("example {i}: label {given}, true class {truth}")}>
            { digit(examples.image(i), 32) }
            <span class="mem-label">{ label }</span>
            { sparkline(&t.curves[i], None, 48.0, 20.0) }
        </button>
    }
}

/// Counts and examples of every trajectory class.
pub fn trajectories_view(examples: &Examples, t: &Trajectories, focus: &Callback<usize>) -> Html {
    if t.widths.len() < 2 {
        return html! {
            <div class="figure wide"><h2>{ "Trajectories across widths" }</h2>
            <p class="hint">{ "Each example's trajectory appears once two widths have trained." }</p></div>
        };
    }
    let memorised = t.memorised(examples);
    let counts = t.counts(&memorised);
    html! {
        <div class="figure wide">
            <h2>{ format!("Trajectories across widths {}: {} examples memorised (≥ 0.25) at some \
                width", widths_text(&t.widths), memorised.len()) }</h2>
            <p class="caption">{ Trajectory::RULE }</p>
            { rare_note(examples, &counts, memorised.len()) }
            { for Trajectory::ALL.iter().zip(counts).map(|(&class, n)| {
                let shown = most_memorised_in(t, &memorised, class);
                let flipped = shown.iter().filter(|&&i| examples.flipped(i)).count();
                html! {
                    <div class="mem-group">
                        <h3>
                            <span data-testid={format!("trajectory-{}", class.label())} data-value={n.to_string()}>
                                { format!("{}: {n}", class.label()) }
                            </span>
                            { format!(" ({:.0} % of the memorised; {flipped} of them with flipped \
                                labels)", 100.0 * n as f64 / memorised.len().max(1) as f64) }
                        </h3>
                        <div class="mem-examples">{ for shown.iter().take(SHOWN).map(|&i| tile(examples, t, i, focus))
                            }</div>
                    </div>
                }
            })}
        </div>
    }
}

/// When labels were flipped and fewer memorised curves fall (decreasing or cap-shaped) than rise:
/// why, and the run that shows them falling.
fn rare_note(examples: &Examples, counts: &[usize; 4], memorised: usize) -> Html {
    let flipped = (0..examples.len()).filter(|&i| examples.flipped(i)).count();
    let falling = counts[1] + counts[2];
    if flipped == 0 || memorised == 0 || falling >= counts[0] {
        return html! {};
    }
    let rare = format!("decreasing or cap-shaped ({falling} of {memorised})");
    html! {
        <p data-testid="rare-trajectories">
            { format!("Few curves are {rare} here: with {flipped} flipped labels, wider networks fit the noise, and \
                the memorisation of clean examples grows with width too. ") }
            <a href="#demo=memorisation">{ "Train at the defaults (2 % flipped)" }</a>
            { " to see most memorised clean examples fall." }
        </p>
    }
}

/// The most memorised examples of each label-trained width.
pub fn most_memorised_view(
    examples: &Examples,
    measured: &[Measured],
    t: &Trajectories,
    focus: &Callback<usize>,
) -> Html {
    let widths = by_width(measured, false);
    if widths.is_empty() {
        return html! {};
    }
    html! {
        <div class="figure wide">
            <h2>{ "The most memorised examples of each width" }</h2>
            { for widths.iter().map(|m| {
                let mem = m.memorisation();
                let mut order: Vec<usize> = (0..examples.len()).filter(|&i| examples.estimable(i)).collect();
                order.sort_by(|&a, &b| mem[b].total_cmp(&mem[a]).then(a.cmp(&b)));
                let flipped = order.iter().take(20).filter(|&&i| examples.flipped(i)).count();
                html! {
                    <div class="mem-group" data-testid="most-memorised" data-width={m.kind.width.to_string()}>
                        <h3>{ format!("width {}: {flipped} of its 20 most memorised have flipped \
                            labels", m.kind.width) }</h3>
                        <div class="mem-examples">{ for order.iter().take(SHOWN).map(|&i| tile(examples, t, i, focus))
                            }</div>
                    </div>
                }
            })}
        </div>
    }
}

/// The example in focus: its curve, label-trained and distilled, with the in/out accuracies and
/// standard errors behind each point.
pub fn detail_view(examples: &Examples, measured: &[Measured], t: &Trajectories, i: Option<usize>) -> Html {
    let Some(i) = i.filter(|&i| i < examples.len()) else {
        return html! { <p class="hint">{ "Point at or tab to an example to see its curve and the accuracies behind \
        it." }</p> };
    };
    let labels = by_width(measured, false);
    let students = by_width(measured, true);
    let seen = examples.in_count[i] as usize;
    let distilled: Vec<f32> = students.iter().map(|m| m.memorisation()[i]).collect();
    html! {
        <div class="mem-detail" data-testid="example-detail" data-index={i.to_string()}>
            { digit(examples.image(i), 64) }
            <div>
                <p>{ format!("Example {i}: given label {}, true class {}{} · trained on by {seen} of {} networks ({})",
                    examples.given[i], examples.truth[i], if examples.flipped(i) { " (flipped)" } else { "" },
                        examples.models,
                    t.classes.get(i).map(|c| c.label()).unwrap_or("–")) }</p>
                { sparkline(&t.curves[i], (!distilled.is_empty()).then_some(distilled.as_slice()), 240.0, 60.0) }
                <table class="compact">
                    <thead><tr><th>{ "width" }</th><th>{ "P[right | in]" }</th><th>{ "P[right | out]" }</th><th>{
                        "memorisation ± s.e." }</th><th>{ "distilled" }</th></tr></thead>
                    <tbody>{ for labels.iter().map(|m| {
                        let (a, b) = (m.in_accuracy[i], m.out_accuracy[i]);
                        let student = students.iter().find(|s| s.kind.width == m.kind.width).map(|s|
                            format!("{:.2}", s.memorisation()[i])).unwrap_or_else(|| "–".into());
                        html! { <tr>
                            <td>{ m.kind.width }</td><td>{ format!("{a:.2}") }</td><td>{ format!("{b:.2}") }</td>
                            <td>{ format!("{:.2} ± {:.2}", a - b, standard_error(a, b, seen, examples.models))
                                }</td><td>{ student }</td>
                        </tr> }
                    })}</tbody>
                </table>
                <p class="caption">{ "Solid: label-trained networks; dashed: distilled students. “Right” means \
                    predicting the given label, flipped or not." }</p>
            </div>
        </div>
    }
}

/// "4 → 128".
pub fn widths_text(widths: &[usize]) -> String {
    match (widths.first(), widths.last()) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => String::new(),
    }
}

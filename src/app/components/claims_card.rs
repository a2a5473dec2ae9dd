//! "Does it reproduce?": the paper's claims, judged live from the run's results
//! ([`crate::demos::claims`]), at the top of every demo page. Each claim shows its state, the value
//! measured in this browser, the bound, the evidence it waits for, and the paper's or a
//! reference's value with its source; below them, the demo's negative controls, each a link to
//! the settings where named claims must not hold, and why. The end-to-end tests read it from the
//! DOM.

use crate::demos::claims::{NegativeControl, State, Verdict};
use crate::settings::{format_value, link};
use yew::prelude::*;

/// Props of [`ClaimsCard`].
#[derive(Properties, PartialEq)]
pub struct ClaimsCardProps {
    /// Every claim of the demo, judged on the run so far.
    pub verdicts: Vec<Verdict>,
    /// The demo's id, for the controls' links.
    pub demo: &'static str,
    /// The demo's negative controls ([`crate::demos::Demo::CONTROLS`]).
    pub controls: &'static [NegativeControl],
}

/// A control's settings as URL pairs, in the order its overrides give them.
fn control_pairs(control: &NegativeControl) -> Vec<(String, String)> {
    match serde_json::from_str::<serde_json::Value>(control.overrides) {
        Ok(serde_json::Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), format_value(v))).collect(),
        _ => Vec::new(),
    }
}

fn controls_view(demo: &str, controls: &[NegativeControl]) -> Html {
    if controls.is_empty() {
        return html! {};
    }
    html! {
        <details class="claims-controls" data-testid="negative-controls">
            <summary>{ "Where these claims must not hold: the negative controls" }</summary>
            <ul>
                { for controls.iter().map(|c| {
                    let pairs = control_pairs(c);
                    let settings: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    html! {
                        <li data-testid="negative-control" data-fails={c.fails.join(",")}>
                            <a href={link(demo, &pairs)}>{ settings.join(", ") }</a>
                            { format!(": {} should not hold. {}", c.fails.join(" and "), c.why) }
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

fn mark(state: State) -> &'static str {
    match state {
        State::Holds => "✓",
        State::DoesNotHold => "✗",
        State::NotDecided => "…",
    }
}

/// The summary line: "2 of 3 claims hold, 1 not decided yet".
pub fn summary(verdicts: &[Verdict]) -> String {
    let count = |s: State| verdicts.iter().filter(|v| v.state == s).count();
    let (holds, fails, open) = (count(State::Holds), count(State::DoesNotHold), count(State::NotDecided));
    let mut parts = vec![format!("{holds} of {} claims hold", verdicts.len())];
    if fails > 0 {
        parts.push(format!("{fails} do{} not", if fails == 1 { "es" } else { "" }));
    }
    if open > 0 {
        parts.push(format!("{open} not decided yet"));
    }
    parts.join(", ")
}

/// The card.
#[function_component(ClaimsCard)]
pub fn claims_card(props: &ClaimsCardProps) -> Html {
    let verdicts = &props.verdicts;
    let verdict = if verdicts.iter().all(|v| v.state == State::Holds) {
        "reproduced"
    } else if verdicts.iter().any(|v| v.state == State::DoesNotHold) {
        "not reproduced"
    } else {
        "not decided yet"
    };
    html! {
        <section class="claims" data-testid="claims" data-verdict={verdict} aria-live="polite">
            <h2>{ "Does it reproduce?" }</h2>
            <p class="claims-summary" data-testid="claims-summary">{ summary(verdicts) }</p>
            <ul>
                { for verdicts.iter().map(|v| {
                    let value = v.value.map(|x| format!("{x}")).unwrap_or_default();
                    let at = v.at.as_ref().map(|a| format!(" ({a})")).unwrap_or_default();
                    let source = if v.source.is_empty() { String::new() } else { format!(" ({})", v.source) };
                    html! {
                        <li class={classes!("claim", v.state_key())} data-claim={v.id.clone()}
                            data-state={v.state_key()} data-value={value}>
                            <span class="claim-state">{ format!("{} {}", mark(v.state), v.state.label()) }</span>
                            <p class="claim-statement">
                                { v.statement.clone() }
                                <span class="claim-section">{ format!(" The paper: {}.", v.section) }</span>
                            </p>
                            <p class="claim-numbers">
                                { "Measured here: " }<strong data-testid="claim-measured">{ v.shown.clone() }</strong>
                                { format!("{at}. Needs {}, from {}.", v.bound, v.evidence) }
                                if v.source.is_empty() {
                                    { " No reference value reported." }
                                } else {
                                    { format!(" Reference: {}{source}.", v.reference) }
                                }
                            </p>
                        </li>
                    }
                }) }
            </ul>
            { controls_view(props.demo, props.controls) }
        </section>
    }
}

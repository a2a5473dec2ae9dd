//! Sharing a run that can be checked ([`crate::demos::share`]): the "Share this result" button, which
//! gives the run's link with what it recorded (the results' digest and each claim's verdict and value),
//! and, on a page opened from such a link, the recorded numbers, labelled as recorded elsewhere, and
//! after a re-run whether this browser reproduced them.

use crate::app::files::copy_text;
use crate::app::session::{Phase, RunState};
use crate::demos::claims::{State, Verdict};
use crate::demos::share::{ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, Recorded, Reproduction, compare};
use crate::settings::to_query;
use serde_json::Value;
use yew::prelude::*;

/// What this browser's finished run recorded ([`Recorded::of`]); `None` until it has finished. The
/// digest hashes every result: once per finished run, not at every render.
#[hook]
pub fn use_recorded(
    state: &UseReducerHandle<RunState>,
    config: &Value,
    backend: crate::engine::Backend,
    verdicts: &[Verdict],
) -> Option<Recorded> {
    let key = (state.generation, state.phase == Phase::Finished, state.measured.len(), verdicts.to_vec());
    let (state, config) = (state.clone(), config.clone());
    (*use_memo(key, move |(_, finished, _, verdicts)| {
        let seconds = state.seconds.unwrap_or_default();
        finished.then(|| Recorded::of(backend, state.step, seconds, &config, &state.measured, verdicts))
    }))
    .clone()
}

/// Props of [`ShareButton`].
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The link that reproduces the run (settings, seeds, backend).
    pub link: AttrValue,
    /// What this browser's finished run recorded; `None` until the run has finished.
    pub recorded: Option<Recorded>,
}

/// "Share this result": the run's link with its record, copied (or shown to copy by hand).
#[function_component(ShareButton)]
pub fn share_button(props: &ShareButtonProps) -> Html {
    let shared = use_state(|| None::<(String, bool)>);
    {
        let shared = shared.clone();
        use_effect_with(props.recorded.clone(), move |_| shared.set(None));
    }
    let share = {
        let (shared, link, recorded) = (shared.clone(), props.link.to_string(), props.recorded.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(recorded) = &recorded else { return };
            let url = format!("{link}&{}", to_query(&recorded.to_pairs()));
            let shared = shared.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = copy_text(&url).await.as_bool().unwrap_or(false);
                shared.set(Some((url, copied)));
            });
        })
    };
    let title = "The link with every setting and what this run measured: the results' SHA-256 digest and each \
        claim's value. Whoever opens it sees these numbers at once and can re-run to check them.";
    html! {
        <div class="share" data-testid="share">
            <button onclick={share} disabled={props.recorded.is_none()} data-testid="share-result" {title}>
                { "Share this result" }
            </button>
            if let Some(r) = &props.recorded {
                <p class="note" data-testid="digest" data-digest={r.digest.clone()}>
                    { format!("Results digest (SHA-256): {}…", &r.digest[..16]) }
                </p>
            }
            if let Some((url, copied)) = &*shared {
                <p class="note" role="status">
                    { if *copied { "Copied: the link below carries this run's numbers." }
                      else { "The browser did not allow copying; copy the link by hand:" } }
                </p>
                <input type="text" readonly=true value={url.clone()} data-testid="share-url" aria-label="Shared link" />
            }
        </div>
    }
}

/// Props of [`RecordedCard`].
#[derive(Properties, PartialEq)]
pub struct RecordedCardProps {
    /// The record the page's link carries, or why it could not be read.
    pub recorded: Result<Recorded, String>,
    /// This browser's finished run; `None` until it has finished.
    pub here: Option<Recorded>,
    /// The claims judged here (for their statements).
    pub verdicts: Vec<Verdict>,
    /// The fingerprint of the settings on the page now.
    pub config: String,
}

fn value_text(state: State, value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{} at {}", state.label(), crate::format::number(v)),
        None => state.label().to_string(),
    }
}

/// The recorded numbers of a shared run, and whether this browser reproduced them.
#[function_component(RecordedCard)]
pub fn recorded_card(props: &RecordedCardProps) -> Html {
    let r = match &props.recorded {
        Ok(r) => r,
        Err(message) => {
            return html! {
                <section class="recorded" data-testid="recorded" data-reproduced="damaged">
                    <h2>{ "A shared result" }</h2>
                    <p>{ message.clone() }</p>
                </section>
            };
        }
    };
    let same_settings = r.config == props.config;
    let outcome = match (&props.here, same_settings) {
        (_, false) => None,
        (Some(here), true) => Some(compare(r, here)),
        (None, true) => None,
    };
    let key = match (&outcome, same_settings) {
        (_, false) => "other-settings",
        (Some(o), _) => o.key(),
        (None, _) => "pending",
    };
    let tolerance = format!(
        "the same verdicts, each value within {} or {} % of the recorded one",
        crate::format::number(ABSOLUTE_TOLERANCE),
        RELATIVE_TOLERANCE * 100.0
    );
    let said = match &outcome {
        _ if !same_settings => {
            "The settings on this page are not the recorded run's any more: change them back (or \
            open the link again) to compare."
                .to_string()
        }
        None => format!(
            "Press Train to re-run it in this browser. On the CPU the results should match to the last bit (the \
                same SHA-256 digest); on WebGPU they may differ in the last bits, so there it counts as reproduced \
                with {tolerance}."
        ),
        Some(Reproduction::Exact) => format!(
            "Reproduced exactly: this browser's results have the same SHA-256 digest ({}…).",
            &r.digest[..16]
        ),
        Some(Reproduction::WithinTolerance) => {
            format!("Reproduced within tolerance: not bit for bit (WebGPU was used), but {tolerance}.")
        }
        Some(Reproduction::Differs(why)) => format!("Not reproduced: {why}."),
    };
    let statement = |id: &str| props.verdicts.iter().find(|v| v.id == id).map(|v| v.statement.clone());
    html! {
        <section class="recorded" data-testid="recorded" data-reproduced={key} data-digest={r.digest.clone()}>
            <h2>{ "Recorded elsewhere" }</h2>
            <p class="note">
                { format!("This link carries a run recorded in another browser, on {}: {} steps in {:.1} s. Its \
                    numbers, as recorded there, not measured here:", r.backend.label(), r.steps, r.seconds) }
            </p>
            <ul>
                { for r.claims.iter().map(|c| html! {
                    <li data-recorded-claim={c.id.clone()} data-state={c.state.key()}
                        data-value={c.value.map(|v| v.to_string()).unwrap_or_default()}>
                        <strong>{ value_text(c.state, c.value) }</strong>{ ": " }
                        { statement(&c.id).unwrap_or_else(|| c.id.clone()) }
                    </li>
                }) }
            </ul>
            <p class="note">{ format!("Results digest (SHA-256): {}…", &r.digest[..16]) }</p>
            <p data-testid="reproduced">{ said }</p>
        </section>
    }
}

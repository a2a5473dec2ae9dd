//! Resume after a reload, a crashed tab or a crashed worker ([`crate::app::checkpoints`]), on the page
//! of a demo that resumes ([`crate::demos::Demo::RESUMES`]): one that finds a stored run of the demo,
//! not finished, offers to go on from its last checkpoint (on the CPU, where it was written; the run
//! ends exactly as if it had never stopped) or to discard it; so does a page whose run failed (a
//! worker out of memory, a lost device) once it has a checkpoint. While a run trains on the CPU, a
//! line says which step the browser has kept.

use crate::app::checkpoints::{self, CAP_BYTES};
use crate::app::session::{Phase, RunState};
use crate::demos::checkpoint::{CHECKPOINT_EVERY_SECONDS, SavedRun};
use crate::engine::Backend;
use serde_json::Value;
use yew::prelude::*;

/// Props of [`ResumeCard`].
#[derive(Properties, PartialEq)]
pub struct ResumeCardProps {
    /// The demo's id.
    pub demo: &'static str,
    /// The page's configuration (JSON).
    pub config: Value,
    /// The run on the page.
    pub run: UseReducerHandle<RunState>,
    /// Go on with the stored run (the page takes its settings).
    pub on_resume: Callback<SavedRun>,
}

/// The offer to resume, or the line that says what is kept.
#[function_component(ResumeCard)]
pub fn resume_card(props: &ResumeCardProps) -> Html {
    let stored = use_state(|| None::<SavedRun>);
    // Read when the page has no run going (opened, reset, failed); a run going replaces the stored one
    // or goes on with it, so the offer goes.
    let offered = matches!(props.run.phase, Phase::Idle | Phase::Failed);
    {
        let stored = stored.clone();
        use_effect_with((props.demo, offered, props.run.generation), move |&(demo, offered, _)| {
            if !offered {
                stored.set(None);
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                match checkpoints::load(demo).await {
                    // Nothing left to resume: the files only take room.
                    Some(run) if run.finished() => checkpoints::clear(demo).await,
                    Some(run) if run.resumable() => stored.set(Some(run)),
                    _ => stored.set(None),
                }
            });
        });
    }
    let state = &*props.run;
    let unsaved = state.unsaved.as_ref().map(|why| {
        html! { <p class="note" data-testid="checkpoint-unsaved">{ format!("Checkpoints are not kept: {why}.") }</p> }
    });
    let active = matches!(state.phase, Phase::Starting | Phase::Running | Phase::Pausing | Phase::Paused);
    match (&*stored, state.saved()) {
        (Some(run), _) if offered => {
            let run = run.clone();
            let same = serde_json::to_value(&run.config).ok().is_some_and(|v| v["config"] == props.config);
            let began = js_sys::Date::new(&run.began.into()).to_locale_string("en-GB", &Default::default());
            let resume = {
                let (on_resume, run) = (props.on_resume.clone(), run.clone());
                Callback::from(move |_: MouseEvent| on_resume.emit(run.clone()))
            };
            let discard = {
                let (stored, demo) = (stored.clone(), props.demo);
                Callback::from(move |_: MouseEvent| {
                    stored.set(None);
                    wasm_bindgen_futures::spawn_local(checkpoints::clear(demo));
                })
            };
            let (step, total) = (run.step(), run.total_steps());
            let heading =
                if state.phase == Phase::Failed { "Resume the failed run" } else { "An interrupted run" };
            html! {
                <section class="resume" data-testid="resume-card" data-step={step.to_string()}
                    data-total={total.to_string()}>
                    <h2>{ heading }</h2>
                    <p class="note">
                        { format!("A run of this demo that began {} stopped at step {step} of {total}. This \
                            browser kept its checkpoint ({:.1} MB, in its own storage; at most {} MB for all demos). \
                            Resume goes on from there on the CPU and ends exactly as if it had never stopped. ",
                            String::from(began), run.size() as f64 / 1e6, CAP_BYTES >> 20) }
                        if !same { { "It ran at other settings: resuming sets them. " } }
                        { "Train starts afresh instead, and replaces it." }
                    </p>
                    <button onclick={resume} data-testid="resume-run">{ format!("Resume from step {step}") }</button>
                    { " " }
                    <button onclick={discard} data-testid="discard-run">{ "Discard" }</button>
                </section>
            }
        }
        (_, Some(step)) if active => html! {
            <p class="note" data-testid="checkpoint-saved" data-step={step.to_string()}>
                { format!("This browser keeps the run's checkpoint at step {step} (one every \
                    {CHECKPOINT_EVERY_SECONDS} s on the CPU): after a reload or a crash the page offers to resume.") }
            </p>
        },
        // Said once the run is under way, so that a reader does not count on a resume WebGPU cannot give.
        (_, None) if active && state.backend == Backend::Wgpu && state.step > 0 => html! {
            <p class="note" data-testid="no-checkpoints">
                { "Runs on WebGPU keep no checkpoints (burn reads an optimiser's state synchronously, which WebGPU \
                    in a browser does not allow): a reload starts afresh. On the CPU the page keeps one." }
            </p>
        },
        _ => html! { { for unsaved } },
    }
}

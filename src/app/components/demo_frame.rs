//! The frame every demo page shares: back link, title, lead, alerts, and the controls column
//! (transport, progress, settings) beside the page's own figures.

use crate::app::components::alerts::Alerts;
use crate::app::components::progress::ProgressBar;
use crate::app::components::settings_form::SettingsForm;
use crate::app::components::transport::{GpuSupport, Transport};
use crate::app::session::Session;
use crate::engine::Backend;
use crate::experiments::Problem;
use crate::settings::Setting;
use yew::prelude::*;

/// Props of [`DemoFrame`].
#[derive(Properties, PartialEq)]
pub struct DemoFrameProps {
    /// The demo's CSS class (its id).
    pub class: AttrValue,
    /// The page's title.
    pub title: AttrValue,
    /// The paragraph under the title.
    pub lead: Html,
    /// Embedded in an iframe: no back link.
    pub embed: bool,
    /// Problems with the URL, the settings and the backend.
    pub problems: Vec<Problem>,
    /// The run.
    pub session: Session,
    /// The backend the run uses.
    pub backend: Backend,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
    /// The backend chosen in the transport.
    pub on_backend: Callback<Backend>,
    /// The transport's status line.
    pub status: AttrValue,
    /// Steps the run will take (for the progress label).
    pub total_steps: u64,
    /// A note under the progress bar, if any.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The demo's settings table, the current values and the change callback.
    pub table: &'static [Setting],
    /// Current text of each setting.
    pub values: Vec<(String, String)>,
    /// A setting changed: (key, text).
    pub on_change: Callback<(String, String)>,
    /// The figures.
    pub children: Html,
}

/// The page around a demo's figures.
#[function_component(DemoFrame)]
pub fn demo_frame(props: &DemoFrameProps) -> Html {
    let session = &props.session;
    let state = &*session.state;
    html! {
        <article class={classes!("demo", props.class.to_string())}>
            if !props.embed {
                <a class="back" href="#">{ "← all demos" }</a>
            }
            <h1>{ props.title.clone() }</h1>
            <p class="lead">{ props.lead.clone() }</p>
            <Alerts problems={props.problems.clone()} error={state.error.clone()} />
            <div class="layout">
                <aside class="controls">
                    <Transport phase={state.phase} backend={props.backend} gpu={props.gpu.clone()} status={props.status.clone()}
                               on_play={session.play.clone()} on_pause={session.pause.clone()} on_step={session.step.clone()}
                               on_reset={session.reset.clone()} on_backend={props.on_backend.clone()} />
                    <ProgressBar fraction={state.fraction()} label={format!("step {} of {}", state.step, props.total_steps)} />
                    if let Some(note) = &props.note {
                        <p class="note">{ note.clone() }</p>
                    }
                    <h2>{ "Settings" }</h2>
                    <p class="note">{ "Changing a setting resets the run. Every setting is in the page's URL: the link reproduces this run." }</p>
                    <SettingsForm table={props.table} values={props.values.clone()} on_change={props.on_change.clone()} />
                </aside>
                <section class="figures">{ props.children.clone() }</section>
            </div>
        </article>
    }
}

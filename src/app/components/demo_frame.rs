//! The frame every demo page shares: back link, title, lead, alerts, the controls column
//! (transport, progress, settings, exports) beside the page's own figures; and, for embedded
//! demos, what embedding needs: hidden and locked controls, pausing while unseen, autoplay, the
//! `postMessage` bridge, and keyboard shortcuts (K: train/pause, `.`: step).

use crate::app::components::alerts::Alerts;
use crate::app::components::claims_card::ClaimsCard;
use crate::app::components::export_bar::ExportBar;
use crate::app::components::figure_export::FigureDownloads;
use crate::app::components::keep_bar::KeepBar;
use crate::app::components::progress::ProgressBar;
use crate::app::components::references::References;
use crate::app::components::resume_card::ResumeCard;
use crate::app::components::run_estimate::use_run_estimate;
use crate::app::components::settings_form::SettingsForm;
use crate::app::components::share::{RecordedCard, ShareButton, use_recorded};
use crate::app::components::transport::{CPU_WORKER_BUILDING, CpuWorker, GpuSupport, Transport};
use crate::app::embed_bridge::{BridgeInputs, use_embed_bridge};
use crate::app::route::Route;
use crate::app::session::{Phase, Session};
use crate::app::visibility::{prefers_reduced_motion, use_seen};
use crate::demos::claims::Verdict;
use crate::demos::digest::fingerprint;
use crate::demos::share::Recorded;
use crate::demos::{DEMOS, Problem};
use crate::embed::export::{RunRecord, to_json};
use crate::embed::options::{EmbedOptions, PAGE_CONTROLS};
use crate::embed::protocol;
use crate::engine::Backend;
use crate::estimate::cost::Cost;
use crate::estimate::pick::Pick;
use crate::settings::Setting;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the frame needs from a demo's settings and route, the same for every demo (made by
/// `app::pages::use_demo`).
#[derive(Clone, PartialEq)]
pub struct FrameInputs {
    /// The demo's id (`Demo::ID`; also its CSS class).
    pub demo: &'static str,
    /// The page's URL state: embedding, options.
    pub route: Route,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
    /// Whether the CPU worker module is served yet.
    pub cpu: CpuWorker,
    /// Problems with the URL, the settings and the backend.
    pub problems: Vec<Problem>,
    /// The backend the run uses.
    pub backend: Backend,
    /// Where timing the backends stands (`app::backend_pick`).
    pub pick: Pick,
    /// The backend chosen in the transport.
    pub on_backend: Callback<Backend>,
    /// Steps the run will take (for the progress label).
    pub total_steps: u64,
    /// What the run costs (the estimate beside Train, the long-run question).
    pub cost: Cost,
    /// The demo's settings table.
    pub table: &'static [Setting],
    /// Current text of each setting.
    pub values: Vec<(String, String)>,
    /// The configuration as JSON (for exports and the embedding page).
    pub config: Value,
    /// A setting changed: (key, text).
    pub on_change: Callback<(String, String)>,
    /// Several settings set at once by the embedding page; returns their problems.
    pub on_set: Callback<Vec<(String, String)>, Vec<Problem>>,
    /// The demo's claims judged on the run so far (the "Does it reproduce?" card).
    pub verdicts: Vec<Verdict>,
    /// A kept run read from a file: set its settings and show it.
    pub on_load: Callback<(String, crate::demos::bundle::KeptRun)>,
    /// A run stored in the browser: set its settings and go on with it.
    pub on_resume: Callback<crate::demos::checkpoint::SavedRun>,
}

/// Props of [`DemoFrame`].
#[derive(Properties, PartialEq)]
pub struct DemoFrameProps {
    /// The demo's settings, route and backend.
    pub frame: FrameInputs,
    /// The run.
    pub session: Session,
    /// The page's title.
    pub title: AttrValue,
    /// The paragraph under the title.
    pub lead: Html,
    /// The transport's status line.
    pub status: AttrValue,
    /// A note under the progress bar, if any.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The figures.
    pub children: Html,
}

/// The URL that reproduces the run on the full page (not embedded).
fn run_link(demo: &str, backend: Backend, values: &[(String, String)]) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location
        .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
        .unwrap_or_default();
    format!("{base}{}", Route::hash(demo, false, Some(backend), &EmbedOptions::default(), values))
}

/// The page around a demo's figures.
#[function_component(DemoFrame)]
pub fn demo_frame(props: &DemoFrameProps) -> Html {
    let session = &props.session;
    let state = &*session.state;
    let demo = props.frame.demo.to_string();
    let (embed, options) = (props.frame.route.embed, &props.frame.route.options);

    // Embedded demos pause while unseen, go on when seen again, and may start when first seen.
    let article = use_node_ref();
    let seen = use_seen(article.clone());
    let view_paused = use_state(|| false);
    let autoplayed = use_mut_ref(|| false);
    let reduced_motion = *use_memo((), |_| prefers_reduced_motion());
    let gpu_known = !matches!(props.frame.gpu, GpuSupport::Checking);
    // A CPU run needs the CPU worker module, which a fresh `scripts/serve.sh` builds after the
    // page: until it is served, Train waits (and says why once the server answered).
    // While the backends are timed, Train waits for the pick (seconds).
    let waiting_for = match (props.frame.backend, props.frame.cpu, &props.frame.pick) {
        (Backend::Flex, CpuWorker::Checking, _) => Some(AttrValue::default()),
        (Backend::Flex, CpuWorker::Building, _) => Some(AttrValue::from(CPU_WORKER_BUILDING)),
        (_, _, Pick::Timing(_)) => props.frame.pick.text().map(AttrValue::from),
        _ => None,
    };
    let can_start = waiting_for.is_none();
    // Once timed (or failed), what the timing found stays under the controls.
    let pick_said = props.frame.pick.text().filter(|_| !matches!(props.frame.pick, Pick::Timing(_)));
    {
        let (session, view_paused, autoplayed) = (session.clone(), view_paused.clone(), autoplayed.clone());
        let autoplay = options.autoplay && !reduced_motion;
        let key = (seen, state.phase, *view_paused, gpu_known && can_start, state.generation);
        use_effect_with(key, move |&(seen, phase, paused_by_view, gpu_known, _)| {
            if !embed {
                return;
            }
            match (seen, phase) {
                (Some(false), Phase::Running | Phase::Starting) => {
                    session.pause.emit(());
                    view_paused.set(true);
                }
                (Some(true), Phase::Paused | Phase::Pausing) if paused_by_view => {
                    session.play.emit(());
                    view_paused.set(false);
                }
                (Some(true), Phase::Idle) if autoplay && gpu_known && !*autoplayed.borrow() => {
                    *autoplayed.borrow_mut() = true;
                    session.play.emit(());
                }
                (_, Phase::Idle | Phase::Finished | Phase::Failed) if paused_by_view => {
                    view_paused.set(false)
                }
                _ => {}
            }
        });
    }
    // The reader's (or the embedding page's) play and pause override a pause for being unseen.
    let play = {
        let (play, view_paused) = (session.play.clone(), view_paused.clone());
        Callback::from(move |_| {
            view_paused.set(false);
            play.emit(())
        })
    };
    let pause = {
        let (pause, view_paused) = (session.pause.clone(), view_paused.clone());
        Callback::from(move |_| {
            view_paused.set(false);
            pause.emit(())
        })
    };
    // A person's Train (button or key) asks first when the run is long; the embedding page's
    // play and autoplay do not.
    let estimate =
        use_run_estimate(props.frame.demo, props.frame.backend, props.frame.cost, session, play.clone());
    let running = matches!(state.phase, Phase::Running | Phase::Starting);
    let onkeydown = {
        let (play, pause, step) = (estimate.play.clone(), pause.clone(), session.step.clone());
        Callback::from(move |e: KeyboardEvent| {
            let typing = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
            if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            match e.key().as_str() {
                "k" | "K" => {
                    e.prevent_default();
                    if running {
                        pause.emit(())
                    } else if can_start {
                        play.emit(())
                    }
                }
                "." if can_start => {
                    e.prevent_default();
                    step.emit(());
                }
                _ => {}
            }
        })
    };

    let status = if *view_paused && matches!(state.phase, Phase::Paused | Phase::Pausing) {
        AttrValue::from(format!(
            "Paused at step {} of {} while out of view; training goes on when the demo is visible again.",
            state.step, state.total_steps
        ))
    } else {
        props.status.clone()
    };
    let link = run_link(&demo, props.frame.backend, &props.frame.values);
    // What this browser's finished run recorded, and the record a shared link carries.
    let here = use_recorded(&session.state, &props.frame.config, props.frame.backend, &props.frame.verdicts);
    let shared = use_memo(props.frame.route.pairs.clone(), |pairs| Recorded::from_pairs(pairs));
    let snapshot = json!({
        "phase": state.phase.key(),
        "step": state.step,
        "totalSteps": state.total_steps.max(props.frame.total_steps),
        "backend": props.frame.backend.key(),
        "seconds": state.seconds,
        "error": state.error,
        "pausedOffscreen": *view_paused,
        "config": props.frame.config,
        "link": link,
        "digest": here.as_ref().map(|r| r.digest.clone()),
    });
    let export = {
        let (state, config, demo, link) =
            (session.state.clone(), props.frame.config.clone(), demo.clone(), link.clone());
        let (backend, gpu, digest) =
            (props.frame.backend, props.frame.gpu.clone(), here.as_ref().map(|r| r.digest.clone()));
        Callback::from(move |_: ()| {
            let adapter = match (&gpu, backend) {
                (GpuSupport::Available { adapter, .. }, Backend::Wgpu) => Some(adapter.as_str()),
                _ => None,
            };
            let browser = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
            let now = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
            to_json(&RunRecord {
                demo: &demo,
                link: &link,
                config: &config,
                backend,
                adapter,
                browser: &browser,
                exported_at: &now,
                phase: state.phase.key(),
                steps: state.step,
                total_steps: state.total_steps,
                seconds: state.seconds,
                error: state.error.as_deref(),
                loss: &state.loss,
                results: &state.results,
                digest: digest.as_deref(),
            })
        })
    };
    let setting_keys: Vec<&str> = props.frame.table.iter().map(|s| s.key).collect();
    let problems: Vec<Problem> =
        props.frame.problems.iter().cloned().chain(options.unknown_controls(&setting_keys)).collect();
    let controls: Vec<Value> = props
        .frame
        .table
        .iter()
        .map(|s| (s.key, s.label, s.help))
        .chain(PAGE_CONTROLS.iter().map(|&k| (k, k, "")))
        .map(|(key, label, help)| {
            json!({ "key": key, "label": label, "help": help, "hidden": options.is_hidden(key), "locked":
                options.is_locked(key) })
        })
        .collect();
    use_embed_bridge(
        BridgeInputs {
            demo: demo.clone(),
            origin: options.origin.clone(),
            ready: json!({ "protocol": protocol::VERSION, "controls": controls, "state": snapshot.clone() }),
            snapshot,
            play: play.clone(),
            pause: pause.clone(),
            step: session.step.clone(),
            reset: session.reset.clone(),
            set_config: props.frame.on_set.clone(),
            export: export.clone(),
            problems: problems.clone(),
            verdicts: props.frame.verdicts.clone(),
        },
        &session.state,
    );

    let hidden: Vec<String> =
        setting_keys.iter().filter(|k| options.is_hidden(k)).map(|k| k.to_string()).collect();
    let locked: Vec<String> =
        setting_keys.iter().filter(|k| options.is_locked(k)).map(|k| k.to_string()).collect();
    let any_setting_shown = hidden.len() < setting_keys.len();
    let exports_shown = !options.is_hidden("export");
    let autoplay_held = embed && options.autoplay && reduced_motion && state.phase == Phase::Idle;
    // After a lost WebGPU device (www/worker.js says so), one click moves the run to the CPU.
    let device_lost = props.frame.backend == Backend::Wgpu
        && state.error.as_deref().is_some_and(|e| e.starts_with("the GPU device was lost"));
    let use_cpu = {
        let on_backend = props.frame.on_backend.clone();
        Callback::from(move |_: MouseEvent| on_backend.emit(Backend::Flex))
    };
    let info = DEMOS.iter().find(|d| d.id == props.frame.demo);
    let (references, controls) =
        (info.map_or(&[][..], |d| d.references), info.map_or(&[][..], |d| d.controls));
    html! {
        <ContextProvider<FigureDownloads> context={FigureDownloads(exports_shown)}>
        <article ref={article} class={classes!("demo", props.frame.demo)} tabindex="-1" {onkeydown}
                 data-paused-offscreen={(*view_paused).to_string()}>
            if !embed {
                <a class="back" href="#">{ "← all demos" }</a>
            }
            <h1 class={classes!(options.no_intro.then_some("visually-hidden"))}>{ props.title.clone() }</h1>
            if !options.no_intro {
                <p class="lead">{ props.lead.clone() }</p>
            }
            <Alerts problems={problems} error={state.error.clone()} />
            if device_lost {
                <p><button onclick={use_cpu} data-testid="use-cpu">{ "Train on the CPU instead" }</button></p>
            }
            <div class="layout">
                <aside class="controls" aria-label="Training controls">
                    <Transport phase={state.phase} backend={props.frame.backend} gpu={props.frame.gpu.clone()}
                        status={status}
                               on_play={estimate.play.clone()} on_pause={pause} on_step={session.step.clone()}
                               on_reset={session.reset.clone()} on_backend={props.frame.on_backend.clone()}
                               backend_hidden={options.is_hidden("backend")}
                                   backend_locked={options.is_locked("backend")} waiting_for={waiting_for} />
                    if let Some(text) = pick_said {
                        <p class="note" data-testid="backend-pick" data-picked={props.frame.pick.picked()
                            .map(|b| b.key()).unwrap_or_default()}>{ text }</p>
                    }
                    { estimate.question }
                    <p class="note estimate" data-testid="estimate" data-source={estimate.source}
                        data-flops={format!("{:.0}", props.frame.cost.flops)}>{ estimate.line }</p>
                    if autoplay_held {
                        <p class="note" data-testid="autoplay-held">{ "Autoplay is off because your system asks for \
                            reduced motion. Press Train (or K) to start." }</p>
                    }
                    <ProgressBar fraction={state.fraction()}
                        label={format!("step {} of {}", state.step, props.frame.total_steps)} />
                    if let Some(note) = &props.note {
                        <p class="note">{ note.clone() }</p>
                    }
                    if any_setting_shown {
                        <h2>{ "Settings" }</h2>
                        <p class="note">{ "Changing a setting resets the run. Every setting is in the page's URL: the \
                            link reproduces this run." }</p>
                        <SettingsForm table={props.frame.table} values={props.frame.values.clone()}
                            on_change={props.frame.on_change.clone()}
                                      hidden={hidden} locked={locked} />
                    }
                    if exports_shown {
                        <h2>{ "Export" }</h2>
                        <ExportBar demo={demo.clone()} document={export} link={link.clone()} />
                        <ShareButton link={link} recorded={here.clone()} />
                        <KeepBar demo={props.frame.demo} config={props.frame.config.clone()}
                            run={session.state.clone()} on_load={props.frame.on_load.clone()}
                            on_keep={session.keep.clone()} />
                    }
                    <p class="note keys">{ "Keys: K trains or pauses, . takes one step." }</p>
                </aside>
                <section class="figures">
                    if info.is_some_and(|d| d.resumes) {
                        <ResumeCard demo={props.frame.demo} config={props.frame.config.clone()}
                            run={session.state.clone()} on_resume={props.frame.on_resume.clone()} />
                    }
                    if let Some(recorded) = (*shared).clone() {
                        <RecordedCard {recorded} here={here.clone()} verdicts={props.frame.verdicts.clone()}
                            config={fingerprint(&props.frame.config)} />
                    }
                    <ClaimsCard verdicts={props.frame.verdicts.clone()} demo={props.frame.demo}
                        controls={controls} />
                    { props.children.clone() }
                    <References references={references} />
                </section>
            </div>
        </article>
        </ContextProvider<FigureDownloads>>
    }
}

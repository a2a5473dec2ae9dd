//! What every demo page shares, and the landing page. A demo's page lives in its own folder
//! (`src/demos/<id>/page.rs`) and implements [`DemoPage`]; `crate::pages` dispatches to it by id
//! (a registered demo without a page does not compile) and hands that dispatch to the shell.

pub mod landing;

use crate::app::components::demo_frame::FrameInputs;
use crate::app::components::transport::{CpuWorker, GpuSupport};
use crate::app::form::use_demo_form;
use crate::app::route::Route;
use crate::app::session::{Session, use_session};
use crate::demos::bundle::KeptRun;
use crate::demos::checkpoint::SavedRun;
use crate::demos::{Demo, DemoConfig, Registered};
use crate::settings::{self, Settings};
use yew::{Callback, Html, Properties, hook};

/// Props of every demo page.
#[derive(Properties, PartialEq, Clone)]
pub struct DemoProps {
    /// The URL hash.
    pub route: Route,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
    /// Whether the CPU worker module is served yet.
    pub cpu: CpuWorker,
}

/// What every demo page starts from: its configuration (from the URL), what the frame needs,
/// and the training session.
pub struct DemoPageState<C> {
    /// The configuration to run.
    pub config: C,
    /// The frame's inputs (settings, route, backend, problems).
    pub frame: FrameInputs,
    /// The run.
    pub session: Session,
}

/// The settings form and the session of demo `D`'s page.
#[hook]
pub fn use_demo<D: Registered>(props: &DemoProps) -> DemoPageState<D::Config>
where
    D::Config: Into<DemoConfig>,
{
    let form = use_demo_form::<D>(&props.route, &props.gpu);
    let session = use_session(form.config.clone().into(), form.backend);
    let results: Vec<&D::Result> = session.state.results_of::<D>().collect();
    let verdicts = crate::demos::claims::judge(D::CLAIMS, &form.config, &results);
    // A kept run: its settings on the form, and the run shown once the page has them.
    let on_load = {
        let (load, on_set) = (session.load.clone(), form.on_set.clone());
        Callback::from(move |(name, run): (String, KeptRun)| {
            let value = serde_json::to_value(&run.config).unwrap_or_default();
            if let Ok(config) = serde_json::from_value::<D::Config>(value["config"].clone()) {
                let pairs = settings::to_pairs(&config);
                load.emit((name, run));
                on_set.emit(pairs);
            }
        })
    };
    // A stored run: its settings on the form, and the run going on once the page has them.
    let on_resume = {
        let (resume, on_set) = (session.resume.clone(), form.on_set.clone());
        Callback::from(move |run: SavedRun| {
            let value = serde_json::to_value(&run.config).unwrap_or_default();
            if let Ok(config) = serde_json::from_value::<D::Config>(value["config"].clone()) {
                let pairs = settings::to_pairs(&config);
                resume.emit(run);
                on_set.emit(pairs);
            }
        })
    };
    let frame = FrameInputs {
        demo: D::ID,
        route: props.route.clone(),
        gpu: props.gpu.clone(),
        cpu: props.cpu,
        problems: form.problems,
        backend: form.backend,
        pick: form.pick,
        on_backend: form.on_backend,
        total_steps: D::total_steps(&form.config),
        cost: D::cost(&form.config),
        table: D::Config::TABLE,
        values: settings::to_pairs(&form.config),
        config: serde_json::to_value(&form.config).unwrap_or_default(),
        on_change: form.on_change,
        on_set: form.on_set,
        verdicts,
        on_load,
        on_resume,
    };
    DemoPageState { config: form.config, frame, session }
}

/// A demo's page (the `page` build).
pub trait DemoPage: Demo {
    /// The page, with `props`.
    fn view(props: DemoProps) -> Html;
}

/// Implements [`DemoPage`] for demo `$demo` with the function component `$page`.
macro_rules! demo_page {
    ($demo:ty, $page:ident) => {
        impl $crate::app::pages::DemoPage for $demo {
            fn view(props: $crate::app::pages::DemoProps) -> yew::Html {
                yew::html! { <$page ..props /> }
            }
        }
    };
}
pub(crate) use demo_page;

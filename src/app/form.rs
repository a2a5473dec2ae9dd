//! The settings side of a demo page, shared by every demo: the configuration read from the URL
//! (bad values named and replaced), the backend (chosen by itself only where a hardware adapter is
//! offered, by timing both: [`crate::app::backend_pick`]; the CPU when WebGPU was asked for but is
//! missing), and the URL kept in step with both.

use crate::app::backend_pick::{self, use_backend_pick};
use crate::app::components::transport::GpuSupport;
use crate::app::route::Route;
use crate::demos::{Demo, DemoConfig, Problem};
use crate::engine::Backend;
use crate::estimate::cost::{Cost, bytes, setting_to_lower};
use crate::estimate::pick::Pick;
use crate::settings::{self, Settings};
use yew::prelude::*;

/// What [`use_demo_form`] gives a page.
pub struct DemoForm<C> {
    /// The configuration to run.
    pub config: C,
    /// Problems with the URL, the settings and the backend, for the page's alert.
    pub problems: Vec<Problem>,
    /// The backend to run on (the CPU when WebGPU was asked for but is unavailable).
    pub backend: Backend,
    /// Where timing the backends stands ([`backend_pick`]).
    pub pick: Pick,
    /// A setting changed in the form: `(key, value)`.
    pub on_change: Callback<(String, String)>,
    /// The backend chosen in the transport.
    pub on_backend: Callback<Backend>,
    /// Several settings (and `backend`) changed at once, by the embedding page: returns the
    /// problems with the new values (each bad value replaced by its default).
    pub on_set: Callback<Vec<(String, String)>, Vec<Problem>>,
}

#[derive(Clone, PartialEq)]
struct Form<C> {
    config: C,
    problems: Vec<Problem>,
}

impl<C: Settings> Form<C> {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let (config, problems) = settings::from_pairs::<C>(pairs);
        Self { config, problems }
    }
}

/// The settings of demo `D`, from `route`, on what `gpu` offers.
#[hook]
pub fn use_demo_form<D: Demo>(route: &Route, gpu: &GpuSupport) -> DemoForm<D::Config>
where
    D::Config: Into<DemoConfig>,
{
    type C<D> = <D as Demo>::Config;
    let demo = D::ID;
    let form = use_state(|| Form::<C<D>>::from_pairs(&route.pairs));
    let backend = use_state(|| route.backend.unwrap_or(Backend::Flex));
    {
        // A new hash typed by the user replaces the settings.
        let (form, backend) = (form.clone(), backend.clone());
        use_effect_with(route.clone(), move |route| {
            form.set(Form::from_pairs(&route.pairs));
            if let Some(b) = route.backend {
                backend.set(b);
            }
        });
    }
    // Without an explicit backend, a hardware WebGPU adapter has both backends timed on this
    // demo and the faster picked (`backend=auto`: on any adapter).
    let wanted = backend_pick::wanted(gpu, route.backend, route.auto_backend);
    let demo_config: DemoConfig = form.config.clone().into();
    let pick = use_backend_pick(&demo_config, wanted);
    {
        let backend = backend.clone();
        use_effect_with(pick.picked(), move |picked| {
            if let Some(b) = picked {
                backend.set(*b);
            }
        });
    }
    let gpu_problem = match (gpu, *backend) {
        (GpuSupport::Unavailable(reason), Backend::Wgpu) => Some(Problem::new(
            "backend",
            format!("WebGPU was asked for, but {reason}; training on the CPU instead"),
        )),
        _ => None,
    };
    // A buffer larger than the adapter can bind fails inside WebGPU: refuse it here, name the
    // setting that shrinks it most, and train on the CPU.
    let gpu_problem = gpu_problem.or_else(|| match (gpu, *backend) {
        (GpuSupport::Available { max_binding, .. }, Backend::Wgpu) if *max_binding > 0 => {
            too_large_for_gpu(&form.config, D::cost, *max_binding)
        }
        _ => None,
    });
    let effective = if gpu_problem.is_some() { Backend::Flex } else { *backend };
    {
        // A shared run's record stays in the URL (a reload keeps it).
        let mut pairs = settings::to_pairs(&form.config);
        pairs.extend(route.pairs.iter().filter(|(k, _)| settings::SHARE_KEYS.contains(&k.as_str())).cloned());
        let hash = Route::hash(demo, route.embed, Some(effective), &route.options, &pairs);
        use_effect_with(hash, |hash| Route::replace(hash));
    }
    let on_backend = {
        let backend = backend.clone();
        Callback::from(move |b: Backend| backend.set(b))
    };
    let on_set = {
        let (form, backend) = (form.clone(), backend.clone());
        Callback::from(move |changes: Vec<(String, String)>| {
            let mut problems = Vec::new();
            let mut pairs = settings::to_pairs(&form.config);
            for (key, value) in changes {
                if key == "backend" {
                    match Backend::parse(&value) {
                        Some(b) => backend.set(b),
                        None => {
                            problems.push(Problem::new("backend", format!("'{value}' is not flex or webgpu")))
                        }
                    }
                } else {
                    pairs.retain(|(k, _)| *k != key);
                    pairs.push((key, value));
                }
            }
            let next = Form::<C<D>>::from_pairs(&pairs);
            problems.extend(next.problems.iter().cloned());
            form.set(next);
            problems
        })
    };
    // The form's one setting is the embedding page's many, with the problems left to the alert.
    let on_change = {
        let on_set = on_set.clone();
        Callback::from(move |change: (String, String)| {
            on_set.emit(vec![change]);
        })
    };
    let problems = route.problems.iter().chain(&form.problems).chain(gpu_problem.as_ref()).cloned().collect();
    DemoForm {
        config: form.config.clone(),
        problems,
        backend: effective,
        pick,
        on_change,
        on_backend,
        on_set,
    }
}

/// The problem when the largest buffer of `config` exceeds `max_binding` bytes.
fn too_large_for_gpu<C: Settings>(config: &C, cost: fn(&C) -> Cost, max_binding: u64) -> Option<Problem> {
    let largest = cost(config).largest_buffer;
    if largest <= max_binding {
        return None;
    }
    let key = setting_to_lower(config, cost, |c| c.largest_buffer).unwrap_or("batch_size");
    Some(Problem::new(
        "backend",
        format!(
            "this run's largest buffer ({}) is more than this GPU can bind at once ({}): lower '{key}' to train on \
                WebGPU; training on the CPU instead",
            bytes(largest),
            bytes(max_binding)
        ),
    ))
}

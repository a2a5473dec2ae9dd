//! What every demo page shares, and the landing page. A demo's page lives in its own folder
//! (`src/demos/<id>/page.rs`) and implements [`DemoPage`]; the shell finds it through the
//! registry (`demos::page`), so a demo without a page does not compile.

pub mod landing;

use crate::app::components::transport::GpuSupport;
use crate::app::route::Route;
use crate::demos::Demo;
use yew::{Html, Properties};

/// Props of every demo page.
#[derive(Properties, PartialEq, Clone)]
pub struct DemoProps {
    /// The URL hash.
    pub route: Route,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
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

//! One page per demo, and the landing page.

pub mod disagreement;
pub mod landing;
pub mod path_star;
pub mod resmem;
pub mod sam;

use crate::app::components::transport::GpuSupport;
use crate::app::route::Route;
use yew::Properties;

/// Props of every demo page.
#[derive(Properties, PartialEq)]
pub struct DemoProps {
    /// The URL hash.
    pub route: Route,
    /// What WebGPU offers.
    pub gpu: GpuSupport,
}

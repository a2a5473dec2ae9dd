//! One page per demo, and the landing page.

pub mod disagreement;
pub mod landing;
pub mod path_star;
pub mod resmem;
pub mod sam;

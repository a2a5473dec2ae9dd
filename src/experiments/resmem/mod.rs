//! The ResMem demo: Yang, Lukasik, Nagarajan et al., "ResMem: Learn what you can and memorize the
//! rest" (NeurIPS 2023). A base MLP too small or too briefly trained to fit its data is corrected
//! by a soft k-nearest-neighbour model of its training residuals ([`crate::models::resmem`]):
//! first in a 2-D playground, where both decision surfaces can be drawn, then on the digits,
//! where the correction raises test accuracy and the gain vanishes once the base interpolates.

mod config;
mod playground;
mod run;
mod sweep;
mod table;

pub use config::{Embedding, ResMemConfig, TEST_SIZE, TRAIN_SIZE};
pub use playground::Surface;
pub use run::{Answer, Outcome, run};
pub use sweep::Measurement;

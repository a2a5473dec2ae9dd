//! Training the memorisation demo (the `train` build only): the data and the sweep.

mod data;
mod run;

pub use data::{Prepared, half};
pub use run::run;

use super::{Measured, Memorisation, MemorisationConfig};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for Memorisation {
    type Output = Vec<Measured>;
    type Trained = crate::demos::NoAnswers;

    async fn train<C: Control>(
        config: &MemorisationConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measured>>, EngineError> {
        run(config, device, control, emit).await
    }
}

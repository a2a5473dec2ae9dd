//! Training the ResMem demo (the `train` build only): the playground, the digits sweep, and the
//! trained models that answer new (k, σ) without retraining.

mod keep;
mod playground;
mod run;
mod sweep;

pub use run::{Trained, run};

use super::{Outcome, ResMem, ResMemConfig};
use crate::demos::keep::SavedFile;
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for ResMem {
    type Output = Outcome;
    type Trained = Trained;

    async fn train<C: Control>(
        config: &ResMemConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Outcome, Trained>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &ResMemConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<Trained, EngineError> {
        keep::load(config, files, device).await
    }
}

//! Training the down-scaling demo (the `train` build only): the models, their measurement at
//! every sparsity, and the trained models that answer at any sparsity without retraining.

mod keep;
mod measure;
mod resume;
mod run;

pub use measure::prune;
pub use run::{Trained, run, run_from};

use super::{DownScaling, DownScalingConfig, Measured};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for DownScaling {
    type Output = Vec<Measured>;
    type Trained = Trained;

    async fn train<C: Control>(
        config: &DownScalingConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measured>, Trained>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &DownScalingConfig,
        files: &[crate::demos::keep::SavedFile],
        device: &Device,
    ) -> Result<Trained, EngineError> {
        keep::load(config, files, device).await
    }

    async fn resume<C: Control>(
        config: &DownScalingConfig,
        checkpoint: &crate::demos::checkpoint::Checkpoint,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measured>, Trained>, EngineError> {
        run_from(config, Some(checkpoint), device, control, emit).await
    }
}

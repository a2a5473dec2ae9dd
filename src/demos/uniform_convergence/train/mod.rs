//! Training the uniform-convergence demo (the `train` build only): the sweep over m, and the
//! trained networks that draw new slices without retraining.

mod keep;
mod run;
mod slice;

pub use run::{Outcome, Trained, run};

use super::{UniformConvergence, UniformConvergenceConfig};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for UniformConvergence {
    type Output = Outcome;
    type Trained = Trained;

    async fn train<C: Control>(
        config: &UniformConvergenceConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Outcome, Trained>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &UniformConvergenceConfig,
        files: &[crate::demos::keep::SavedFile],
        device: &Device,
    ) -> Result<Trained, EngineError> {
        keep::load(config, files, device)
    }
}

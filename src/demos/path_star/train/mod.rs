//! Training the path-star demo (the `train` build only): the modes side by side, their
//! evaluation, and the models answering the page's graphs.

mod attention;
mod evaluate;
mod keep;
mod run;

pub use evaluate::Models;
pub use run::{run, run_from};

use super::{Evaluation, PathStar, PathStarConfig};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::SavedFile;
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::gpt::Gpt;
use burn::tensor::Device;

impl Train for PathStar {
    type Output = Vec<Evaluation>;
    type Trained = Models<Gpt>;

    async fn train<C: Control>(
        config: &PathStarConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Evaluation>, Models<Gpt>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &PathStarConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<Models<Gpt>, EngineError> {
        keep::load(config, files, device)
    }

    async fn resume<C: Control>(
        config: &PathStarConfig,
        checkpoint: &Checkpoint,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Evaluation>, Models<Gpt>>, EngineError> {
        run_from(config, Some(checkpoint), device, control, emit).await
    }
}

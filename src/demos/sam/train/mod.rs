//! Training the SAM demo (the `train` build only).

mod run;

pub use run::{WIDTHS, run};

use super::{Checkpoint, Sam, SamConfig};
use crate::demos::{Control, Event, NoAnswers, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for Sam {
    type Output = Vec<Checkpoint>;
    type Trained = NoAnswers;

    async fn train<C: Control>(
        config: &SamConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Checkpoint>>, EngineError> {
        run(config, device, control, emit).await
    }
}

//! Training the disagreement demo (the `train` build only).

mod run;

pub use run::{run, training_sets};

use super::{Checkpoint, Disagreement, DisagreementConfig};
use crate::demos::{Control, Event, NoAnswers, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for Disagreement {
    type Output = Vec<Checkpoint>;
    type Trained = NoAnswers;

    async fn train<C: Control>(
        config: &DisagreementConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Checkpoint>>, EngineError> {
        run(config, device, control, emit).await
    }
}

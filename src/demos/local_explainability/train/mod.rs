//! Training the local-explainability zoo (the `train` build only).

mod probes;
mod run;
mod split;

pub use run::run;

use super::{LocalExplainability, LocalExplainabilityConfig, Measurement};
use crate::demos::{Control, Event, NoAnswers, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for LocalExplainability {
    type Output = Vec<Measurement>;
    type Trained = NoAnswers;

    async fn train<C: Control>(
        config: &LocalExplainabilityConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measurement>>, EngineError> {
        run(config, device, control, emit).await
    }
}

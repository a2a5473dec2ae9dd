//! Training the pause-tokens demo (the `train` build only): the arms side by side and their
//! evaluation on held-out questions.

mod evaluate;
mod run;

pub use run::run;

use super::{Evaluation, PauseTokens, PauseTokensConfig};
use crate::demos::{Control, Event, NoAnswers, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for PauseTokens {
    type Output = Vec<Evaluation>;
    type Trained = NoAnswers;

    async fn train<C: Control>(
        config: &PauseTokensConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Evaluation>>, EngineError> {
        run(config, device, control, emit).await
    }
}

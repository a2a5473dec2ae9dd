//! Training the local-explainability zoo (the `train` build only).

mod probes;
mod run;
mod split;

pub use run::run;

use super::{LocalExplainability, LocalExplainabilityConfig, Measurement};
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::deep_mlp::BatchedDeepMlp;
use burn::tensor::Device;

impl Train for LocalExplainability {
    type Output = Vec<Measurement>;
    /// Each (seed, width)'s batch of networks, one per λ: `seed-<s>-width-<w>.safetensors`.
    type Trained = KeptModels<BatchedDeepMlp>;

    async fn train<C: Control>(
        config: &LocalExplainabilityConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measurement>, KeptModels<BatchedDeepMlp>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &LocalExplainabilityConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<KeptModels<BatchedDeepMlp>, EngineError> {
        let shapes =
            config.jobs().into_iter().map(|job| (run::job_name(job), run::initial(config, job, device)));
        KeptModels::load(files, shapes.collect())
    }
}

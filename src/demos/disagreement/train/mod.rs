//! Training the disagreement demo (the `train` build only).

mod run;

pub use run::{run, training_sets};

use super::{Checkpoint, Disagreement, DisagreementConfig};
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::mlp::BatchedMlp;
use burn::tensor::Device;

impl Train for Disagreement {
    type Output = Vec<Checkpoint>;
    /// Each configuration's batch of networks: `w<width>-n<train size>.safetensors`.
    type Trained = KeptModels<BatchedMlp>;

    async fn train<C: Control>(
        config: &DisagreementConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Checkpoint>, KeptModels<BatchedMlp>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &DisagreementConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<KeptModels<BatchedMlp>, EngineError> {
        let dim = config.resolution.dim();
        let shapes =
            config.jobs().into_iter().map(|job| (run::job_name(job), run::initial(config, job, dim, device)));
        KeptModels::load(files, shapes.collect())
    }
}

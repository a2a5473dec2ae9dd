//! Training the SAM demo (the `train` build only).

mod run;

pub use run::{WIDTHS, run};

use super::{Checkpoint, Sam, SamConfig};
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::deep_mlp::BatchedDeepMlp;
use burn::tensor::Device;

impl Train for Sam {
    type Output = Vec<Checkpoint>;
    /// The SGD and the SAM networks (each a batch of one per seed): `sgd.safetensors`, `sam.safetensors`.
    type Trained = KeptModels<BatchedDeepMlp>;

    async fn train<C: Control>(
        config: &SamConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Checkpoint>, KeptModels<BatchedDeepMlp>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &SamConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<KeptModels<BatchedDeepMlp>, EngineError> {
        KeptModels::load(files, run::initial(config, device))
    }
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::RunToEnd;
    use crate::demos::keep::assert_round_trip;
    use crate::engine::block_on;

    #[test]
    fn the_sgd_and_sam_networks_are_kept_and_load_back() {
        let config = SamConfig { epochs: 1, probe_every: 1, seeds: 2, ..Default::default() };
        let device = Device::flex().autodiff();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        let files = assert_round_trip(&ran.trained, |files| block_on(Sam::load(&config, files, &device)));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["sgd.safetensors", "sam.safetensors"]);
        assert!(files.iter().all(|f| 2 * f.step as u64 == ran.steps));
        let more = SamConfig { seeds: 3, ..config };
        let err = block_on(Sam::load(&more, &files, &device)).err().expect("three seeds are not two");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
    }
}

//! Training the memorisation demo (the `train` build only): the data and the sweep.

mod data;
mod run;

pub use data::{Prepared, half};
pub use run::run;

use super::{Measured, Memorisation, MemorisationConfig};
use crate::data::digits::PIXELS;
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::mlp::BatchedMlp;
use burn::tensor::Device;

impl Train for Memorisation {
    type Output = Vec<Measured>;
    /// Each batch of networks: `width-<w>.safetensors`, and `student-<w>.safetensors` for the students.
    type Trained = KeptModels<BatchedMlp>;

    async fn train<C: Control>(
        config: &MemorisationConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Measured>, KeptModels<BatchedMlp>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &MemorisationConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<KeptModels<BatchedMlp>, EngineError> {
        let shapes =
            config.tasks().into_iter().map(|k| (run::kind_name(k), run::initial(config, k, PIXELS, device)));
        KeptModels::load(files, shapes.collect())
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
    fn every_batch_of_networks_is_kept_and_loads_back() {
        let config = MemorisationConfig::default();
        let config = MemorisationConfig { epochs: 1, widths: vec![8, 16], models: 2, ..config };
        let device = Device::flex().autodiff();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        let files =
            assert_round_trip(&ran.trained, |files| block_on(Memorisation::load(&config, files, &device)));
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let expected: Vec<String> =
            config.tasks().into_iter().map(|k| format!("{}.safetensors", run::kind_name(k))).collect();
        assert_eq!(names, expected);
        assert!(files.iter().all(|f| f.step > 0));
        let more = MemorisationConfig { models: 3, ..config };
        let err =
            block_on(Memorisation::load(&more, &files, &device)).err().expect("three networks are not two");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
    }
}

//! Training the pause-tokens demo (the `train` build only): the arms side by side and their
//! evaluation on held-out questions.

mod evaluate;
mod run;

pub use run::{run, run_from};

use super::{Evaluation, PauseTokens, PauseTokensConfig};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use crate::models::gpt::Gpt;
use burn::tensor::Device;

impl Train for PauseTokens {
    type Output = Vec<Evaluation>;
    /// Each arm's GPT, kept as `<arm>.safetensors`.
    type Trained = KeptModels<Gpt>;

    async fn train<C: Control>(
        config: &PauseTokensConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Evaluation>, KeptModels<Gpt>>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &PauseTokensConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<KeptModels<Gpt>, EngineError> {
        let shapes =
            config.arms.iter().map(|&arm| (run::arm_name(arm), config.gpt().init(config.init_seed, device)));
        KeptModels::load(files, shapes.collect())
    }

    async fn resume<C: Control>(
        config: &PauseTokensConfig,
        checkpoint: &Checkpoint,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Evaluation>, KeptModels<Gpt>>, EngineError> {
        run_from(config, Some(checkpoint), device, control, emit).await
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
    fn each_arms_model_is_kept_and_loads_back() {
        let config = PauseTokensConfig {
            steps: 3,
            eval_every: 3,
            eval_questions: 8,
            batch_size: 8,
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let trained = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().trained;
        let files = assert_round_trip(&trained, |files| block_on(PauseTokens::load(&config, files, &device)));
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let expected: Vec<String> =
            config.arms.iter().map(|&a| format!("{}.safetensors", run::arm_name(a))).collect();
        assert_eq!(names, expected);
        assert!(files.iter().all(|f| f.step == 3));
        let wide = PauseTokensConfig { d_model: 2 * config.d_model, ..config };
        let err =
            block_on(PauseTokens::load(&wide, &files, &device)).err().expect("other settings are refused");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
    }
}

//! Keeping the down-scaling models ([`crate::demos::keep`]): `seed-<s>.safetensors` for each full
//! model, the ones that answer at any sparsity. The dense controls are measured once and answer
//! nothing, so they are not kept; their measurements are among the run's results.

use super::run::{Kept, Trained};
use crate::demos::down_scaling::{DownScalingConfig, Task};
use crate::demos::keep::{SavedFile, file, from_safetensors, to_safetensors};
use crate::engine::EngineError;
use burn::tensor::Device;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::rc::Rc;

/// The file name of the full model of seed `seed`.
fn name(seed: usize) -> String {
    format!("seed-{seed}.safetensors")
}

/// Every full model as a file.
pub(super) async fn save(trained: &Trained, header: &Value) -> Result<Vec<SavedFile>, EngineError> {
    let mut files = Vec::new();
    let kept = trained.kept.borrow().clone();
    for k in &kept {
        let mut about = header.clone();
        about["model"] = json!({ "seed": k.seed, "step": trained.steps });
        files.push(SavedFile {
            name: name(k.seed),
            step: trained.steps,
            bytes: to_safetensors(&k.model, &about).await?,
        });
    }
    Ok(files)
}

/// The full models of `config` from `files`, on `device` (without autodiff), ready to answer.
pub(super) async fn load(
    config: &DownScalingConfig,
    files: &[SavedFile],
    device: &Device,
) -> Result<Trained, EngineError> {
    let device = device.clone().without_autodiff();
    let trained = Trained { kept: RefCell::new(Vec::new()), device: device.clone(), steps: config.steps };
    load_into(config, files, &trained, &config.tasks()).await?;
    Ok(trained)
}

/// Loads the full models of `tasks` from `files` into `trained` (on its device), ready to answer.
pub(super) async fn load_into(
    config: &DownScalingConfig,
    files: &[SavedFile],
    trained: &Trained,
    tasks: &[Task],
) -> Result<(), EngineError> {
    for task in tasks.iter().filter(|t| !t.dense) {
        let model =
            config.model(task.width).init(config.init_seed, super::run::stream(task), &trained.device);
        let model = from_safetensors(model, file(files, &name(task.seed))?)?;
        let kept = Rc::new(Kept::new(config, task, model).await?);
        trained.kept.borrow_mut().push(kept);
    }
    Ok(())
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::down_scaling::{DownScalingQuery, run};
    use crate::demos::{Answerer, Query, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn saved_models_load_back_and_answer_exactly_as_the_trained_ones() {
        let config = DownScalingConfig::tiny();
        let device = Device::flex().autodiff();
        let trained = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().trained;
        let header = json!({ "demo": "down-scaling", "config": config });
        let files = block_on(save(&trained, &header)).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["seed-0.safetensors", "seed-1.safetensors"]);
        assert!(files.iter().all(|f| f.step == 8));
        let loaded = block_on(load(&config, &files, &device)).unwrap();
        // The same answers, pruned at two sparsities, to the last bit.
        for sparsity in [0.5, 0.7] {
            let query = || Query::DownScaling(DownScalingQuery { sparsity });
            assert_eq!(block_on(loaded.answer(query())).unwrap(), block_on(trained.answer(query())).unwrap());
        }
        // A model of other settings is refused with a reason.
        let wide = DownScalingConfig { d_model: 64, ..config.clone() };
        let err =
            block_on(load(&wide, &files, &device)).err().expect("a width-32 model is no width-64 model");
        assert!(err.0.contains("seed-0.safetensors: not a model of these settings"), "{}", err.0);
        let more = DownScalingConfig { seeds: 3, ..config };
        let err = block_on(load(&more, &files, &device)).err().expect("no third seed");
        assert!(err.0.contains("has no seed-2.safetensors"), "{}", err.0);
    }
}

//! Keeping the path-star models ([`crate::demos::keep`]): `<mode>.safetensors` for each mode
//! (`forward`, `reverse`, `teacherless`) and `<mode>.probe.json` beside it: the first held-out
//! graphs, teacher-forced, and the mode's logits at every position, for checking the files with
//! another implementation (`bench/reference/path_star_logits.py`). One probe per mode: on the CPU
//! the page trains the modes in parallel workers, each of which keeps its own.

use super::evaluate::{Models, sequences};
use super::run::{held_out, mode_name};
use crate::demos::keep::{SavedFile, file, from_safetensors, to_safetensors};
use crate::demos::path_star::PathStarConfig;
use crate::demos::path_star::attention::FOCUS_GRAPHS;
use crate::engine::{EngineError, read_floats};
use crate::models::gpt::Gpt;
use burn::module::Module;
use burn::tensor::Device;
use serde_json::{Value, json};
use std::borrow::Borrow;

/// Held-out graphs in a probe.
pub const PROBE_GRAPHS: usize = 4;

/// Every mode's model as a file, and its probe.
pub(super) async fn save<M: Borrow<Gpt>>(
    models: &Models<M>,
    header: &Value,
) -> Result<Vec<SavedFile>, EngineError> {
    let (shape, device) = (models.shape, models.device.clone().without_autodiff());
    let graphs = &models.focus_graphs[..PROBE_GRAPHS.min(models.focus_graphs.len())];
    let mut files = Vec::new();
    for (mode, step, model) in &models.models {
        let (mode, step, model) = (*mode, *step, model.borrow().valid());
        let name = mode_name(mode);
        let mut about = header.clone();
        about["model"] = json!({ "mode": name, "step": step });
        files.push(SavedFile {
            name: format!("{name}.safetensors"),
            step,
            bytes: to_safetensors(&model, &about).await?,
        });
        let tokens: Vec<Vec<u32>> = graphs.iter().map(|g| shape.example(g, mode).input).collect();
        let flat: Vec<i64> = tokens.iter().flatten().map(|&t| i64::from(t)).collect();
        let logits = read_floats(model.forward(sequences(&shape, flat, tokens.len(), &device))).await?;
        let dims = [tokens.len(), shape.seq_len(), shape.vocab()];
        let about = "the mode's logits [graphs, positions, vocabulary] on teacher-forced held-out graphs";
        let probe =
            json!({ "about": about, "mode": name, "tokens": tokens, "logits": logits, "shape": dims });
        files.push(SavedFile {
            name: format!("{name}.probe.json"),
            step: 0,
            bytes: probe.to_string().into_bytes(),
        });
    }
    Ok(files)
}

/// The models of `config`'s modes from `files`, on `device`.
pub(super) fn load(
    config: &PathStarConfig,
    files: &[SavedFile],
    device: &Device,
) -> Result<Models<Gpt>, EngineError> {
    let mut models = Vec::new();
    for &mode in &config.modes {
        let f = file(files, &format!("{}.safetensors", mode_name(mode)))?;
        let gpt = from_safetensors(config.gpt().init(config.init_seed, device), f)?;
        models.push((mode, f.step, gpt));
    }
    let focus_graphs = held_out(config).into_iter().take(FOCUS_GRAPHS).collect();
    Ok(Models { shape: config.shape(), device: device.clone(), models, focus_graphs })
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::data::path_star::Mode;
    use crate::demos::path_star::{PathStarQuery, run};
    use crate::demos::{Answerer, Query, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn saved_models_load_back_and_answer_exactly_as_the_trained_ones() {
        let config = PathStarConfig {
            modes: vec![Mode::Forward, Mode::Reverse],
            batch_size: 16,
            steps: 30,
            warmup_steps: 5,
            eval_every: 30,
            eval_graphs: 20,
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let trained = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().trained;
        let header = json!({ "demo": "path-star", "config": config });
        let files = block_on(save(&trained, &header)).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["forward.safetensors", "forward.probe.json", "reverse.safetensors", "reverse.probe.json"]
        );
        assert!(files.iter().step_by(2).all(|f| f.step == 30));
        let loaded = load(&config, &files, &device).unwrap();
        // The same answer, attention maps and table included, to the last bit.
        let query = || {
            Query::PathStar(PathStarQuery { text: "3,17|40,8|17,25|8,12|25,9|40,3|12,31|31,44/40,44".into() })
        };
        let before = block_on(trained.answer(query())).unwrap();
        let after = block_on(loaded.answer(query())).unwrap();
        assert_eq!(after, before);
        // The probe's logits are the loaded models' too.
        let again = block_on(save(&loaded, &header)).unwrap();
        assert_eq!((&again[1].bytes, &again[3].bytes), (&files[1].bytes, &files[3].bytes), "the probes");
        // A file of other settings is refused with a reason, not loaded.
        let wide = PathStarConfig { d_model: 128, heads: 4, ..config.clone() };
        let err = load(&wide, &files, &device).err().expect("a width-64 model is no width-128 model");
        assert!(err.0.contains("forward.safetensors: not a model of these settings"), "{}", err.0);
        let teacherless = PathStarConfig { modes: vec![Mode::Teacherless], ..config };
        let err = load(&teacherless, &files, &device).err().expect("no teacherless file");
        assert!(err.0.contains("has no teacherless.safetensors"), "{}", err.0);
    }
}

//! Keeping the uniform-convergence networks ([`crate::demos::keep`]): `m-<m>.safetensors` for the
//! network trained on each m, which draw slices through other training points after `load`.

use super::run::{Trained, initial_network};
use crate::demos::keep::{SavedFile, file, from_safetensors, to_safetensors};
use crate::demos::uniform_convergence::UniformConvergenceConfig;
use crate::engine::EngineError;
use burn::tensor::Device;
use serde_json::{Value, json};

/// The file name of the network trained on `m` points.
fn name(m: usize) -> String {
    format!("m-{m}.safetensors")
}

/// Every trained network as a file.
pub(super) async fn save(trained: &Trained, header: &Value) -> Result<Vec<SavedFile>, EngineError> {
    let mut files = Vec::new();
    let networks = trained.networks.borrow().clone();
    for (m, steps, model) in &networks {
        let (m, step) = (*m, *steps as usize);
        let mut about = header.clone();
        about["model"] = json!({ "m": m, "step": step });
        files.push(SavedFile { name: name(m), step, bytes: to_safetensors(model, &about).await? });
    }
    Ok(files)
}

/// The networks of every m of `config` from `files`, on `device`.
pub(super) fn load(
    config: &UniformConvergenceConfig,
    files: &[SavedFile],
    device: &Device,
) -> Result<Trained, EngineError> {
    let trained = Trained::new(config, device);
    for m in config.sizes() {
        let f = file(files, &name(m))?;
        let model = from_safetensors(initial_network(config, device), f)?;
        trained.networks.borrow_mut().push((m, f.step as u64, model));
    }
    Ok(trained)
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::uniform_convergence::{UniformConvergenceQuery, run};
    use crate::demos::{Answerer, Query, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn saved_networks_load_back_and_draw_exactly_the_same_slices() {
        let config = UniformConvergenceConfig {
            dim: 20,
            width: 64,
            train_sizes: vec![64, 128],
            max_epochs: 3,
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let trained = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().trained;
        let files =
            block_on(save(&trained, &json!({ "demo": "uniform-convergence", "config": config }))).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["m-64.safetensors", "m-128.safetensors"]);
        assert!(files.iter().all(|f| f.step > 0), "each network's own steps");
        let loaded = load(&config, &files, &device).unwrap();
        for point in [0, 5] {
            let query = || Query::UniformConvergence(UniformConvergenceQuery { point });
            assert_eq!(block_on(loaded.answer(query())).unwrap(), block_on(trained.answer(query())).unwrap());
        }
        let wide = UniformConvergenceConfig { width: 128, ..config.clone() };
        let err = load(&wide, &files, &device).err().expect("a width-64 network is no width-128 network");
        assert!(err.0.contains("m-64.safetensors: not a model of these settings"), "{}", err.0);
    }
}

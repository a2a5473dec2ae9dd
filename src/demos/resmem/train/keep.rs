//! Keeping the ResMem models ([`crate::demos::keep`]): the playground's base network
//! (`plane.safetensors`) and each configuration's batch of networks (`w<width>-e<epochs>.safetensors`,
//! one per seed). The memories are not kept: loading fits them again from the same data, through
//! the loaded networks, so the loaded run answers a new (k, σ) exactly as the trained one.

use super::playground;
use super::run::{PLANE, Trained, job_name};
use super::sweep::{self, TrainedJob};
use crate::data::digits::Digits;
use crate::demos::epochs::DeviceSet;
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::resmem::ResMemConfig;
use crate::engine::EngineError;
use burn::module::Module;
use burn::tensor::Device;

/// The networks of `config` from `files`, their memories fitted again, on `device`.
pub(super) async fn load(
    config: &ResMemConfig,
    files: &[SavedFile],
    device: &Device,
) -> Result<Trained, EngineError> {
    let digits = Digits::load().map_err(EngineError)?;
    let data = DeviceSet::new(&digits.features(config.resolution), device);
    let mut shapes = vec![(PLANE.to_string(), playground::initial(config, device))];
    for (width, epochs) in config.jobs() {
        shapes.push((job_name((width, epochs)), sweep::initial(config, width, data.dim, device)));
    }
    let kept = KeptModels::load(files, shapes)?;
    let trained = Trained::default();
    for (i, (name, steps, model)) in kept.models.into_iter().enumerate() {
        if i == 0 {
            *trained.playground.borrow_mut() =
                Some(playground::fitted(config, &model.valid(), device).await?);
        } else {
            let job = TrainedJob::new(&model.valid(), config, i - 1, config.jobs()[i - 1], &data).await?;
            trained.jobs.borrow_mut().push(job);
        }
        trained.networks.borrow_mut().push((name, steps, model));
    }
    Ok(trained)
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::keep::assert_round_trip;
    use crate::demos::resmem::{Answer, Report, ResMem, ResMemQuery};
    use crate::demos::{Answerer, Event, Query, Registered, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn the_networks_are_kept_and_loaded_ones_answer_exactly_as_the_trained() {
        let config = ResMemConfig {
            points: 40,
            plane_epochs: 3,
            widths: vec![4, 8],
            epochs: vec![1],
            seeds: 2,
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let ran = block_on(super::super::run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        let files = assert_round_trip(&ran.trained, |f| block_on(load(&config, f, &device)));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["plane.safetensors", "w4-e1.safetensors", "w8-e1.safetensors"]);
        assert_eq!(files.iter().map(|f| f.step as u64).sum::<u64>(), ran.steps);
        let loaded = block_on(load(&config, &files, &device)).unwrap();
        // The same answer, but for the seconds it took.
        let answer = |trained: &Trained| {
            let event = block_on(trained.answer(Query::ResMem(ResMemQuery { k: 3, sigma: 0.5 }))).unwrap();
            let Event::Result(r) = event else { panic!("{event:?}") };
            let Some(Report::Answer(a)) = ResMem::result_of(&r) else { panic!("{r:?}") };
            Answer { playground_seconds: 0.0, digits_seconds: 0.0, ..a.clone() }
        };
        assert_eq!(answer(&loaded), answer(&ran.trained));
        let wide = ResMemConfig { plane_width: 2 * config.plane_width, ..config };
        let err = block_on(load(&wide, &files, &device)).err().expect("another width is refused");
        assert!(err.0.contains("plane.safetensors: not a model of these settings"), "{}", err.0);
    }
}

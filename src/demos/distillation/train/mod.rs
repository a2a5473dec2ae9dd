//! Training the distillation demo (the `train` build only): the linear view, the seeds' teachers
//! and students as batches of MLPs, and their measurement.

mod measure;
mod run;

pub use run::{Trained, run};

use super::{Distillation, DistillationConfig, Report};
use crate::demos::keep::SavedFile;
use crate::demos::{Control, Event, Ran, Train};
use crate::engine::EngineError;
use burn::tensor::Device;

impl Train for Distillation {
    type Output = Vec<Report>;
    type Trained = Trained;

    async fn train<C: Control>(
        config: &DistillationConfig,
        device: &Device,
        control: &C,
        emit: &mut impl FnMut(Event),
    ) -> Result<Ran<Vec<Report>, Trained>, EngineError> {
        run(config, device, control, emit).await
    }

    const KEEPS: bool = true;

    async fn load(
        config: &DistillationConfig,
        files: &[SavedFile],
        device: &Device,
    ) -> Result<Trained, EngineError> {
        run::load(config, files, device)
    }
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::distillation::DistillationQuery;
    use crate::demos::keep::assert_round_trip;
    use crate::demos::{Answerer, Query, RunToEnd};
    use crate::engine::block_on;

    #[test]
    fn the_teachers_and_students_are_kept_and_load_back() {
        let config = DistillationConfig {
            train_size: 200,
            widths: vec![16],
            epochs: 2,
            student_epochs: 2,
            seeds: 2,
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        let files = assert_round_trip(&ran.trained, |f| block_on(Distillation::load(&config, f, &device)));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["teacher.safetensors", "student.safetensors"]);
        assert_eq!(files.iter().map(|f| f.step as u64).sum::<u64>(), ran.steps);
        // The loaded run answers the linear view as the trained one.
        let loaded = block_on(Distillation::load(&config, &files, &device)).unwrap();
        let ask = || Query::Distillation(DistillationQuery { steps: 40 });
        assert_eq!(block_on(loaded.answer(ask())).unwrap(), block_on(ran.trained.answer(ask())).unwrap());
        let wide = DistillationConfig { widths: vec![32], ..config };
        let err = block_on(Distillation::load(&wide, &files, &device)).err().expect("width 16 is not 32");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
    }
}

//! Training the distillation demo (the `train` build only): the linear view, the seeds' teachers
//! and students as batches of MLPs, and their measurement.

mod measure;
mod run;

pub use run::{Trained, run};

use super::{Distillation, DistillationConfig, Report};
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
}

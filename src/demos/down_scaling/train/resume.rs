//! Down-scaling's checkpoints ([`crate::demos::checkpoint`]), written after a step: the model in
//! training with its Adam state and stream of questions ([`crate::demos::resume`], as `training`),
//! the full models of the tasks before it (`seed-<s>.safetensors`, as kept, [`super::keep`]), and
//! `task.json`: which task trains and its loss as last measured.

use super::keep;
use super::run::{Trained, fresh};
use crate::demos::checkpoint::Checkpoint;
use crate::demos::down_scaling::DownScalingConfig;
use crate::demos::keep::{SavedFile, file};
use crate::demos::resume::{self, Trainee};
use crate::engine::EngineError;
use crate::models::shift_gpt::ShiftGpt;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

/// `task.json`.
#[derive(Serialize, Deserialize)]
struct TaskState {
    task: usize,
    last_loss: f64,
}

/// Where a resumed run goes on: the task in training, its model, and its loss as last measured.
pub(super) struct Resumed {
    pub(super) task: usize,
    pub(super) trainee: Trainee<ShiftGpt>,
    pub(super) last_loss: f64,
}

/// The files of a checkpoint while task `task` trains `trainee`, after the full models in `trained`.
pub(super) async fn save(
    trained: &Trained,
    trainee: &Trainee<ShiftGpt>,
    task: usize,
    last_loss: f64,
) -> Result<Vec<SavedFile>, EngineError> {
    let mut files = keep::save(trained, &serde_json::json!({ "checkpoint": { "task": task } })).await?;
    files.extend(resume::save(std::slice::from_ref(trainee), trainee.steps).await?);
    let state = serde_json::to_vec(&TaskState { task, last_loss }).map_err(|e| EngineError(e.to_string()))?;
    files.push(SavedFile { name: "task.json".into(), step: 0, bytes: state });
    Ok(files)
}

/// The run as `checkpoint` left it: the full models before it go into `trained`.
pub(super) async fn restore(
    config: &DownScalingConfig,
    checkpoint: &Checkpoint,
    device: &Device,
    trained: &Trained,
) -> Result<Resumed, EngineError> {
    let tasks = config.tasks();
    let state: TaskState = serde_json::from_slice(&file(&checkpoint.files, "task.json")?.bytes)
        .map_err(|e| EngineError(format!("the checkpoint's task.json: {e}")))?;
    let Some(task) = tasks.get(state.task) else {
        let why = format!("task {} of {}", state.task, tasks.len());
        return Err(EngineError(format!("the checkpoint does not fit these settings: {why}")));
    };
    keep::load_into(config, &checkpoint.files, trained, &tasks[..state.task]).await?;
    let (mut trainees, _) = resume::restore(checkpoint, vec![fresh(config, task, device)], config.steps)?;
    Ok(Resumed { task: state.task, trainee: trainees.remove(0), last_loss: state.last_loss })
}

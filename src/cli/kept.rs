//! `minima run … --save DIR` and `minima load DIR`: a run's trained models and results kept in a
//! folder, and read back to answer questions without training.
//!
//! ```text
//! DIR/run.json              {"demo", "config", "results": [...], "models": [{"file", "step"}]}
//! DIR/<model>.safetensors   each trained model (burn-store), its header in the metadata
//! DIR/<extra>.json          what the demo adds (path-star: probe.json, logits to check against)
//! ```

use super::{backend_of, print_event, queries};
use crate::demos::bundle::{KeptRun, SavedFile};
use crate::demos::{AfterRun, AskAfterRun, Control, DemoConfig, DemoResult, Event, Flow};
use crate::engine::{block_on, init_device};
use serde_json::Value;
use std::cell::RefCell;
use std::path::Path;
use std::process::ExitCode;

/// [`AskAfterRun`] that also keeps the trained models when asked to.
pub(super) struct KeepTo {
    ask: AskAfterRun,
    keeps: bool,
    files: RefCell<Vec<SavedFile>>,
}

impl KeepTo {
    pub(super) fn new(ask: AskAfterRun, keeps: bool) -> Self {
        Self { ask, keeps, files: RefCell::default() }
    }

    /// The files kept.
    pub(super) fn files(&self) -> Vec<SavedFile> {
        self.files.borrow().clone()
    }
}

impl Control for KeepTo {
    async fn between_steps(&self) -> Flow {
        self.ask.between_steps().await
    }

    async fn after_run(&self) -> Option<AfterRun> {
        self.ask.after_run().await
    }

    fn keeps(&self) -> bool {
        self.keeps
    }

    fn keep(&self, files: Vec<SavedFile>) {
        *self.files.borrow_mut() = files;
    }
}

/// Writes `files` and `run.json` (the config and `results`) into `dir`, created if need be.
pub(super) fn write(
    dir: &str,
    config: &DemoConfig,
    results: &[DemoResult],
    loss: Vec<Vec<(u64, f32)>>,
    files: Vec<SavedFile>,
) -> Result<(), String> {
    if files.is_empty() {
        return Err(format!("the {} run kept no models: nothing written to {dir}", config.id()));
    }
    let parts = vec![(0, config.total_steps())];
    let run = KeptRun { config: config.clone(), results: results.to_vec(), loss, parts, files };
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let text = serde_json::to_string_pretty(&run.run_json()).map_err(|e| e.to_string())?;
    let all =
        run.files.iter().map(|f| (f.name.as_str(), &f.bytes[..])).chain([("run.json", text.as_bytes())]);
    for (name, bytes) in all {
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    }
    eprintln!("minima: kept {} files and run.json in {}", run.files.len(), dir.display());
    Ok(())
}

/// `minima load DIR` (a `--save` folder, or the page's downloaded `.tar`): prints the kept results as
/// the run printed them, then answers every `--query` with the kept models.
pub(super) fn load(args: &[String], dir: &str) -> Result<ExitCode, String> {
    let path = Path::new(dir);
    let run = if path.is_file() {
        let bytes = std::fs::read(path).map_err(|e| format!("{dir}: {e}"))?;
        KeptRun::from_tar(&bytes).map_err(|e| format!("{dir}: {e}"))?
    } else {
        let read = |name: &str| {
            std::fs::read(path.join(name)).map_err(|e| format!("{}: {e}", path.join(name).display()))
        };
        let run: Value = serde_json::from_slice(&read("run.json")?).map_err(|e| format!("run.json: {e}"))?;
        KeptRun::from_run_json(&run, read)?
    };
    for r in &run.results {
        print_event(&Event::Result(r.clone()));
    }
    let backend = backend_of(args)?;
    let device = block_on(init_device(backend)).map_err(|e| e.to_string())?;
    let control = AskAfterRun::new(queries(args, run.config.id())?);
    let mut failed = None;
    block_on(run.config.answer_saved(&run.files, &device, &control, &mut |event| {
        if let Event::Error { message } = &event {
            failed = Some(message.clone());
        }
        print_event(&event);
    }));
    failed.map_or(Ok(ExitCode::SUCCESS), Err)
}

//! `minima run … --save DIR` and `minima load DIR`: a run's trained models and results kept in a
//! folder, and read back to answer questions without training.
//!
//! ```text
//! DIR/run.json              {"demo", "config", "results": [...], "models": [{"file", "step"}]}
//! DIR/<model>.safetensors   each trained model (burn-store), its header in the metadata
//! DIR/<extra>.json          what the demo adds (path-star: probe.json, logits to check against)
//! ```

use super::{backend_of, print_event, queries};
use crate::demos::keep::SavedFile;
use crate::demos::{AskAfterRun, Control, DemoConfig, DemoResult, Event, Flow, Query};
use crate::engine::{block_on, init_device};
use serde_json::{Value, json};
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

    async fn after_run(&self) -> Option<Query> {
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
    files: Vec<SavedFile>,
) -> Result<(), String> {
    if files.is_empty() {
        return Err(format!("the {} run kept no models: nothing written to {dir}", config.id()));
    }
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for f in &files {
        std::fs::write(dir.join(&f.name), &f.bytes)
            .map_err(|e| format!("{}: {e}", dir.join(&f.name).display()))?;
    }
    let config = serde_json::to_value(config).map_err(|e| e.to_string())?;
    let run = json!({
        "demo": config["demo"],
        "config": config["config"],
        "results": results,
        "files": files.iter().map(|f| json!({ "file": f.name, "step": f.step })).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&run).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("run.json"), text)
        .map_err(|e| format!("{}: {e}", dir.join("run.json").display()))?;
    eprintln!("minima: kept {} files and run.json in {}", files.len(), dir.display());
    Ok(())
}

/// `minima load DIR`: prints the kept results as the run printed them, then answers every
/// `--query` with the kept models.
pub(super) fn load(args: &[String], dir: &str) -> Result<ExitCode, String> {
    let dir = Path::new(dir);
    let read =
        |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()));
    let run: Value = serde_json::from_slice(&read("run.json")?).map_err(|e| format!("run.json: {e}"))?;
    let demo = run["demo"].as_str().ok_or("run.json names no demo")?;
    let config: DemoConfig = serde_json::from_value(json!({ "demo": demo, "config": run["config"] }))
        .map_err(|e| format!("run.json: the config for '{demo}': {e}"))?;
    let results: Vec<DemoResult> =
        serde_json::from_value(run["results"].clone()).map_err(|e| format!("run.json: the results: {e}"))?;
    let mut files = Vec::new();
    for f in run["files"].as_array().ok_or("run.json lists no files")? {
        let name = f["file"].as_str().ok_or("run.json: a file without a name")?;
        let step = f["step"].as_u64().unwrap_or(0) as usize;
        files.push(SavedFile { name: name.into(), step, bytes: read(name)? });
    }
    for r in results {
        print_event(&Event::Result(r));
    }
    let backend = backend_of(args)?;
    let device = block_on(init_device(backend)).map_err(|e| e.to_string())?;
    let control = AskAfterRun::new(queries(args, demo)?);
    let mut failed = None;
    block_on(config.answer_saved(&files, &device, &control, &mut |event| {
        if let Event::Error { message } = &event {
            failed = Some(message.clone());
        }
        print_event(&event);
    }));
    failed.map_or(Ok(ExitCode::SUCCESS), Err)
}

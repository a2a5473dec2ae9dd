//! Keeping what a run trained (the `train` build only): its models as `.safetensors` files
//! (burn-store), each with a JSON header of the demo, its config, the model's name and its step,
//! and loading them back so that they answer questions without training again.
//!
//! Native only for now (the command line): burn-store reads tensors synchronously, which WebGPU in
//! a browser does not allow, and the browser's modules would carry burn-store for nothing until
//! the page writes files. [`SavedFile`] is everywhere: the traits that name it are.

#[cfg(not(target_arch = "wasm32"))]
use crate::engine::EngineError;
#[cfg(not(target_arch = "wasm32"))]
use burn::module::Module;
#[cfg(not(target_arch = "wasm32"))]
use burn::store::{ModuleSnapshot, SafetensorsStore};
#[cfg(not(target_arch = "wasm32"))]
use serde_json::Value;

/// The key of a file's header in its safetensors metadata.
pub const HEADER_KEY: &str = "minima";

/// One file of a kept run: a model (`<name>.safetensors`) or a demo's extra (`<name>.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct SavedFile {
    /// File name, extension included.
    pub name: String,
    /// Optimiser steps of the model in it (0 for an extra).
    pub step: usize,
    /// The bytes.
    pub bytes: Vec<u8>,
}

#[cfg(not(target_arch = "wasm32"))]
/// `module` as safetensors bytes, with `header` (JSON) in its metadata under [`HEADER_KEY`].
pub fn to_safetensors<M: Module>(module: &M, header: &Value) -> Result<Vec<u8>, EngineError> {
    let mut store = SafetensorsStore::from_bytes(None).metadata(HEADER_KEY, header.to_string());
    module.save_into(&mut store).map_err(|e| EngineError(format!("saving the model failed: {e:?}")))?;
    store.get_bytes().map_err(|e| EngineError(format!("writing the safetensors file failed: {e:?}")))
}

#[cfg(not(target_arch = "wasm32"))]
/// Loads the weights of `file` into `module` (built with the same shape): every tensor must be
/// there and used, or the error names what does not match.
pub fn from_safetensors<M: Module>(module: &mut M, file: &SavedFile) -> Result<(), EngineError> {
    let mut store = SafetensorsStore::from_bytes(Some(file.bytes.clone()));
    let result = module
        .load_from(&mut store)
        .map_err(|e| EngineError(format!("{}: not a model of these settings ({e:?})", file.name)))?;
    if !result.missing.is_empty() || !result.unused.is_empty() || !result.errors.is_empty() {
        return Err(EngineError(format!(
            "{}: not a model of these settings (missing {:?}, unused {:?}, errors {:?})",
            file.name, result.missing, result.unused, result.errors
        )));
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
/// The file named `name` among `files`, or an error that says which is missing.
pub fn file<'a>(files: &'a [SavedFile], name: &str) -> Result<&'a SavedFile, EngineError> {
    files.iter().find(|f| f.name == name).ok_or_else(|| {
        let have: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        EngineError(format!("the saved run has no {name} (it has {})", have.join(", ")))
    })
}

//! Keeping what a run trained (the `train` build only): its models as `.safetensors` files, each
//! with a JSON header of the demo, its config, the model's name and its step, and loading them back
//! so that they answer questions without training again.
//!
//! The format is written and read here, in a few lines, rather than with burn-store: burn-store
//! reads tensors synchronously, which WebGPU in a browser does not allow, and it would add 4 % to
//! the CPU worker's download. A file is an 8-byte little-endian header length, the header (JSON:
//! each tensor's dtype, shape and byte range, and `__metadata__`), then the tensors' little-endian
//! bytes. Tensors are named by their module path (`blocks.0.attention.query.weight`), as burn-store
//! names them: the native tests load each writer's files with the other's reader.

use crate::demos::{Answerer, Event, NoAnswers, Query};
use crate::engine::{EngineError, read_floats};
use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::tensor::{Tensor, TensorData};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The key of a file's header in its safetensors metadata.
pub const HEADER_KEY: &str = "minima";

pub use crate::demos::bundle::SavedFile;

/// Collects every float parameter of a module with its path, still on its device.
#[derive(Default)]
struct Collect {
    path: Vec<String>,
    tensors: Vec<(String, Vec<usize>, Tensor<1>)>,
    ids: BTreeMap<String, u64>,
}

impl ModuleVisitor for Collect {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let value = param.val();
        let shape = value.dims().to_vec();
        let flat = value.reshape([shape.iter().product::<usize>()]);
        self.ids.insert(self.path.join("."), param.id.val());
        self.tensors.push((self.path.join("."), shape, flat));
    }
}

/// `module` as safetensors bytes, with `header` (JSON) in its metadata under [`HEADER_KEY`]. Reads
/// the weights asynchronously (WebGPU in a browser allows nothing else).
pub async fn to_safetensors<M: Module>(module: &M, header: &Value) -> Result<Vec<u8>, EngineError> {
    let mut collect = Collect::default();
    module.visit(&mut collect);
    let mut entries = Map::new();
    entries.insert("__metadata__".into(), json!({ HEADER_KEY: header.to_string() }));
    let mut data = Vec::new();
    for (name, shape, tensor) in collect.tensors {
        let begin = data.len();
        for x in read_floats(tensor).await? {
            data.extend_from_slice(&x.to_le_bytes());
        }
        entries.insert(name, json!({ "dtype": "F32", "shape": shape, "data_offsets": [begin, data.len()] }));
    }
    let mut head = Value::Object(entries).to_string().into_bytes();
    // The data starts 8-byte aligned (the format's recommendation), padded with spaces.
    head.resize(head.len().next_multiple_of(8), b' ');
    let mut bytes = Vec::with_capacity(8 + head.len() + data.len());
    bytes.extend_from_slice(&(head.len() as u64).to_le_bytes());
    bytes.extend(head);
    bytes.extend(data);
    Ok(bytes)
}

/// The tensors of a safetensors file by name (shape, values), and its metadata.
pub fn read_safetensors(name: &str, bytes: &[u8]) -> Result<(Tensors, Map<String, Value>), EngineError> {
    let bad = |why: &str| EngineError(format!("{name}: not a safetensors file ({why})"));
    let n = bytes.get(..8).ok_or_else(|| bad("shorter than 8 bytes"))?;
    let n = u64::from_le_bytes(n.try_into().map_err(|_| bad("no header length"))?) as usize;
    let head = bytes.get(8..8usize.saturating_add(n)).ok_or_else(|| bad("the header runs past the end"))?;
    let data = &bytes[8 + n..];
    let Ok(Value::Object(mut header)) = serde_json::from_slice::<Value>(head) else {
        return Err(bad("the header is not a JSON object"));
    };
    let metadata = match header.remove("__metadata__") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut tensors = BTreeMap::new();
    for (key, t) in header {
        if t["dtype"] != "F32" {
            return Err(EngineError(format!("{name}: tensor {key} is {}, not F32", t["dtype"])));
        }
        let shape: Vec<usize> = serde_json::from_value(t["shape"].clone()).map_err(|_| bad("a bad shape"))?;
        let range: [usize; 2] =
            serde_json::from_value(t["data_offsets"].clone()).map_err(|_| bad("bad offsets"))?;
        let raw = data.get(range[0]..range[1]).ok_or_else(|| bad("a tensor runs past the end"))?;
        if raw.len() != 4 * shape.iter().product::<usize>() {
            return Err(bad(&format!("tensor {key} has {} bytes for shape {shape:?}", raw.len())));
        }
        let values = raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        tensors.insert(key, (shape, values));
    }
    Ok((tensors, metadata))
}

/// Tensors by name: shape and row-major values.
pub type Tensors = BTreeMap<String, (Vec<usize>, Vec<f32>)>;

/// Every float parameter's id by module path: an optimiser's state is keyed by these ids, so a
/// checkpoint keeps them and [`from_safetensors_with_ids`] gives them back.
pub fn param_ids<M: Module>(module: &M) -> BTreeMap<String, u64> {
    let mut collect = Collect::default();
    module.visit(&mut collect);
    collect.ids
}

/// Replaces every float parameter by the tensor of its path (with the id `ids` has for the path, if
/// any), noting what does not match.
struct Apply {
    path: Vec<String>,
    tensors: Tensors,
    ids: BTreeMap<String, u64>,
    problems: Vec<String>,
}

impl ModuleMapper for Apply {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let path = self.path.join(".");
        let Some((shape, values)) = self.tensors.remove(&path) else {
            self.problems.push(format!("{path} is missing"));
            return param;
        };
        let expected = param.lazy_shape().to_vec();
        if shape != expected {
            self.problems.push(format!("{path} is {shape:?}, not {expected:?}"));
            return param;
        }
        let id = self.ids.get(&path).map_or(param.id, |&id| ParamId::from(id));
        let tensor = Tensor::from_data(TensorData::new(values, shape), &param.lazy_device());
        param.transform_for_load(tensor, id)
    }
}

/// Loads the weights of `file` into `module` (built with the same shape): every tensor must be
/// there, of the same shape, and used, or the error names what does not match.
pub fn from_safetensors<M: Module>(module: M, file: &SavedFile) -> Result<M, EngineError> {
    from_safetensors_with_ids(module, file, BTreeMap::new())
}

/// [`from_safetensors`], each parameter taking the id `ids` has for its path ([`param_ids`]).
pub fn from_safetensors_with_ids<M: Module>(
    module: M,
    file: &SavedFile,
    ids: BTreeMap<String, u64>,
) -> Result<M, EngineError> {
    let (tensors, _) = read_safetensors(&file.name, &file.bytes)?;
    let mut apply = Apply { path: Vec::new(), tensors, ids, problems: Vec::new() };
    let module = module.map(&mut apply);
    apply.problems.extend(apply.tensors.keys().map(|k| format!("{k} is not in this model")));
    if !apply.problems.is_empty() {
        return Err(EngineError(format!(
            "{}: not a model of these settings ({})",
            file.name,
            apply.problems.join("; ")
        )));
    }
    Ok(module)
}

/// The trained models of a demo that asks them no questions, each kept as `<name>.safetensors`: the
/// download holds them, and they load back (the figures come from the run's results).
pub struct KeptModels<M> {
    /// Each model's name (its file's, without `.safetensors`), the optimiser steps it took, the model.
    pub models: Vec<(String, usize, M)>,
}

impl<M> Default for KeptModels<M> {
    fn default() -> Self {
        Self { models: Vec::new() }
    }
}

impl<M: Module> Answerer for KeptModels<M> {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        NoAnswers.answer(query).await
    }

    async fn save(&self, header: &Value) -> Result<Vec<SavedFile>, EngineError> {
        let mut files = Vec::new();
        for (name, step, model) in &self.models {
            let mut about = header.clone();
            about["model"] = json!({ "name": name, "step": step });
            let bytes = to_safetensors(model, &about).await?;
            files.push(SavedFile { name: format!("{name}.safetensors"), step: *step, bytes });
        }
        Ok(files)
    }
}

impl<M: Module> KeptModels<M> {
    /// The models named in `shapes` from `files`, each loaded into the model beside its name (built
    /// with the run's settings).
    pub fn load(files: &[SavedFile], shapes: Vec<(String, M)>) -> Result<Self, EngineError> {
        let mut models = Vec::new();
        for (name, init) in shapes {
            let f = file(files, &format!("{name}.safetensors"))?;
            models.push((name, f.step, from_safetensors(init, f)?));
        }
        Ok(Self { models })
    }
}

/// A value's name in file names (a mode's, an arm's): its JSON name, as the settings spell it.
pub fn json_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// The file named `name` among `files`, or an error that says which is missing.
pub fn file<'a>(files: &'a [SavedFile], name: &str) -> Result<&'a SavedFile, EngineError> {
    files.iter().find(|f| f.name == name).ok_or_else(|| {
        let have: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        EngineError(format!("the saved run has no {name} (it has {})", have.join(", ")))
    })
}

/// Native tests' check that `trained`'s models survive their files: saved, loaded back (`load`) and
/// saved again, the files are byte for byte the same (every weight to the last bit); returns them.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn assert_round_trip<A: Answerer, B: Answerer>(
    trained: &A,
    load: impl FnOnce(&[SavedFile]) -> Result<B, EngineError>,
) -> Vec<SavedFile> {
    let header = json!({ "demo": "test" });
    let files = crate::engine::block_on(trained.save(&header)).unwrap();
    assert!(!files.is_empty(), "the run keeps its models");
    let loaded = load(&files).unwrap();
    assert_eq!(
        crate::engine::block_on(loaded.save(&header)).unwrap(),
        files,
        "the same weights, loaded back"
    );
    files
}

// Native only: `block_on`, and burn-store as the other implementation of the format.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::block_on;
    use crate::models::gpt::GptConfig;
    use burn::store::{ModuleSnapshot, SafetensorsStore};
    use burn::tensor::Device;

    fn gpt(seed: u64) -> crate::models::gpt::Gpt {
        GptConfig { vocab: 20, block_size: 12, d_model: 16, heads: 2, layers: 2 }.init(seed, &Device::flex())
    }

    fn weights(model: &crate::models::gpt::Gpt) -> Vec<(String, Vec<f32>)> {
        let mut collect = Collect::default();
        model.visit(&mut collect);
        collect.tensors.into_iter().map(|(n, _, t)| (n, block_on(read_floats(t)).unwrap())).collect()
    }

    #[test]
    fn burn_store_reads_these_files_and_these_readers_read_burn_stores() {
        let (a, b) = (gpt(1), gpt(2));
        assert_ne!(weights(&a), weights(&b));
        // Written here, read by burn-store.
        let bytes = block_on(to_safetensors(&a, &json!({ "demo": "test" }))).unwrap();
        let mut into = gpt(2);
        let result = into.load_from(&mut SafetensorsStore::from_bytes(Some(bytes.clone()))).unwrap();
        assert!(
            result.missing.is_empty() && result.unused.is_empty() && result.errors.is_empty(),
            "{result:?}"
        );
        assert_eq!(weights(&into), weights(&a));
        // Written by burn-store, read here.
        let mut store = SafetensorsStore::from_bytes(None);
        b.save_into(&mut store).unwrap();
        let theirs = SavedFile { name: "b.safetensors".into(), step: 0, bytes: store.get_bytes().unwrap() };
        assert_eq!(weights(&from_safetensors(gpt(1), &theirs).unwrap()), weights(&b));
        // The header is in the metadata.
        let (_, metadata) = read_safetensors("a", &bytes).unwrap();
        assert_eq!(metadata[HEADER_KEY], json!({ "demo": "test" }).to_string());
    }

    #[test]
    fn a_damaged_or_mismatched_file_is_refused_with_a_reason() {
        let file = |bytes| SavedFile { name: "m.safetensors".into(), step: 0, bytes };
        let bytes = block_on(to_safetensors(&gpt(1), &json!({}))).unwrap();
        let err = from_safetensors(gpt(2), &file(bytes[..bytes.len() - 4].to_vec())).err().unwrap();
        assert!(err.0.contains("runs past the end"), "{}", err.0);
        let err = from_safetensors(gpt(2), &file(vec![1, 2, 3])).err().unwrap();
        assert!(err.0.contains("not a safetensors file (shorter than 8 bytes)"), "{}", err.0);
        let wide = GptConfig { vocab: 20, block_size: 12, d_model: 32, heads: 2, layers: 2 };
        let err = from_safetensors(wide.init(0, &Device::flex()), &file(bytes)).err().unwrap();
        assert!(
            err.0.contains("not a model of these settings") && err.0.contains("[20, 16], not [20, 32]"),
            "{}",
            err.0
        );
    }
}

//! Checkpoints in the browser's own storage: the origin-private file system (OPFS), folder
//! `minima-checkpoints`, one run per demo: `<demo>.run.json` (its settings and parts,
//! [`SavedRun`]) and `<demo>.part-<i>.json` (each part's latest [`Checkpoint`]). A new run of the
//! demo replaces its files; a finished run, or the reader's "Discard", deletes them. At most
//! [`CAP_BYTES`] in all: past it, the other demos' runs go, oldest first.
//!
//! OPFS through `Reflect` (a handful of calls) rather than web-sys's unstable file-system bindings.

use crate::demos::checkpoint::{Checkpoint, SavedRun};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The most the checkpoints of all demos may take, in bytes.
pub const CAP_BYTES: usize = 128 << 20;

/// The folder's name.
const FOLDER: &str = "minima-checkpoints";

fn run_file(demo: &str) -> String {
    format!("{demo}.run.json")
}

fn part_file(demo: &str, part: usize) -> String {
    format!("{demo}.part-{part}.json")
}

fn said(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

/// `object.method(args…)`, awaited if it returns a promise.
async fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = Reflect::get(object, &method.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("this browser has no {method}"))?;
    let value = f.apply(object, &args.iter().collect::<Array>()).map_err(said)?;
    match value.dyn_into::<Promise>() {
        Ok(promise) => JsFuture::from(promise).await.map_err(said),
        Err(value) => Ok(value),
    }
}

/// `{ create: true }`.
fn create() -> JsValue {
    let options = Object::new();
    let _ = Reflect::set(&options, &"create".into(), &JsValue::TRUE);
    options.into()
}

/// The checkpoints' folder.
async fn folder() -> Result<JsValue, String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let storage = Reflect::get(&navigator, &"storage".into()).map_err(said)?;
    if storage.is_undefined() {
        return Err("this browser offers no storage for checkpoints".into());
    }
    let root = call(&storage, "getDirectory", &[]).await?;
    call(&root, "getDirectoryHandle", &[FOLDER.into(), create()]).await
}

/// Writes `data` (bytes, or a string as UTF-8) to file `name`, replacing it.
async fn write(folder: &JsValue, name: &str, data: JsValue) -> Result<(), String> {
    let handle = call(folder, "getFileHandle", &[name.into(), create()]).await?;
    let writable = call(&handle, "createWritable", &[]).await?;
    call(&writable, "write", &[data]).await?;
    call(&writable, "close", &[]).await.map(drop)
}

/// The file's bytes, or `None` if there is none.
async fn read(folder: &JsValue, name: &str) -> Option<Vec<u8>> {
    let handle = call(folder, "getFileHandle", &[name.into()]).await.ok()?;
    let file = call(&handle, "getFile", &[]).await.ok()?;
    let buffer = call(&file, "arrayBuffer", &[]).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

async fn remove(folder: &JsValue, name: &str) {
    let _ = call(folder, "removeEntry", &[name.into()]).await;
}

/// Every file in the folder: name, bytes, last modified (ms).
async fn files(folder: &JsValue) -> Vec<(String, usize, f64)> {
    let mut out = Vec::new();
    let Ok(names) = call(folder, "keys", &[]).await else { return out };
    while let Ok(next) = call(&names, "next", &[]).await {
        if Reflect::get(&next, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Some(name) = Reflect::get(&next, &"value".into()).ok().and_then(|v| v.as_string()) else { break };
        let Ok(handle) = call(folder, "getFileHandle", &[name.as_str().into()]).await else { continue };
        let Ok(file) = call(&handle, "getFile", &[]).await else { continue };
        let number =
            |key: &str| Reflect::get(&file, &key.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        out.push((name, number("size") as usize, number("lastModified")));
    }
    out
}

/// The checkpoint [`save`] wrote, or `None`.
fn from_json(bytes: &[u8]) -> Option<Checkpoint> {
    let value = js_sys::JSON::parse(std::str::from_utf8(bytes).ok()?).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// A new run of `run.config`'s demo: its old checkpoints go, the run's file is written.
pub async fn begin(run: &SavedRun) -> Result<(), String> {
    let folder = folder().await?;
    let demo = run.config.id();
    clear_in(&folder, demo).await;
    let bytes = serde_json::to_vec(run).map_err(|e| e.to_string())?;
    write(&folder, &run_file(demo), Uint8Array::from(&bytes[..]).into()).await
}

/// Writes part `part`'s latest checkpoint of `demo`'s run (a [`Checkpoint`] as the worker's
/// JSON-compatible serialiser wrote it, never decoded here), then keeps the folder under the cap.
pub async fn save(demo: &str, part: usize, checkpoint: &JsValue) -> Result<(), String> {
    let folder = folder().await?;
    let text = js_sys::JSON::stringify(checkpoint).map_err(said)?;
    // Characters: bytes too, since the JSON of numbers, names and base64 is ASCII.
    let size = text.length() as usize;
    if size > CAP_BYTES {
        return Err(format!("a checkpoint of {} MB is over the {} MB cap", size >> 20, CAP_BYTES >> 20));
    }
    write(&folder, &part_file(demo, part), text.into()).await?;
    // Over the cap: the other demos' runs go, the least recently written first.
    let mut all = files(&folder).await;
    let mut total: usize = all.iter().map(|f| f.1).sum();
    all.sort_by(|a, b| a.2.total_cmp(&b.2));
    for (name, size, _) in all {
        if total <= CAP_BYTES {
            break;
        }
        if !name.starts_with(&format!("{demo}.")) {
            remove(&folder, &name).await;
            total -= size;
        }
    }
    Ok(())
}

/// `demo`'s stored run with the checkpoints it has, if there is one.
pub async fn load(demo: &str) -> Option<SavedRun> {
    let folder = folder().await.ok()?;
    let mut run: SavedRun = serde_json::from_slice(&read(&folder, &run_file(demo)).await?).ok()?;
    let mut checkpoints = Vec::new();
    for part in 0..run.parts.len() {
        let bytes = read(&folder, &part_file(demo, part)).await;
        checkpoints.push(bytes.and_then(|b| from_json(&b)));
    }
    run.checkpoints = checkpoints;
    Some(run)
}

/// Deletes `demo`'s stored run.
pub async fn clear(demo: &str) {
    if let Ok(folder) = folder().await {
        clear_in(&folder, demo).await;
    }
}

async fn clear_in(folder: &JsValue, demo: &str) {
    for (name, ..) in files(folder).await {
        if name.starts_with(&format!("{demo}.")) {
            remove(folder, &name).await;
        }
    }
}

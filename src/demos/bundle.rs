//! A kept run (no burn: the page reads and writes it): `run.json` (the demo, its config, every result
//! the training measured and the model files) beside the models a demo keeps
//! ([`crate::demos::keep`]). The command line writes it as a folder; the page downloads it as one tar
//! archive (POSIX ustar, uncompressed: `tar xf` or Python's `tarfile` opens it) and loads it back.

use crate::demos::{DemoConfig, DemoResult};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

/// One file of a kept run: a model (`<name>.safetensors`) or a demo's extra (`<name>.json`). In JSON
/// (the worker's `kept` event) its bytes are base64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    /// File name, extension included.
    pub name: String,
    /// Optimiser steps of the model in it (0 for an extra).
    pub step: usize,
    /// The bytes.
    #[serde(serialize_with = "to_base64", deserialize_with = "from_base64")]
    pub bytes: Vec<u8>,
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Each byte's value in [`BASE64`], or 255 for a byte outside it: a lookup a character, since a page
/// decodes megabytes of checkpoints and models on its main thread.
const DECODE: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// `bytes` in standard base64, padded.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let c = if i <= chunk.len() { BASE64[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' };
            out.push(c);
        }
    }
    out
}

/// The bytes of standard base64 `text`, or why it is not.
pub fn unbase64(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut n, mut bits) = (0u32, 0);
    for &c in text {
        let v = match DECODE[c as usize] {
            255 => return Err("not base64".into()),
            v => u32::from(v),
        };
        (n, bits) = (n << 6 | v, bits + 6);
        if bits >= 8 {
            bits -= 8;
            out.push((n >> bits) as u8);
        }
    }
    Ok(out)
}

fn to_base64<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&base64(bytes))
}

fn from_base64<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    unbase64(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// A run read back: its configuration, what it measured and its model files.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptRun {
    /// The demo and its settings.
    pub config: DemoConfig,
    /// Every result the training measured.
    pub results: Vec<DemoResult>,
    /// The training loss of each task: (step of the task's part, loss) as reported.
    pub loss: Vec<Vec<(u64, f32)>>,
    /// The parts the run trained in, in parallel workers: (first task, steps). One on the command line.
    pub parts: Vec<(usize, u64)>,
    /// The models and extras (without `run.json`).
    pub files: Vec<SavedFile>,
}

impl KeptRun {
    /// `run.json`: the demo, its config, the results and the files beside it.
    pub fn run_json(&self) -> Value {
        let config = serde_json::to_value(&self.config).unwrap_or_default();
        json!({
            "demo": config["demo"],
            "config": config["config"],
            "results": self.results,
            "loss": self.loss,
            "parts": self.parts,
            "files": self.files.iter().map(|f| json!({ "file": f.name, "step": f.step })).collect::<Vec<_>>(),
        })
    }

    /// The run of `run.json` (`run`), its files read by `read` (name → bytes).
    pub fn from_run_json(
        run: &Value,
        read: impl Fn(&str) -> Result<Vec<u8>, String>,
    ) -> Result<Self, String> {
        let demo = run["demo"].as_str().ok_or("run.json names no demo")?;
        let config: DemoConfig = serde_json::from_value(json!({ "demo": demo, "config": run["config"] }))
            .map_err(|e| format!("run.json: the config for '{demo}': {e}"))?;
        let results = serde_json::from_value(run["results"].clone())
            .map_err(|e| format!("run.json: the results: {e}"))?;
        // Runs kept before the loss was: none.
        let loss = serde_json::from_value(run["loss"].clone()).unwrap_or_default();
        let parts =
            serde_json::from_value(run["parts"].clone()).unwrap_or_else(|_| vec![(0, config.total_steps())]);
        let mut files = Vec::new();
        for f in run["files"].as_array().ok_or("run.json lists no files")? {
            let name = f["file"].as_str().ok_or("run.json: a file without a name")?;
            let step = f["step"].as_u64().unwrap_or(0) as usize;
            files.push(SavedFile { name: name.into(), step, bytes: read(name)? });
        }
        Ok(Self { config, results, loss, parts, files })
    }

    /// The run as one tar archive: `run.json` first, then every file.
    pub fn to_tar(&self) -> Vec<u8> {
        let run = serde_json::to_string_pretty(&self.run_json()).unwrap_or_default().into_bytes();
        let mut tar = Vec::new();
        for (name, bytes) in
            std::iter::once(("run.json", &run)).chain(self.files.iter().map(|f| (f.name.as_str(), &f.bytes)))
        {
            tar.extend(tar_header(name, bytes.len()));
            tar.extend_from_slice(bytes);
            tar.resize(tar.len().next_multiple_of(512), 0);
        }
        tar.resize(tar.len() + 1024, 0);
        tar
    }

    /// The run in a tar archive made by [`KeptRun::to_tar`] (or by `tar cf` of a `--save` folder).
    pub fn from_tar(bytes: &[u8]) -> Result<Self, String> {
        let entries = untar(bytes)?;
        let read = |name: &str| {
            let found = entries.iter().find(|(n, _)| n == name || n.rsplit('/').next() == Some(name));
            found.map(|(_, b)| b.clone()).ok_or_else(|| format!("the archive has no {name}"))
        };
        let run: Value = serde_json::from_slice(&read("run.json")?).map_err(|e| format!("run.json: {e}"))?;
        Self::from_run_json(&run, read)
    }
}

/// A ustar header for a regular file `name` of `size` bytes.
fn tar_header(name: &str, size: usize) -> [u8; 512] {
    let mut h = [0u8; 512];
    let field =
        |h: &mut [u8; 512], at: usize, text: &str| h[at..at + text.len()].copy_from_slice(text.as_bytes());
    field(&mut h, 0, &name[..name.len().min(100)]);
    field(&mut h, 100, "0000644\0");
    field(&mut h, 108, "0000000\0");
    field(&mut h, 116, "0000000\0");
    field(&mut h, 124, &format!("{size:011o}\0"));
    field(&mut h, 136, "00000000000\0");
    h[156] = b'0';
    field(&mut h, 257, "ustar\0");
    field(&mut h, 263, "00");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    field(&mut h, 148, &format!("{sum:06o}\0 "));
    h
}

/// Every regular file of a tar archive: (name, bytes).
fn untar(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut entries = Vec::new();
    let mut at = 0;
    while at + 512 <= bytes.len() {
        let h = &bytes[at..at + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let text = |range: std::ops::Range<usize>| {
            String::from_utf8_lossy(&h[range]).trim_end_matches(['\0', ' ']).trim_start().to_string()
        };
        let size = usize::from_str_radix(&text(124..136), 8).map_err(|_| "not a tar archive (a bad size)")?;
        let (name, kind) = (text(0..100), h[156]);
        let data = bytes.get(at + 512..at + 512 + size).ok_or("the tar archive is cut short")?;
        if kind == b'0' || kind == 0 {
            entries.push((name, data.to_vec()));
        }
        at += 512 + size.next_multiple_of(512);
    }
    if entries.is_empty() {
        return Err("not a tar archive of a minima run (no files in it)".into());
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::sam::{Checkpoint, Method, SamConfig};

    #[test]
    fn base64_round_trips_every_length() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        for n in 0..10 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 200) as u8).collect();
            assert_eq!(unbase64(&base64(&bytes)).unwrap(), bytes);
        }
        assert!(unbase64("a$b").is_err());
    }

    #[test]
    fn a_run_survives_the_tar_archive() {
        let run = KeptRun {
            config: DemoConfig::from(SamConfig { epochs: 3, ..Default::default() }),
            results: vec![DemoResult::from(Checkpoint {
                method: Method::Sam,
                epoch: 3,
                rho: 0.1,
                train_accuracy: vec![1.0],
                // serde_json's default parser reads this one ulp off (3.854167312759482).
                hard_probe: vec![3.8541673127594827],
                easy_probe: vec![1.0],
            })],
            loss: vec![vec![(1, 2.5), (2, 2.25)], vec![(1, 0.5)]],
            parts: vec![(0, 2), (1, 1)],
            files: vec![
                SavedFile {
                    name: "a.safetensors".into(),
                    step: 7,
                    bytes: (0..1000).map(|i| i as u8).collect(),
                },
                SavedFile { name: "a.probe.json".into(), step: 0, bytes: b"{}".to_vec() },
            ],
        };
        let tar = run.to_tar();
        assert_eq!(tar.len() % 512, 0);
        let back = KeptRun::from_tar(&tar).unwrap();
        assert_eq!(back, run);
        assert_eq!(crate::demos::digest::digest(&back.results), crate::demos::digest::digest(&run.results));
        // A file the archive lacks, and something that is no archive, are named.
        let lacking =
            KeptRun::from_run_json(&run.run_json(), |name| Err(format!("the archive has no {name}")));
        assert_eq!(lacking.unwrap_err(), "the archive has no a.safetensors");
        assert!(KeptRun::from_tar(b"hello").unwrap_err().contains("not a tar archive"));
    }

    #[test]
    fn a_saved_file_travels_as_json_with_base64_bytes() {
        let f = SavedFile { name: "m.safetensors".into(), step: 3, bytes: vec![0, 255, 7] };
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["bytes"], "AP8H");
        assert_eq!(serde_json::from_value::<SavedFile>(json).unwrap(), f);
    }
}

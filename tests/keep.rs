//! `minima run … --save DIR` and `minima load DIR`, through the binary: a small path-star run kept
//! and loaded back prints the same results and answers a graph as the trained models did, without
//! training; a missing folder is named.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::process::{Command, Output};

fn minima(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minima")).args(args).output().expect("minima runs")
}

/// The events of `out`'s standard output.
fn events(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn of_kind<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    // Results and answers (an answer is `{"event": "answer", …}`, the same shape).
    events
        .iter()
        .filter(|e| ["result", "answer"].contains(&e["event"].as_str().unwrap_or_default()))
        .filter(|e| e["result"]["kind"] == kind)
        .collect()
}

/// `a` equals `b`, numbers to within 1e-6.
fn assert_close(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-6, "{at}: {x} against {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths");
            x.iter().zip(y).enumerate().for_each(|(i, (u, v))| assert_close(u, v, &format!("{at}[{i}]")));
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{at}: keys");
            x.iter().for_each(|(k, u)| assert_close(u, &y[k], &format!("{at}.{k}")));
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

#[test]
fn a_kept_path_star_run_loads_back_and_answers_as_it_did() {
    let dir = std::env::temp_dir().join(format!("minima-keep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        r#"{"steps": 40, "batch_size": 16, "warmup_steps": 5, "eval_every": 20, "eval_graphs": 30}"#,
    )
    .unwrap();
    let kept = dir.join("kept");
    let query = r#"{"text": "3,17|40,8|17,25|8,12|25,9|40,3|12,31|31,44/40,44"}"#;
    let (config, kept) = (config.to_str().unwrap(), kept.to_str().unwrap());
    let ran = minima(&["run", "path-star", "--config", config, "--query", query, "--save", kept]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    for file in
        ["run.json", "forward.safetensors", "reverse.safetensors", "forward.probe.json", "reverse.probe.json"]
    {
        assert!(std::path::Path::new(kept).join(file).exists(), "{file} kept");
    }
    let loaded = minima(&["load", kept, "--query", query]);
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    let (ran, loaded) = (events(&ran), events(&loaded));
    let evaluations = of_kind(&ran, "evaluation");
    assert_eq!(evaluations.len(), 4, "2 modes × steps 20 and 40");
    assert_eq!(of_kind(&loaded, "evaluation"), evaluations, "the kept results, as the run printed them");
    // The same answer, attention included: the paths exactly, the numbers to 1e-6 (a run and a
    // load in two processes have differed in the last bit of one attention share).
    // (An answer is no result of the run: run.json keeps none.)
    let (before, after) = (of_kind(&ran, "answer"), of_kind(&loaded, "answer"));
    assert_eq!((before.len(), after.len()), (1, 1), "one answer each, none kept");
    assert!(before.iter().chain(&after).all(|e| e["event"] == "answer"));
    assert_eq!(after[0]["result"]["paths"].as_array().unwrap().len(), 2);
    assert_close(after[0], before[0], "answer");
    assert!(!loaded.iter().any(|e| e["event"] == "progress" || e["event"] == "started"), "no training");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_folder_is_named() {
    let out = minima(&["load", "/nonexistent/kept"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/kept/run.json"));
}

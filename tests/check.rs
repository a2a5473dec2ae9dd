//! `minima check`, the command line's verdict: it runs a demo and exits 0 when every claim holds,
//! 1 when one does not. Run here, through the binary, at every demo's negative controls
//! (`Demo::CONTROLS`: exit 1, exactly the named claims judged "does not hold"), and at the
//! defaults of the demos whose default run takes seconds natively (exit 0, every claim holds). The
//! other demos' defaults run in their science tests, judged by the same evaluator
//! (`DemoConfig::verdicts`), which their logs record and the e2e tests compare with the page.
#![cfg(not(target_arch = "wasm32"))]

use minima::demos::DEMOS;
use serde_json::Value;
use std::process::Command;

/// Demos whose defaults `minima check` runs here (seconds each on 2 cores; the others take minutes).
const DEFAULTS_CHECKED: &[&str] = &["sam", "disagreement", "resmem"];

/// Runs `minima check DEMO --json [--config FILE]`: the exit code, the verdicts, and the output.
fn check(demo: &str, config: Option<&str>) -> (Option<i32>, Vec<Value>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minima"));
    command.args(["check", demo, "--json"]);
    if let Some(json) = config {
        let dir = std::env::temp_dir().join(format!("minima-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{demo}-{:016x}.json", fnv1a(json)));
        std::fs::write(&path, json).unwrap();
        command.arg("--config").arg(&path);
    }
    let out = command.output().expect("minima runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let text = stdout.clone() + &String::from_utf8_lossy(&out.stderr);
    let verdicts =
        stdout.lines().find_map(|l| serde_json::from_str::<Vec<Value>>(l).ok()).unwrap_or_default();
    (out.status.code(), verdicts, text)
}

/// A name for a configuration file (FNV-1a of its text).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// The verdicts, a line each: "id: state (shown)".
fn lines(verdicts: &[Value]) -> String {
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    verdicts
        .iter()
        .map(|v| format!("  {}: {} ({})\n", text(v, "id"), text(v, "state"), text(v, "shown")))
        .collect()
}

/// The ids of the verdicts in `state` ("holds", "does-not-hold", "not-decided").
fn in_state<'a>(verdicts: &'a [Value], state: &str) -> Vec<&'a str> {
    verdicts.iter().filter(|v| v["state"] == state).filter_map(|v| v["id"].as_str()).collect()
}

#[test]
fn check_exits_1_at_every_demos_negative_controls() {
    for demo in DEMOS {
        assert!(!demo.controls.is_empty(), "{}: no negative control", demo.id);
        for control in demo.controls {
            let (code, verdicts, text) = check(demo.id, Some(control.overrides));
            println!("{} at {}: exit {code:?}\n{}", demo.id, control.overrides, lines(&verdicts));
            assert_eq!(verdicts.len(), (demo.claims)().len(), "{}: every claim judged\n{text}", demo.id);
            assert_eq!(code, Some(1), "{} at {}: {text}", demo.id, control.overrides);
            let failed = in_state(&verdicts, "does-not-hold");
            assert_eq!(failed, control.fails.to_vec(), "{} at {}: {text}", demo.id, control.overrides);
        }
    }
}

#[test]
fn check_exits_0_where_every_claim_holds() {
    for id in DEFAULTS_CHECKED {
        let demo = DEMOS.iter().find(|d| d.id == *id).expect("a registered demo");
        let (code, verdicts, text) = check(demo.id, None);
        println!("{} at its defaults: exit {code:?}\n{}", demo.id, lines(&verdicts));
        assert_eq!(in_state(&verdicts, "holds"), (demo.claims)(), "{}: {text}", demo.id);
        assert_eq!(code, Some(0), "{}: {text}", demo.id);
        assert!(text.contains(&format!("{}: {n} of {n} claims hold", demo.id, n = verdicts.len())), "{text}");
    }
}

#[test]
fn check_explains_a_bad_configuration() {
    let (code, _, text) = check("sam", Some(r#"{"seeds": 0}"#));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("invalid configuration for 'sam'") && text.contains("seeds"), "{text}");
}

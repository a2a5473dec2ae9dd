//! `minima check`, the command line's verdict: it runs a demo and exits 0 when every claim holds,
//! 1 when one does not. Tested on SAM, whose runs take seconds: the defaults (every claim holds)
//! and its negative control ρ = 0, where SAM's step is SGD's and the hard-probe gap is exactly 0.
//! The other demos' negative controls run in their science tests, through the same evaluator.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn check(config: Option<&str>) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minima"));
    command.args(["check", "sam"]);
    let dir = std::env::temp_dir().join(format!("minima-check-{}", std::process::id()));
    if let Some(json) = config {
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        std::fs::write(&path, json).unwrap();
        command.arg("--config").arg(&path);
    }
    let out = command.output().expect("minima runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    println!("{text}");
    (out.status.code(), text)
}

#[test]
fn check_exits_0_when_the_claims_hold_and_1_at_the_negative_control() {
    let (code, text) = check(None);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("sam: 3 of 3 claims hold"), "{text}");
    let (code, text) = check(Some(r#"{"rho": 0.0}"#));
    assert_eq!(code, Some(1), "{text}");
    let line = text.lines().find(|l| l.starts_with("hard-probe-gap")).expect("the gap claim's line");
    assert!(line.contains("does not hold") && line.contains("+0.0 points"), "{line}");
}

#[test]
fn check_explains_a_bad_configuration() {
    let (code, text) = check(Some(r#"{"seeds": 0}"#));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("invalid configuration for 'sam'") && text.contains("seeds"), "{text}");
}

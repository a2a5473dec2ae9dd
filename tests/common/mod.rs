//! What the science tests share: their logs. Each test writes what it measured to
//! `tests/logs/NAME.json`; `scripts/readme-numbers.mjs` builds the tables of docs/demos/ from these
//! files, and `scripts/test.sh` fails when a table no longer matches its log (or a log no longer
//! matches what is committed), so a number in the README cannot drift from what the code does.

use serde_json::Value;

/// Writes `value` (numbers rounded to 4 decimals) as `tests/logs/NAME.json`.
pub fn write_log(name: &str, value: Value) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logs").join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&round(value)).expect("a log is JSON");
    std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn round(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => {
            let v = (n.as_f64().unwrap_or(0.0) * 1e4).round() / 1e4;
            serde_json::json!(v)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(round).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, round(v))).collect()),
        other => other,
    }
}

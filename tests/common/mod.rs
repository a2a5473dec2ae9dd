//! What the science tests share: their logs. Each test writes what it measured to
//! `tests/logs/NAME.json`, with the machine it ran on; `scripts/readme-numbers.mjs` builds the
//! tables of docs/demos/ from these files, and `scripts/test.sh` fails when a table no longer
//! matches its log, or a log no longer matches what is committed from the same machine
//! (`scripts/logs-check.mjs`), so a number in the README cannot drift from what the code does.
//! Another processor sums floats in another order (its matrix kernels follow its vector units), so
//! its numbers differ in the last digits, and after many steps at the level of the seeds' noise:
//! there the check reports the differences instead of failing.

use minima::demos::claims::{State, Verdict};
use serde_json::Value;

/// Writes `value` (numbers rounded to 4 decimals), with the [`machine`], as `tests/logs/NAME.json`.
pub fn write_log(name: &str, value: Value) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logs").join(format!("{name}.json"));
    let mut value = round(value);
    if let Value::Object(map) = &mut value {
        map.insert("machine".into(), Value::String(machine()));
    }
    let text = serde_json::to_string_pretty(&value).expect("a log is JSON");
    std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The processor, as far as it decides the float arithmetic: its model and the vector extensions
/// the matrix kernels choose between ("AMD EPYC; avx2 fma").
pub fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map_or(String::new(), |(_, v)| v.trim().to_string())
    };
    let flags = field("flags");
    let simd: Vec<&str> = ["avx2", "fma", "avx512f"]
        .into_iter()
        .filter(|f| flags.split_whitespace().any(|g| g == *f))
        .collect();
    format!("{}; {}", field("model name"), simd.join(" "))
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

/// Demo `D`'s claims judged on `results` ([`minima::demos::claims`]), printed as `minima check`
/// prints them. Every bound lives in the claim: a science test asserts only states.
#[allow(dead_code)]
pub fn judge<D: minima::demos::Demo>(config: &D::Config, results: &[D::Result]) -> Vec<Verdict> {
    let refs: Vec<&D::Result> = results.iter().collect();
    let verdicts = minima::demos::claims::judge(D::CLAIMS, config, &refs);
    print!("{}", minima::demos::claims::table(&verdicts));
    verdicts
}

/// The verdicts as a log's `claims` field: id, state, value, as shown, and where decided.
#[allow(dead_code)]
pub fn claims_log(verdicts: &[Verdict]) -> Value {
    Value::Array(
        verdicts
            .iter()
            .map(|v| {
                serde_json::json!({
                    "id": v.id, "state": v.state, "value": v.value, "shown": v.shown, "at": v.at, "bound": v.bound,
                    "reference": v.reference, "source": v.source,
                })
            })
            .collect(),
    )
}

/// Asserts that claim `id` is in `state`.
#[allow(dead_code)]
pub fn assert_claim(verdicts: &[Verdict], id: &str, state: State) {
    let v = verdicts.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no claim {id}: {verdicts:?}"));
    assert_eq!(v.state, state, "claim {id}: {} (bound {}, at {:?})", v.shown, v.bound, v.at);
}

/// Asserts that every claim holds.
#[allow(dead_code)]
pub fn assert_all_hold(verdicts: &[Verdict]) {
    assert!(!verdicts.is_empty(), "no claims judged");
    for v in verdicts {
        assert_claim(verdicts, &v.id, State::Holds);
    }
}

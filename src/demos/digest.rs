//! A run's digest: one SHA-256 over everything its training measured, so that two runs of the same
//! settings can be compared exactly by comparing 64 hexadecimal digits. No burn: the page computes it.
//!
//! What it covers: every result event the training emitted ([`crate::session::RunState::measured`]),
//! none replaced, answers to questions left out (they depend on what was asked, and when). Each result
//! is written as JSON (serde_json: the shortest text that reads back to the same `f32` or `f64`), with
//! its wall-clock fields removed (every key named `seconds` or ending in `_seconds`: how long a part
//! took is measured by a clock, not computed); the lines are sorted, because parts training in
//! parallel workers deliver in any order, and joined with newlines. [`canonical`] is that text; the
//! digest is its SHA-256, so anyone can check it with `sha256sum`.

use crate::demos::DemoResult;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Whether the key `key` of a result holds a wall-clock time (left out of the digest).
pub fn is_wall_clock(key: &str) -> bool {
    key == "seconds" || key.ends_with("_seconds")
}

/// `value` without its wall-clock fields, at any depth.
pub(crate) fn without_wall_clock(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !is_wall_clock(k))
                .map(|(k, v)| (k, without_wall_clock(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_wall_clock).collect()),
        other => other,
    }
}

/// The text the digest hashes: one JSON line per result, wall-clock fields removed, sorted.
pub fn canonical(results: &[DemoResult]) -> String {
    let mut lines: Vec<String> = results
        .iter()
        .map(|r| serde_json::to_value(r).map(without_wall_clock).map(|v| v.to_string()).unwrap_or_default())
        .collect();
    lines.sort_unstable();
    lines.join("\n")
}

/// SHA-256 of `text`, as 64 lower-case hexadecimal digits.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of `results` ([`canonical`], hashed).
pub fn digest(results: &[DemoResult]) -> String {
    sha256_hex(&canonical(results))
}

/// A short fingerprint of a configuration (its JSON, keys in serde's order): the first 16 digits of its
/// SHA-256. A shared run names the settings it was recorded with by it.
pub fn fingerprint(config: &Value) -> String {
    sha256_hex(&config.to_string())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::sam::{Checkpoint, Method, SamConfig};

    fn epoch(epoch: usize, accuracy: f64) -> DemoResult {
        DemoResult::from(Checkpoint {
            method: Method::Sgd,
            epoch,
            rho: 0.0,
            train_accuracy: vec![accuracy],
            hard_probe: vec![0.5],
            easy_probe: vec![1.0],
        })
    }

    #[test]
    fn the_digest_is_sha256_of_the_canonical_text() {
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let results = [epoch(1, 0.5)];
        assert_eq!(digest(&results), sha256_hex(&canonical(&results)));
        assert_eq!(digest(&results).len(), 64);
    }

    #[test]
    fn order_does_not_matter_and_one_bit_does() {
        let (a, b) = (epoch(1, 0.5), epoch(2, 0.25));
        assert_eq!(digest(&[a.clone(), b.clone()]), digest(&[b.clone(), a.clone()]));
        let nudged = epoch(2, f64::from_bits(0.25f64.to_bits() + 1));
        assert_ne!(digest(&[a.clone(), b]), digest(&[a.clone(), nudged]));
        // A result seen twice is not the same run as one seen once.
        assert_ne!(digest(std::slice::from_ref(&a)), digest(&[a.clone(), a]));
    }

    #[test]
    fn wall_clock_fields_are_left_out_at_any_depth() {
        let value = serde_json::json!({ "seconds": 3.5, "a": [{ "digits_seconds": 1.0, "b": 2 }], "c": 1 });
        assert_eq!(without_wall_clock(value), serde_json::json!({ "a": [{ "b": 2 }], "c": 1 }));
        assert!(is_wall_clock("playground_seconds") && !is_wall_clock("second_moment"));
    }

    #[test]
    fn the_fingerprint_names_the_settings() {
        let config =
            |seed| serde_json::to_value(SamConfig { data_seed: seed, ..Default::default() }).unwrap();
        assert_eq!(fingerprint(&config(1)), fingerprint(&config(1)));
        assert_ne!(fingerprint(&config(1)), fingerprint(&config(2)));
        assert_eq!(fingerprint(&config(1)).len(), 16);
    }
}

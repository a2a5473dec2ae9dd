//! Each demo's speed on a reference machine, so that a first visit sees a time before any run:
//! `bench/reference-speeds.mjs` opens every demo at its defaults in headless Chromium on flex,
//! trains it and reads the speed the page itself measured (work per second, as [`super::speed`]
//! computes it), with the page's calibration score ([`super::calibrate`]); it writes the log named
//! in `reference.json` and `reference.json`, compiled in here.
//!
//! A run's speed here, before this browser has measured one of the demo's, is the reference's
//! speed scaled by this device's score over the reference machine's.

use crate::engine::Backend;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const REFERENCE: &str = include_str!("reference.json");

/// The reference machine's measurements.
#[derive(Debug, Deserialize)]
pub struct Reference {
    /// The log the numbers come from, from the repository's root.
    pub log: String,
    /// The machine, in words.
    pub machine: String,
    /// Its calibration score (Mflop/s of `www/boot.js`'s product, rounded: [`super::calibrate`]).
    pub score: f64,
    /// Each demo's speed at its defaults on flex: million floating-point operations per second,
    /// rounded.
    pub speeds: BTreeMap<String, f64>,
}

/// The reference, parsed once.
pub fn reference() -> &'static Reference {
    static PARSED: OnceLock<Reference> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(REFERENCE).expect("src/estimate/reference.json is valid"))
}

/// The speed (operations per second) a run of `demo` on `backend` can expect on a device whose
/// calibration score is `score`: the reference's, scaled. Only for the CPU: a GPU's speed is not
/// a CPU's score away.
pub fn expected_speed(demo: &str, backend: Backend, score: f64) -> Option<f64> {
    let r = reference();
    let mflops = *r.speeds.get(demo)?;
    (backend == Backend::Flex && score.is_finite() && score > 0.0).then(|| mflops * 1e6 * score / r.score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_has_a_reference_speed_from_its_log() {
        let r = reference();
        let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), r.log);
        let log = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", r.log));
        assert!(
            log.contains(&format!("calibration score {} Mflop/s", r.score)),
            "the score {} is in {}",
            r.score,
            r.log
        );
        for demo in crate::demos::DEMOS {
            let speed = r.speeds.get(demo.id).unwrap_or_else(|| panic!("{}: no reference speed", demo.id));
            assert!(
                log.contains(&format!("\n{} | {speed} |", demo.id)),
                "{} {speed} is in {}",
                demo.id,
                r.log
            );
        }
        assert_eq!(r.speeds.len(), crate::demos::DEMOS.len(), "no speed of a demo that is not registered");
    }

    #[test]
    fn the_speed_scales_with_the_score_on_the_cpu_only() {
        let r = reference();
        let (demo, speed) = r.speeds.iter().next().unwrap();
        assert_eq!(expected_speed(demo, Backend::Flex, r.score), Some(speed * 1e6));
        assert_eq!(expected_speed(demo, Backend::Flex, 2.0 * r.score), Some(2e6 * speed));
        assert_eq!(expected_speed(demo, Backend::Wgpu, r.score), None);
        assert_eq!(expected_speed("no-such-demo", Backend::Flex, r.score), None);
        assert_eq!(expected_speed(demo, Backend::Flex, 0.0), None);
    }
}

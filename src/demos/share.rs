//! A run shared as a link that can be checked: the link carries the settings (as every run link does)
//! and what the run recorded ([`Recorded`]: backend, steps, seconds, the settings' fingerprint, the
//! results' digest and each claim's verdict and value). Opening it shows the recorded numbers at once;
//! re-running it in another browser says whether that browser reproduced them ([`compare`]). No burn.
//!
//! In the URL ([`crate::settings::SHARE_KEYS`]): `digest=<64 hex>`,
//! `recorded=<backend>,<steps>,<seconds>,<fingerprint>` and `claims=<id>_<state>_<value>,…` (the value
//! empty for a claim not decided).

use crate::demos::DemoResult;
use crate::demos::claims::{State, Verdict};
use crate::demos::digest::{digest, fingerprint};
use crate::engine::Backend;
use serde_json::Value;

/// On WebGPU (and between backends) the last bits may differ: a re-run reproduces the recording when
/// every claim has the same verdict and each value lies within this much of the recorded one, or
/// within [`RELATIVE_TOLERANCE`] of it.
pub const ABSOLUTE_TOLERANCE: f64 = 0.01;
/// See [`ABSOLUTE_TOLERANCE`].
pub const RELATIVE_TOLERANCE: f64 = 0.02;

/// One claim as a run recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedClaim {
    /// The claim's id.
    pub id: String,
    /// Its verdict.
    pub state: State,
    /// The value measured, if any.
    pub value: Option<f64>,
}

/// What a finished run recorded, to share and to compare with.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// Where it trained.
    pub backend: Backend,
    /// Optimiser steps taken.
    pub steps: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The settings' fingerprint ([`fingerprint`]).
    pub config: String,
    /// The results' digest ([`digest`]).
    pub digest: String,
    /// Every claim, in the demo's order.
    pub claims: Vec<RecordedClaim>,
}

/// Whether a run reproduced a recorded one.
#[derive(Clone, Debug, PartialEq)]
pub enum Reproduction {
    /// The same digest: every result the same to the last bit.
    Exact,
    /// Not bit for bit, but the same verdicts and values within the tolerance (expected where either
    /// run was on WebGPU).
    WithinTolerance,
    /// Not reproduced; says what differs.
    Differs(String),
}

impl Reproduction {
    /// The word for the outcome (in the page's `data-reproduced` and the embedding API).
    pub fn key(&self) -> &'static str {
        match self {
            Reproduction::Exact => "exact",
            Reproduction::WithinTolerance => "within-tolerance",
            Reproduction::Differs(_) => "differs",
        }
    }
}

impl Recorded {
    /// The record of a finished run of `config` (JSON) with these results and verdicts.
    pub fn of(
        backend: Backend,
        steps: u64,
        seconds: f64,
        config: &Value,
        measured: &[DemoResult],
        verdicts: &[Verdict],
    ) -> Self {
        let claims = verdicts
            .iter()
            .map(|v| RecordedClaim { id: v.id.clone(), state: v.state, value: v.value })
            .collect();
        Self { backend, steps, seconds, config: fingerprint(config), digest: digest(measured), claims }
    }

    /// The URL pairs of the record ([`SHARE_KEYS`]).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let claims: Vec<String> = self
            .claims
            .iter()
            .map(|c| {
                format!("{}_{}_{}", c.id, c.state.key(), c.value.map(|v| v.to_string()).unwrap_or_default())
            })
            .collect();
        vec![
            ("digest".into(), self.digest.clone()),
            (
                "recorded".into(),
                format!("{},{},{:.1},{}", self.backend.key(), self.steps, self.seconds, self.config),
            ),
            ("claims".into(), claims.join(",")),
        ]
    }

    /// The record in URL `pairs`: `None` without one; an error a person can act on when it is damaged.
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<Result<Self, String>> {
        let get = |k: &str| pairs.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let digest = get("digest")?;
        let damaged = |what: &str| {
            Err(format!("the link's recorded run is damaged ({what}); re-run it to measure anew"))
        };
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(damaged("its digest is not 64 hexadecimal digits"));
        }
        let recorded: Vec<&str> = get("recorded").unwrap_or_default().split(',').collect();
        let [backend, steps, seconds, config] = recorded[..] else {
            return Some(damaged("`recorded` is not backend,steps,seconds,fingerprint"));
        };
        let (Some(backend), Ok(steps), Ok(seconds)) =
            (Backend::parse(backend), steps.parse(), seconds.parse())
        else {
            return Some(damaged("`recorded` has a bad backend, step count or time"));
        };
        let mut claims = Vec::new();
        for text in get("claims").unwrap_or_default().split(',').filter(|t| !t.is_empty()) {
            let parts: Vec<&str> = text.split('_').collect();
            let [id, state, value] = parts[..] else { return Some(damaged("a claim is not id_state_value")) };
            let Some(state) = State::parse(state) else {
                return Some(damaged("a claim's state is not holds, does-not-hold or not-decided"));
            };
            let value = match value {
                "" => None,
                v => match v.parse::<f64>() {
                    Ok(v) => Some(v),
                    Err(_) => return Some(damaged("a claim's value is not a number")),
                },
            };
            claims.push(RecordedClaim { id: id.into(), state, value });
        }
        let (config, digest) = (config.to_string(), digest.to_ascii_lowercase());
        Some(Ok(Self { backend, steps, seconds, config, digest, claims }))
    }
}

/// Whether `run` (this browser's) reproduced `recorded` (of the same settings: compare
/// [`Recorded::config`] first).
pub fn compare(recorded: &Recorded, run: &Recorded) -> Reproduction {
    if run.digest == recorded.digest {
        return Reproduction::Exact;
    }
    let mut differ = Vec::new();
    for r in &recorded.claims {
        let Some(here) = run.claims.iter().find(|c| c.id == r.id) else {
            differ.push(format!("{}: this version has no such claim", r.id));
            continue;
        };
        if here.state != r.state {
            differ.push(format!("{}: {} here, {} there", r.id, here.state.key(), r.state.key()));
        } else if let (Some(a), Some(b)) = (here.value, r.value)
            && (a - b).abs() > ABSOLUTE_TOLERANCE.max(RELATIVE_TOLERANCE * b.abs())
        {
            differ.push(format!("{}: {a} here, {b} there", r.id));
        }
    }
    let flex_both = recorded.backend == Backend::Flex && run.backend == Backend::Flex;
    if differ.is_empty() && !flex_both {
        return Reproduction::WithinTolerance;
    }
    if flex_both {
        // Flex in WebAssembly computes the same bits on every machine: any difference is a real one.
        differ.insert(
            0,
            "the results' digest differs, and on the CPU both runs should match bit for bit".into(),
        );
    }
    Reproduction::Differs(differ.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(backend: Backend, value: f64, digest: &str) -> Recorded {
        Recorded {
            backend,
            steps: 700,
            seconds: 49.4,
            config: "0123456789abcdef".into(),
            digest: digest.repeat(64),
            claims: vec![
                RecordedClaim { id: "reverse-solves".into(), state: State::Holds, value: Some(value) },
                RecordedClaim { id: "forcing-guesses".into(), state: State::NotDecided, value: None },
            ],
        }
    }

    #[test]
    fn a_record_survives_the_url() {
        let r = recorded(Backend::Flex, 0.9765625, "a");
        let query = crate::settings::to_query(&r.to_pairs());
        assert!(
            query.contains("claims=reverse-solves_holds_0.9765625,forcing-guesses_not-decided_"),
            "{query}"
        );
        let back = Recorded::from_pairs(&crate::settings::parse_query(&query)).unwrap().unwrap();
        assert_eq!(back, r);
        assert_eq!(Recorded::from_pairs(&[]), None);
    }

    #[test]
    fn a_damaged_record_is_refused_with_a_reason() {
        let mut pairs = recorded(Backend::Flex, 0.5, "b").to_pairs();
        pairs[0].1.pop();
        let err = Recorded::from_pairs(&pairs).unwrap().unwrap_err();
        assert!(err.contains("64 hexadecimal digits"), "{err}");
        let mut pairs = recorded(Backend::Flex, 0.5, "b").to_pairs();
        pairs[2].1 = "reverse-solves_maybe_1".into();
        let err = Recorded::from_pairs(&pairs).unwrap().unwrap_err();
        assert!(err.contains("not holds, does-not-hold or not-decided"), "{err}");
    }

    #[test]
    fn exact_within_tolerance_or_not() {
        let there = recorded(Backend::Flex, 0.90, "a");
        assert_eq!(compare(&there, &recorded(Backend::Flex, 0.90, "a")), Reproduction::Exact);
        // On the CPU another digest is a difference even when the claims agree.
        let cpu = compare(&there, &recorded(Backend::Flex, 0.90, "c"));
        assert!(matches!(&cpu, Reproduction::Differs(why) if why.contains("bit for bit")), "{cpu:?}");
        // On WebGPU the claims are compared within the tolerance: 0.90 vs 0.91 is within 0.02 × 0.9.
        assert_eq!(compare(&there, &recorded(Backend::Wgpu, 0.91, "c")), Reproduction::WithinTolerance);
        let far = compare(&there, &recorded(Backend::Wgpu, 0.80, "c"));
        assert!(
            matches!(&far, Reproduction::Differs(why) if why.contains("reverse-solves: 0.8 here, 0.9 there"))
        );
        let mut flipped = recorded(Backend::Wgpu, 0.90, "c");
        flipped.claims[1].state = State::Holds;
        let flipped = compare(&there, &flipped);
        assert!(
            matches!(&flipped, Reproduction::Differs(why) if why.contains("holds here, not-decided there"))
        );
    }
}

//! Where the effect should vanish, and the switch midway: the variants the page links to, each
//! with what it changes and why; and what they gave natively here, read from
//! `src/demos/distillation/limits.json` (written by `bench/distillation-limits.mjs`, compiled in). The
//! page labels those numbers as measured natively, not in the browser that shows them.

use super::Pair;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The committed log, as the script writes it.
const LOG: &str = include_str!("limits.json");

/// One variant the page links to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// The variant's key in the log.
    pub key: &'static str,
    /// The link's text.
    pub label: &'static str,
    /// The settings it changes, as a URL query after `#demo=distillation`.
    pub query: &'static str,
    /// What to expect, and why.
    pub why: &'static str,
}

/// The variants, in the page's order.
pub const LIMITS: &[Limit] = &[
    Limit {
        key: "default",
        label: "The default run",
        query: "",
        why: "20 % flipped labels, Adam, 100 epochs: the teacher is unsure on the flipped points, and the student more \
            so.",
    },
    Limit {
        key: "no-flip",
        label: "No flipped labels",
        query: "&flip_fraction=0",
        why: "The teacher is sure almost everywhere: there is little doubt to exaggerate.",
    },
    Limit {
        key: "flip-40",
        label: "40 % flipped",
        query: "&flip_fraction=0.4",
        why: "More doubt, a steeper slope.",
    },
    Limit {
        key: "teacher-300",
        label: "Teacher trained 300 epochs",
        query: "&epochs=300",
        why: "It memorises the flipped labels, so its confidence no longer says which labels are wrong.",
    },
    Limit {
        key: "sgd-0.01",
        label: "SGD + momentum, step 0.01",
        query: "&optimizer=sgd_momentum&learning_rate=0.01",
        why: "A small SGD step: the teacher stops short of the flipped labels and predicts most of their true \
            classes.",
    },
    Limit {
        key: "sgd-0.05",
        label: "SGD + momentum, step 0.05",
        query: "&optimizer=sgd_momentum&learning_rate=0.05",
        why: "A larger step: the teacher memorises much of the flipped labels, as at 300 epochs.",
    },
    Limit {
        key: "sgd-0.1",
        label: "SGD + momentum, step 0.1",
        query: "&optimizer=sgd_momentum&learning_rate=0.1",
        why: "The teacher fits every given label.",
    },
    Limit {
        key: "switch-50",
        label: "Student switched to the teacher at epoch 50",
        query: "&switch_epoch=50",
        why: "The paper's switch midway: the student learns the labels first, then the teacher's probabilities.",
    },
    Limit {
        key: "labels-only",
        label: "Student never distilled",
        query: "&switch_epoch=100",
        why: "The 'student' learns the labels throughout: a second teacher, the baseline for what distillation gains.",
    },
];

/// The log: where and when it ran, and every variant's pairs.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct LimitsLog {
    /// The command that wrote it.
    pub command: String,
    /// The machine.
    pub machine: String,
    /// The day it ran.
    pub date: String,
    /// Every variant.
    pub variants: Vec<Measured>,
}

/// One variant as measured.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Measured {
    /// Its key.
    pub key: String,
    /// The settings changed from the defaults.
    pub settings: BTreeMap<String, serde_json::Value>,
    /// Every seed's pair, as the run reported it.
    pub pairs: Vec<Pair>,
    /// Seconds the classifier view took.
    pub seconds: f64,
}

/// The log, parsed once (a unit test parses it, so a bad commit fails the tests, not the page).
pub fn log() -> &'static LimitsLog {
    static PARSED: OnceLock<LimitsLog> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(LOG).expect("src/demos/distillation/limits.json parses"))
}

/// What the log holds for `key`.
pub fn measured(key: &str) -> Option<&'static Measured> {
    log().variants.iter().find(|v| v.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::distillation::DistillationConfig;
    use crate::settings::{from_pairs, parse_query};

    #[test]
    fn every_link_is_measured_with_the_settings_it_sets() {
        for limit in LIMITS {
            let m = measured(limit.key).unwrap_or_else(|| panic!("{} is not in the log", limit.key));
            assert!(m.pairs.len() == DistillationConfig::default().seeds, "{}", limit.key);
            let (linked, problems) = from_pairs::<DistillationConfig>(&parse_query(limit.query));
            assert!(problems.is_empty(), "{}: {problems:?}", limit.key);
            let mut logged = serde_json::to_value(DistillationConfig::default()).unwrap();
            for (k, v) in &m.settings {
                logged[k] = v.clone();
            }
            let logged: DistillationConfig = serde_json::from_value(logged).unwrap();
            assert_eq!(linked, logged, "{}: the link and the log differ", limit.key);
        }
        assert_eq!(log().variants.len(), LIMITS.len(), "the log has variants the page does not link");
    }
}

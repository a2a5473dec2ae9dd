//! The demos: one folder each, and the one list of them ([`registry!`] below).
//!
//! A demo's folder holds two sides of a boundary that the split build (page module without
//! burn, worker modules with it) follows:
//! - describing it, no burn: `mod.rs` (its [`Demo`] impl: id, texts, paper, result type),
//!   `config.rs` (defaults documented on the fields, explicit seeds), `table.rs` (its settings
//!   table: URL keys, controls and every bound), `results.rs` (what its runs report) and
//!   `reference.rs` (numbers measured elsewhere, with their sources);
//! - training it, only with the `train` feature: `train/` (its [`Train`] impl: data on the
//!   device, models, the loop).
//!
//! The list of demos is the folders themselves: `build.rs` finds each `<folder>/mod.rs` with its
//! `impl Demo for <Type>` and writes the module declarations and the one [`registry!`] invocation
//! that this file includes. Everything that lists demos (configs and results as JSON, validation
//! and training dispatch, the page router, the landing page, the CLI, the embedding docs, the
//! tests' counts) comes from that list. Adding a demo: see docs/adding-a-demo.md.

pub mod bundle;
pub mod checkpoint;
pub mod claims;
#[cfg(feature = "train")]
pub mod controls;
pub mod demo;
pub mod digest;
#[cfg(feature = "train")]
pub mod epochs;
pub mod event;
#[cfg(feature = "train")]
pub mod keep;
pub mod reference;
pub mod registry;
#[cfg(feature = "train")]
pub mod resume;
pub mod share;
#[cfg(feature = "train")]
pub mod timing;
#[cfg(feature = "train")]
pub mod train;

pub use crate::estimate::cost::CostCase;
pub use crate::settings::Problem;
#[cfg(feature = "train")]
pub use controls::{AskAfterRun, RunToEnd, StopAtVerdict};
pub use demo::{Demo, NoQuery, Paper, Part};
pub use event::Event;
pub use registry::{DemoInfo, Registered, ids};
#[cfg(feature = "train")]
pub use train::{AfterRun, Answerer, Control, Flow, NoAnswers, Ran, Train};
#[cfg(feature = "train")]
pub(crate) use train::{StepReport, after_step};

use crate::settings::Settings;
use registry::registry;

// `pub mod <folder>;` for each demo folder, `registry! { <folder>::<Type>, … }` and
// `for_each_demo!` (build.rs).
include!(concat!(env!("OUT_DIR"), "/demos.rs"));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{format_value, parse_query};

    #[test]
    fn events_and_configs_have_a_stable_json_shape() {
        let e = Event::Progress { task: 1, step: 2, total_steps: 3, loss: 0.5 };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"event":"progress","task":1,"step":2,"total_steps":3,"loss":0.5}"#
        );
        let c: DemoConfig = serde_json::from_str(r#"{"demo":"disagreement","config":{"models":3}}"#).unwrap();
        assert!(matches!(c, DemoConfig::Disagreement(ref d) if d.models == 3));
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["demo"], "disagreement");
        assert_eq!(back["config"]["models"], 3);
        let unknown = serde_json::from_str::<DemoConfig>(r#"{"demo":"nope","config":{}}"#).unwrap_err();
        assert!(unknown.to_string().contains("no demo called 'nope'"), "{unknown}");
        let bad = serde_json::from_str::<DemoConfig>(r#"{"demo":"sam","config":{"rho":"x"}}"#);
        assert!(bad.is_err());
    }

    #[test]
    fn result_events_carry_their_demo_and_round_trip() {
        let checkpoint = sam::Checkpoint {
            method: sam::Method::Sam,
            epoch: 5,
            rho: 0.1,
            train_accuracy: vec![1.0],
            hard_probe: vec![0.8],
            easy_probe: vec![1.0],
        };
        let event = Event::result(checkpoint.clone());
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!((json["event"].as_str(), json["demo"].as_str()), (Some("result"), Some("sam")));
        assert_eq!(json["result"]["epoch"], 5);
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
        let Event::Result(result) = back else { panic!("not a result") };
        assert_eq!(sam::Sam::result_of(&result), Some(&checkpoint));
        assert_eq!(disagreement::Disagreement::result_of(&result), None);
    }

    #[test]
    fn only_a_newer_answer_makes_an_older_result_obsolete() {
        let answer = |k| {
            DemoResult::from(resmem::Report::Answer(resmem::Answer {
                surface: None,
                measurements: vec![],
                playground_seconds: 0.0,
                digits_seconds: k,
            }))
        };
        let checkpoint = DemoResult::from(sam::Checkpoint {
            method: sam::Method::Sgd,
            epoch: 1,
            rho: 0.0,
            train_accuracy: vec![],
            hard_probe: vec![],
            easy_probe: vec![],
        });
        assert!(answer(2.0).replaces(&answer(1.0)));
        assert!(!answer(2.0).replaces(&checkpoint));
        assert!(!checkpoint.replaces(&checkpoint));
        assert_eq!((answer(1.0).id(), checkpoint.id()), ("resmem", "sam"));
    }

    /// The decimal numbers of a reference's value ("0.96–1.14 (mean 1.047)": 0.96, 1.14, 1.047).
    fn numbers(value: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        for c in value.chars().chain([' ']) {
            if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
                current.push(c);
            } else {
                if current.contains('.') && !current.ends_with('.') {
                    out.push(current.clone());
                }
                current.clear();
            }
        }
        out
    }

    /// `defaults` with the fields of the JSON object `overrides` replaced; each must be a field.
    fn overridden(defaults: &serde_json::Value, overrides: &str, demo: &str) -> serde_json::Value {
        let overrides: serde_json::Value = serde_json::from_str(overrides).unwrap();
        let mut value = defaults.clone();
        for (k, v) in overrides.as_object().expect("overrides are a JSON object") {
            assert!(value.get(k).is_some(), "{demo}: {k} is no field of the configuration");
            value[k] = v.clone();
        }
        value
    }

    /// Every demo, from the one list: ids unique and URL-safe, its table covers exactly its
    /// config's fields, defaults valid and round-tripping through the URL, every row's bounds
    /// enforced by `validate`, and references with a source.
    #[test]
    fn every_registered_demo_is_complete() {
        // One demo per folder with a mod.rs, and each has its browser test (tests/browser/).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let folders: Vec<String> = std::fs::read_dir(root.join("src/demos"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("mod.rs").is_file())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(DEMOS.len(), folders.len(), "{folders:?}");
        assert!(DEMOS.len() >= 8, "the eight demos built so far are registered");
        for folder in &folders {
            let test = root.join("tests/browser").join(format!("{folder}.rs"));
            assert!(test.is_file(), "demo folder {folder} has no browser test {}", test.display());
        }
        let ids: Vec<&str> = DEMOS.iter().map(|d| d.id).collect();
        for (i, demo) in DEMOS.iter().enumerate() {
            assert!(!ids[..i].contains(&demo.id), "{} listed twice", demo.id);
            assert!(demo.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", demo.id);
            assert!(!demo.title.is_empty() && !demo.summary.is_empty() && !demo.paper.title.is_empty());
            let defaults = (demo.defaults)();
            let fields: Vec<&String> = defaults.as_object().expect("a config is an object").keys().collect();
            assert_eq!(
                fields.len(),
                demo.settings.len(),
                "{}: a field without a row, or a row without a field",
                demo.id
            );
            for setting in demo.settings {
                assert!(
                    fields.iter().any(|f| *f == setting.key),
                    "{}: row {} names no field",
                    demo.id,
                    setting.key
                );
            }
            assert_eq!((demo.check)(defaults.clone()), vec![], "{}: defaults invalid", demo.id);
            let config = DemoConfig::defaults(demo.id).unwrap();
            assert_eq!(config.id(), demo.id);
            assert!(config.total_steps() > 0, "{}", demo.id);
            // URL round trip of the defaults.
            let query: Vec<String> = demo
                .settings
                .iter()
                .map(|s| format!("{}={}", s.key, format_value(&defaults[s.key])))
                .collect();
            let (back, problems) = (demo.from_pairs)(&parse_query(&query.join("&")));
            assert_eq!(problems, vec![], "{}", demo.id);
            assert_eq!(back, defaults, "{}", demo.id);
            // Each row's bounds are enforced by validate, through the table alone.
            for setting in demo.settings {
                let Some(bad) = setting.kind.out_of_bounds() else { continue };
                let mut value = defaults.clone();
                value[setting.key] = bad;
                let problems = (demo.check)(value);
                assert!(
                    problems.iter().any(|p| p.key == setting.key),
                    "{}: {} out of bounds not caught: {problems:?}",
                    demo.id,
                    setting.key
                );
            }
            // Its cost cases (tests/cost.rs runs them) are valid configurations.
            assert!(demo.cost_cases.len() >= 2, "{}: fewer than two cost cases", demo.id);
            for case in demo.cost_cases {
                let value = overridden(&defaults, case.overrides, demo.id);
                assert_eq!((demo.check)(value), vec![], "{}: cost case {}", demo.id, case.overrides);
            }
            // Its claims: at least one, ids unique, and nothing decided before a run.
            let verdicts = config.verdicts(&[]);
            assert!(!verdicts.is_empty(), "{}: no claims", demo.id);
            for (i, v) in verdicts.iter().enumerate() {
                assert!(!verdicts[..i].iter().any(|w| w.id == v.id), "{}: claim {} twice", demo.id, v.id);
                assert!(
                    v.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{}",
                    v.id
                );
                assert_eq!(v.state, claims::State::NotDecided, "{}: {} decided on no results", demo.id, v.id);
                assert!(!v.shown.is_empty() && !v.statement.is_empty() && !v.section.is_empty(), "{v:?}");
            }
            // Its negative controls (tests/check.rs runs them): valid configurations, each naming
            // claims of the demo that must not hold there.
            assert!(!demo.controls.is_empty(), "{}: no negative control", demo.id);
            for control in demo.controls {
                let value = overridden(&defaults, control.overrides, demo.id);
                assert_eq!((demo.check)(value), vec![], "{}: control {}", demo.id, control.overrides);
                assert!(!control.fails.is_empty() && !control.why.is_empty(), "{}: {control:?}", demo.id);
                for id in control.fails {
                    assert!((demo.claims)().contains(id), "{}: control fails no claim {id}", demo.id);
                }
            }
            for r in demo.references {
                assert!(!r.what.is_empty() && !r.value.is_empty(), "{}: {r:?}", demo.id);
                // A source that names a file of the repository: the file is there and every
                // number of the value is in it.
                let file = match r.source {
                    reference::Source::Log(file) => Some(file),
                    // A reference script's source is its committed log: nothing outside the
                    // repository (a pilot, an issue) can be checked by its readers.
                    reference::Source::NumPy(f) | reference::Source::PyTorch(f) => {
                        assert!(
                            f.starts_with("bench/reference/"),
                            "{}: {r:?} names no log of bench/reference/",
                            demo.id
                        );
                        Some(f)
                    }
                    reference::Source::Paper(_) => None,
                };
                if let Some(file) = file {
                    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
                    let text = std::fs::read_to_string(&path)
                        .unwrap_or_else(|e| panic!("{}: reference log {file}: {e}", demo.id));
                    // Each number of the value is one of the log's, rounded as the value writes it.
                    let logged: Vec<f64> = numbers(&text).iter().filter_map(|n| n.parse().ok()).collect();
                    for number in numbers(r.value) {
                        let decimals = number.len() - number.find('.').map_or(number.len(), |i| i + 1);
                        let (value, half) =
                            (number.parse::<f64>().unwrap(), 0.5 * 10f64.powi(-(decimals as i32)));
                        assert!(
                            logged.iter().any(|l| (l - value).abs() <= half + 1e-12),
                            "{}: {number} of '{}' is not in {file}",
                            demo.id,
                            r.value
                        );
                    }
                }
            }
        }
    }
}

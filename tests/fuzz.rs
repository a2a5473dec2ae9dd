//! Property tests (proptest) over every demo of the registry: URL pairs of any key and any text —
//! valid values, the edges of each row's bounds just inside and outside, and garbage — go through
//! parsing and validation without a panic, and every rejected value is named; configurations
//! inside every bound, with their sizes clamped small, take real steps natively without a panic
//! or an error; and any JSON message goes through the embed protocol's parser without a panic.
//! Each property prints how many cases it ran (`cargo test --release --test fuzz -- --nocapture`).
#![cfg(not(target_arch = "wasm32"))]

use burn::tensor::Device;
use minima::demos::{Control, DEMOS, DemoConfig, Event, Flow};
use minima::embed::protocol::{self, Parsed, Request};
use minima::engine::{Backend, block_on};
use minima::settings::{Kind, PAGE_KEYS, parse_value};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{Value, json};
use std::cell::Cell;

/// Cases per property for the parsers, and for the real runs (each takes a step or two).
const CASES: u32 = 512;
const RUNS: u32 = 120;

/// Texts a person or a page might put in a URL value.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u32>().prop_map(|v| v.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        (-1e3f64..1e3).prop_map(|v| v.to_string()),
        prop::collection::vec(0u32..2000, 0..10).prop_map(|v| v
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")),
        prop::sample::select(vec![
            "",
            " ",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "1e999",
            "-0",
            "0x10",
            "1,,2",
            ",",
            "1;2",
            "١٢",
            "true",
            "null",
            "on",
            "off",
            "forced,reverse",
            "pool4",
            "raw8",
            "alldiff",
            "sgd,sam",
            "18446744073709551616",
            "99999999999999999999999999",
            "1.5",
            "-1",
            "0",
            "%00",
            "<script>",
        ])
        .prop_map(String::from),
        "\\PC{0,16}",
    ]
}

/// A value at an edge of `kind`'s bounds (`pick` chooses which), as URL text.
fn edge(kind: Kind, pick: u8) -> String {
    match kind {
        Kind::Int { min, max } | Kind::IntList { min, max, .. } => {
            [min.saturating_sub(1), min, max, max.saturating_add(1)][pick as usize % 4].to_string()
        }
        Kind::Float { min, max } | Kind::FloatList { min, max, .. } => {
            [min - 1e-9, min, max, max * (1.0 + 1e-9) + 1e-9][pick as usize % 4].to_string()
        }
        Kind::Choice { options } | Kind::ChoiceList { options } => {
            options[pick as usize % options.len()].0.to_string()
        }
    }
}

/// A runner of `cases` cases that writes no regression files (a failure prints its input). Its
/// draws are the same on every run (CI is reproducible); `MINIMA_FUZZ_RANDOM=1` draws new ones.
fn runner(cases: u32) -> TestRunner {
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    if std::env::var_os("MINIMA_FUZZ_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

/// Any pairs: no panic; every value its row rejects is named; an accepted set validates.
#[test]
fn url_pairs_are_parsed_and_every_rejected_value_is_named() {
    let strategy =
        (0..DEMOS.len(), prop::collection::vec((any::<u16>(), any::<u8>(), any::<bool>(), text()), 0..8));
    let rejected = Cell::new(0usize);
    runner(CASES)
        .run(&strategy, |(demo, raw)| {
            let info = DEMOS[demo];
            let table = info.settings;
            let mut pairs: Vec<(String, String)> = Vec::new();
            for (k, pick, at_edge, garbage) in raw {
                // Mostly real keys, sometimes one that is not.
                let (key, value) = match table.get(k as usize % (table.len() + 1)) {
                    Some(row) if at_edge => (row.key.to_string(), edge(row.kind, pick)),
                    Some(row) => (row.key.to_string(), garbage),
                    None => (format!("no_such_{k}"), garbage),
                };
                if !pairs.iter().any(|(k, _)| *k == key) {
                    pairs.push((key, value));
                }
            }
            let (config, problems) = (info.from_pairs)(&pairs);
            for (key, value) in &pairs {
                let named = problems.iter().any(|p| p.key == *key);
                match table.iter().find(|s| s.key == key) {
                    Some(row) if parse_value(row.kind, value).is_err() => {
                        rejected.set(rejected.get() + 1);
                        prop_assert!(
                            named,
                            "{}: {key}={value:?} rejected without a problem: {problems:?}",
                            info.id
                        );
                    }
                    Some(_) => {}
                    None if !PAGE_KEYS.contains(&key.as_str()) => {
                        prop_assert!(named, "{}: unknown key {key} not named", info.id)
                    }
                    None => {}
                }
            }
            prop_assert!(problems.iter().all(|p| !p.message.is_empty()));
            // Whatever was read is a valid configuration (bad values fell back to their defaults).
            prop_assert_eq!((info.check)(config), vec![]);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "fuzz: {CASES} cases of URL pairs over {} demos, {} rejected values, each named",
        DEMOS.len(),
        rejected.get()
    );
}

/// Any configuration inside every bound, its whole numbers clamped small, takes real steps.
#[test]
fn accepted_configurations_take_real_steps() {
    let strategy = (0..DEMOS.len(), prop::collection::vec((any::<bool>(), any::<u32>(), 0.0f64..1.0), 32));
    let (ran, skipped) = (Cell::new(0usize), Cell::new(0usize));
    runner(RUNS)
        .run(&strategy, |(demo, picks)| {
            let info = DEMOS[demo];
            let mut value = (info.defaults)();
            for (row, &(change, n, u)) in info.settings.iter().zip(&picks) {
                if change {
                    value[row.key] = small_value(row.key, row.kind, n, u);
                }
            }
            let config = serde_json::from_value::<DemoConfig>(json!({"demo": info.id, "config": value}))
                .map_err(|e| {
                    TestCaseError::fail(format!("{}: the table's values do not form a config: {e}", info.id))
                })?;
            if !config.validate().is_empty() {
                // A joint rule (heads divide the width, …) that the small values broke: no run.
                skipped.set(skipped.get() + 1);
                return Ok(());
            }
            ran.set(ran.get() + 1);
            let device = Device::flex().autodiff();
            let control = Steps(Cell::new(0));
            let mut errors = Vec::new();
            let mut steps = 0u64;
            block_on(config.run(Backend::Flex, &device, &control, &mut |e| match e {
                Event::Error { message } => errors.push(message),
                Event::Progress { step, .. } => steps = steps.max(step),
                _ => {}
            }));
            prop_assert!(errors.is_empty(), "{}: {config:?}: {errors:?}", info.id);
            prop_assert!(steps >= 1, "{}: no step reported: {config:?}", info.id);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "fuzz: {RUNS} configurations drawn, {} ran two steps each, {} broke a joint rule",
        ran.get(),
        skipped.get()
    );
    assert!(ran.get() * 2 >= RUNS as usize, "most drawn configurations must run");
}

/// A value of `kind` inside its bounds, whole numbers at most 7 above the minimum (seeds
/// anywhere), from the draws `n` and `u`.
fn small_value(key: &str, kind: Kind, n: u32, u: f64) -> Value {
    match kind {
        Kind::Int { min, max } if key.ends_with("seed") => json!(min + u64::from(n) % (max - min + 1)),
        Kind::Int { min, max } => json!(min + u64::from(n) % (max.min(min + 7) - min + 1)),
        Kind::IntList { min, max, max_len } => {
            let len = 1 + n as usize % max_len.min(3);
            json!(
                (0..len)
                    .map(|i| min + (u64::from(n) >> i) % (max.min(min + 7) - min + 1))
                    .collect::<Vec<_>>()
            )
        }
        Kind::Float { min, max } => json!(min + u * (max - min)),
        Kind::FloatList { min, max, max_len } => {
            let len = 1 + n as usize % max_len.min(3);
            json!((0..len).map(|i| min + (u * (i + 1) as f64).fract() * (max - min)).collect::<Vec<_>>())
        }
        Kind::Choice { options } => json!(options[n as usize % options.len()].0),
        Kind::ChoiceList { options } => {
            let chosen: Vec<&str> =
                options.iter().enumerate().filter(|(i, _)| n >> i & 1 == 1).map(|(_, o)| o.0).collect();
            if chosen.is_empty() { json!([options[0].0]) } else { json!(chosen) }
        }
    }
}

/// Any JSON message: the embed parser answers without a panic; a setConfig's pairs go through
/// every demo's settings without one.
#[test]
fn embed_messages_are_parsed_or_rejected() {
    let kinds = ["play", "pause", "step", "reset", "getState", "setConfig", "export", "nope", ""];
    let counts = Cell::new([0usize; 3]);
    runner(CASES)
        .run(&(json_value(), any::<bool>(), 0..kinds.len()), |(message, minima, kind)| {
            let data = match (minima, message) {
                (true, Value::Object(mut m)) => {
                    m.insert("minima".into(), json!(1));
                    m.entry("type").or_insert(json!(kinds[kind]));
                    Value::Object(m)
                }
                (_, other) => other,
            };
            let mut c = counts.get();
            match protocol::parse(&data) {
                Parsed::Rejected { reason, .. } => {
                    c[1] += 1;
                    prop_assert!(!reason.is_empty());
                }
                Parsed::Request { request, .. } => {
                    c[2] += 1;
                    if let Request::SetConfig(pairs) = request {
                        for info in DEMOS {
                            let _ = (info.from_pairs)(&pairs);
                        }
                    }
                }
                Parsed::NotOurs => c[0] += 1,
            }
            counts.set(c);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let [ignored, rejected, accepted] = counts.get();
    println!(
        "fuzz: {CASES} embed messages: {accepted} requests, {rejected} rejected with a reason, {ignored} not minima's"
    );
    assert!(accepted > 0 && rejected > 0, "both kinds of message were drawn");
}

/// JSON of any shape, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("config".to_string()),
                        Just("format".to_string()),
                        Just("id".to_string()),
                        "[a-z_]{1,10}"
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Runs two steps, then stops.
struct Steps(Cell<u32>);

impl Control for Steps {
    async fn between_steps(&self) -> Flow {
        let asked = self.0.get() + 1;
        self.0.set(asked);
        if asked > 2 { Flow::Stop } else { Flow::Run }
    }
}

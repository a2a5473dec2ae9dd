//! Settings tables: one declarative table per demo says, for every setting, its URL key, label,
//! help text and type with bounds. From that one table come URL (de)serialisation, the messages
//! for bad values, and the page's controls (in the spirit of tensorflow/playground's `state.ts`).

mod url;
mod values;

pub use values::{format_value, parse_value, sorted_unique};

pub use url::{parse_query, to_query};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One problem with a configuration, for people: which setting and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The setting's key, as in the URL.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem with setting `key`.
    pub fn new(key: &str, message: impl Into<String>) -> Self {
        Self { key: key.into(), message: message.into() }
    }

    /// The problem, on setting `key`, when a transformer's width `d_model` does not split into
    /// `heads` heads.
    pub fn heads_divide(key: &str, d_model: usize, heads: usize) -> Option<Self> {
        let divides = d_model.is_multiple_of(heads.max(1));
        (!divides)
            .then(|| Self::new(key, format!("d_model {d_model} is not a multiple of the {heads} heads")))
    }

    /// The problem when a learning rate's decay ends above its peak ([`Setting::MIN_LEARNING_RATE`]).
    pub fn rates_ordered(min: f64, peak: f64) -> Option<Self> {
        (min > peak).then(|| Self::new("learning_rate", "needs min ≤ peak"))
    }
}

/// The type of a setting and its allowed values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Int { min: u64, max: u64 },
    /// A real number in `min..=max`.
    Float { min: f64, max: f64 },
    /// A comma-separated list of 1..=`max_len` whole numbers, each in `min..=max`.
    IntList { min: u64, max: u64, max_len: usize },
    /// A comma-separated list of 1..=`max_len` real numbers, each in `min..=max`.
    FloatList { min: f64, max: f64, max_len: usize },
    /// One of the listed values (`value`, label for people).
    Choice { options: &'static [(&'static str, &'static str)] },
    /// A comma-separated list of distinct listed values, at least one.
    ChoiceList { options: &'static [(&'static str, &'static str)] },
}

impl Kind {
    /// A seed: any whole number that fits in 32 bits.
    pub const SEED: Kind = Kind::Int { min: 0, max: u32::MAX as u64 };

    /// A whole number within a config's `(min, max)` bounds.
    pub const fn int(bounds: (usize, usize)) -> Kind {
        Kind::Int { min: bounds.0 as u64, max: bounds.1 as u64 }
    }

    /// A list of 1..=`max_len` whole numbers, each within `(min, max)`.
    pub const fn int_list(bounds: (usize, usize), max_len: usize) -> Kind {
        Kind::IntList { min: bounds.0 as u64, max: bounds.1 as u64, max_len }
    }

    /// A JSON value just outside the bounds, for tests of the checks (`None` for choices, which
    /// the config's types already restrict, and for ranges that cover every value).
    pub fn out_of_bounds(self) -> Option<Value> {
        match self {
            Kind::Int { min, max } | Kind::IntList { min, max, .. } => {
                let v = if max < u64::MAX {
                    max + 1
                } else if min > 0 {
                    min - 1
                } else {
                    return None;
                };
                Some(if matches!(self, Kind::Int { .. }) { Value::from(v) } else { Value::from(vec![v]) })
            }
            Kind::Float { max, .. } => Some(Value::from(max.abs() * 2.0 + 1.0)),
            Kind::FloatList { max, .. } => Some(Value::from(vec![max.abs() * 2.0 + 1.0])),
            Kind::Choice { .. } | Kind::ChoiceList { .. } => None,
        }
    }

    /// The allowed values, for people: "a whole number in 1..=100", ….
    pub fn describe(self) -> String {
        let names = |options: &[(&str, &str)]| options.iter().map(|(v, _)| *v).collect::<Vec<_>>().join(", ");
        match self {
            Kind::Int { min, max } => format!("a whole number in {min}..={max}"),
            Kind::Float { min, max } => format!("a number in {min}..={max}"),
            Kind::IntList { min, max, max_len } => {
                format!("1 to {max_len} comma-separated whole numbers in {min}..={max}")
            }
            Kind::FloatList { min, max, max_len } => {
                format!("1 to {max_len} comma-separated numbers in {min}..={max}")
            }
            Kind::Choice { options } => format!("one of {}", names(options)),
            Kind::ChoiceList { options } => format!("a comma-separated list of {}", names(options)),
        }
    }
}

/// One row of a settings table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    /// Key in the URL and field name in the config's JSON.
    pub key: &'static str,
    /// Short label for the control.
    pub label: &'static str,
    /// One sentence for people: what it changes.
    pub help: &'static str,
    /// Type and bounds.
    pub kind: Kind,
}

impl Setting {
    /// A whole-number setting in `min..=max`.
    pub const fn int(
        key: &'static str,
        label: &'static str,
        help: &'static str,
        min: u64,
        max: u64,
    ) -> Setting {
        Setting { key, label, help, kind: Kind::Int { min, max } }
    }

    /// The data seed row: `help` says what it seeds.
    pub const fn data_seed(help: &'static str) -> Setting {
        Setting { key: "data_seed", label: "Data seed", help, kind: Kind::SEED }
    }

    /// The initialisation seed row: `help` says what it seeds.
    pub const fn init_seed(help: &'static str) -> Setting {
        Setting { key: "init_seed", label: "Initialisation seed", help, kind: Kind::SEED }
    }

    /// The learning-rate row, within `(min, max)`.
    pub const fn learning_rate(bounds: (f64, f64), help: &'static str) -> Setting {
        Setting {
            key: "learning_rate",
            label: "Learning rate",
            help,
            kind: Kind::Float { min: bounds.0, max: bounds.1 },
        }
    }

    /// The evaluation seed row: `help` says what it seeds.
    pub const fn eval_seed(help: &'static str) -> Setting {
        Setting { key: "eval_seed", label: "Evaluation seed", help, kind: Kind::SEED }
    }

    /// Where a learning rate's cosine decay ends (`training::schedule`), after the peak's row.
    pub const MIN_LEARNING_RATE: Setting = Setting {
        key: "min_learning_rate",
        label: "Minimum learning rate",
        help: "Where the cosine decay ends.",
        kind: Kind::Float { min: 0.0, max: 1.0 },
    };

    /// Steps of a learning rate's linear warm-up (`training::schedule`).
    pub const WARMUP_STEPS: Setting =
        Setting::int("warmup_steps", "Warm-up steps", "Linear warm-up of the learning rate.", 0, 100_000);

    /// The global gradient-norm clip row (`training::grads`): `help` says what it does.
    pub const fn gradient_clip(help: &'static str) -> Setting {
        Setting { key: "clip", label: "Gradient clip", help, kind: Kind::Float { min: 1e-3, max: 1e3 } }
    }

    /// The batch-size row, within `(min, max)`.
    pub const fn batch_size(bounds: (usize, usize), help: &'static str) -> Setting {
        Setting { key: "batch_size", label: "Batch size", help, kind: Kind::int(bounds) }
    }

    /// The problem with `value` (this setting's JSON value in a config), if it breaks the row.
    /// The check is the URL parser's: the value is written as URL text and read back.
    pub fn check(&self, value: Option<&Value>) -> Option<Problem> {
        let message = match value {
            None => "missing".to_string(),
            Some(Value::Null) => "is not a number".to_string(),
            Some(v) => parse_value(self.kind, &format_value(v)).err()?,
        };
        Some(Problem::new(self.key, message))
    }
}

/// A demo configuration described by a settings table.
pub trait Settings: Serialize + DeserializeOwned + Default + Clone + PartialEq {
    /// Every setting, in the order the page shows them. Its bounds are the only ones: a
    /// config's single values are checked against the table, nowhere else.
    const TABLE: &'static [Setting];

    /// Problems that join settings (heads divide the width, …). Bounds of single values are
    /// the table's job. None by default.
    fn problems(&self) -> Vec<Problem> {
        Vec::new()
    }

    /// Every problem: each value against its table row, then [`Settings::problems`] (which
    /// must not trust single values: it runs on out-of-bounds ones too).
    fn validate(&self) -> Vec<Problem> {
        let map = to_map(self);
        let mut problems: Vec<Problem> = Self::TABLE.iter().filter_map(|s| s.check(map.get(s.key))).collect();
        problems.extend(self.problems());
        problems
    }
}

/// Keys that belong to the page, not to a demo's configuration.
pub const PAGE_KEYS: &[&str] = &["demo", "embed", "backend"];

/// The keys of a run shared with its recorded results (`crate::demos::share` reads them).
pub const SHARE_KEYS: &[&str] = &["digest", "recorded", "claims"];

/// The page keys of embedding (the settings tables never use them).
pub const OPTION_KEYS: &[&str] = &["autoplay", "controls", "origin", "theme", "intro"];

/// Whether `key` is an embedding option (including `<control>_hide` / `<control>_lock`;
/// `crate::embed::options` reads them).
pub fn is_option_key(key: &str) -> bool {
    OPTION_KEYS.contains(&key) || key.ends_with("_hide") || key.ends_with("_lock")
}

/// The settings as a JSON map by key (empty when they do not serialise to one).
pub fn to_map<S: Settings>(settings: &S) -> Map<String, Value> {
    match serde_json::to_value(settings) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The query pairs for `settings`: every setting of the table, in table order.
pub fn to_pairs<S: Settings>(settings: &S) -> Vec<(String, String)> {
    let map = to_map(settings);
    S::TABLE.iter().filter_map(|s| map.get(s.key).map(|v| (s.key.to_string(), format_value(v)))).collect()
}

/// The page URL of demo `id` at `settings`: only the settings that differ from the defaults (a
/// preset's link, "the paper-scale setting").
pub fn link_to<S: Settings>(id: &str, settings: &S) -> String {
    let defaults = to_pairs(&S::default());
    let changed: Vec<(String, String)> =
        to_pairs(settings).into_iter().filter(|p| !defaults.contains(p)).collect();
    link(id, &changed)
}

/// The page URL of demo `id` with the settings `pairs` (the others at their defaults).
pub fn link(id: &str, pairs: &[(String, String)]) -> String {
    format!("#demo={id}&{}", to_query(pairs))
}

/// Builds settings from URL pairs. Every bad value is named in a problem and replaced by its
/// default; so is every setting named by a cross-setting problem. Unknown keys are reported and
/// ignored. Never fails: the worst case is the defaults and a list of problems.
pub fn from_pairs<S: Settings>(pairs: &[(String, String)]) -> (S, Vec<Problem>) {
    let defaults = to_map(&S::default());
    let mut map = defaults.clone();
    let mut problems = Vec::new();
    for (key, text) in pairs {
        match S::TABLE.iter().find(|s| s.key == key) {
            Some(setting) => match parse_value(setting.kind, text) {
                Ok(value) => {
                    map.insert(key.clone(), value);
                }
                Err(message) => problems.push(with_default(key, message, &defaults)),
            },
            None if [PAGE_KEYS, SHARE_KEYS].concat().contains(&key.as_str()) || is_option_key(key) => {}
            None => problems.push(Problem::new(key, "unknown setting, ignored")),
        }
    }
    let parse = |map: &Map<String, Value>| serde_json::from_value::<S>(Value::Object(map.clone()));
    let Ok(mut settings) = parse(&map) else {
        problems.push(Problem::new("settings", "could not be read; using the defaults"));
        return (S::default(), problems);
    };
    let cross = settings.problems();
    if !cross.is_empty() {
        for p in cross {
            if let Some(default) = defaults.get(&p.key) {
                map.insert(p.key.clone(), default.clone());
            }
            problems.push(with_default(&p.key, p.message, &defaults));
        }
        settings = match parse(&map) {
            Ok(s) if s.problems().is_empty() => s,
            _ => {
                problems.push(Problem::new("settings", "still inconsistent; using the defaults"));
                S::default()
            }
        };
    }
    (settings, problems)
}

fn with_default(key: &str, message: String, defaults: &Map<String, Value>) -> Problem {
    match defaults.get(key) {
        Some(v) => Problem::new(key, format!("{message}; using the default {}", format_value(v))),
        None => Problem::new(key, message),
    }
}

#[cfg(test)]
mod tests {
    use super::url::decode;
    use super::*;
    use crate::demos::disagreement::{DisagreementConfig, Randomness};

    #[test]
    fn float_lists_parse_within_bounds() {
        let kind = Kind::FloatList { min: 0.0, max: 10.0, max_len: 3 };
        assert_eq!(parse_value(kind, "0, 2.5,10").unwrap(), serde_json::json!([0.0, 2.5, 10.0]));
        assert_eq!(parse_value(kind, "1,x").unwrap_err(), "'x' is not a number");
        assert_eq!(parse_value(kind, "11").unwrap_err(), "11 is outside 0..=10");
        assert!(parse_value(kind, "1,2,3,4").unwrap_err().contains("1 to 3"));
        assert!(parse_value(kind, "").is_err());
    }

    #[test]
    fn query_parsing_decodes() {
        let pairs = parse_query("#demo=disagreement&widths=32%2C64&note=a+b&flag");
        assert_eq!(pairs[1], ("widths".into(), "32,64".into()));
        assert_eq!(pairs[2], ("note".into(), "a b".into()));
        assert_eq!(pairs[3], ("flag".into(), "".into()));
        assert_eq!(decode("100%"), "100%");
    }

    #[test]
    fn url_round_trip_is_exact() {
        let config = DisagreementConfig {
            widths: vec![8, 64],
            epochs: vec![3],
            randomness: Randomness::DiffData,
            learning_rate: 0.125,
            data_seed: 17,
            init_seed: 99,
            ..Default::default()
        };
        let query = to_query(&to_pairs(&config));
        let (back, problems) = from_pairs::<DisagreementConfig>(&parse_query(&query));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, config);
        assert!(query.contains("widths=8,64") && query.contains("randomness=diffdata"), "{query}");
    }

    #[test]
    fn bad_values_are_named_and_defaulted() {
        let pairs =
            parse_query("widths=32,abc&models=99&learning_rate=nan&randomness=sometimes&bogus=1&embed=1");
        let (config, problems) = from_pairs::<DisagreementConfig>(&pairs);
        assert_eq!(config, DisagreementConfig::default());
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["widths", "models", "learning_rate", "randomness", "bogus"]);
        assert!(problems[1].message.contains("99 is outside 2..=8"), "{:?}", problems[1]);
        assert!(problems[1].message.contains("using the default 4"), "{:?}", problems[1]);
    }

    #[test]
    fn cross_setting_problems_reset_the_named_setting() {
        // AllDiff with 6 models of 250 examples needs 1,500 > 1,200 training images.
        let (config, problems) = from_pairs::<DisagreementConfig>(&parse_query("models=6&train_sizes=250"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "train_sizes");
        assert_eq!((config.models, config.train_sizes), (6, vec![100, 200]));
        // 8 × 200 is still too many after the reset: everything falls back to the defaults.
        let (config, problems) = from_pairs::<DisagreementConfig>(&parse_query("models=8&train_sizes=250"));
        assert_eq!(config, DisagreementConfig::default());
        assert_eq!(problems.last().unwrap().key, "settings");
        // Non-ASCII and stray percent signs never panic.
        assert_eq!(decode("%E2%82%AC%"), "€%");
        assert_eq!(decode("é%2"), "é%2");
    }
}

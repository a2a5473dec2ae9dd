//! The one list of demos everything else is derived from: what [`registry!`] generates, and
//! [`DemoInfo`], a registered demo without its types.
//!
//! A demo is a type that implements [`Demo`] (`demo.rs`: what describes it: id, texts, paper, configuration
//! with its settings table, result type, references; no burn) and, in builds with the `train`
//! feature, [`crate::demos::Train`] (how it trains). The page build implements
//! `crate::app::pages::DemoPage` for it. [`registry!`] (invoked once, in the list `build.rs`
//! writes from the folders of `src/demos/`) turns the list into [`DemoConfig`](crate::demos::DemoConfig),
//! [`DemoResult`](crate::demos::DemoResult) and [`Query`](crate::demos::Query) (JSON tagged by the demo's id),
//! [`DEMOS`](crate::demos::DEMOS) (what the landing page, the CLI, the embedding docs and the tests list), and the
//! dispatch of validation and training (the pages' dispatch is `crate::pages`, a floor above): a demo missing one of
//! its parts is a compile error, never a silent fallback to another demo.

use crate::demos::claims::NegativeControl;
use crate::demos::reference::Reference;
use crate::demos::{CostCase, Demo, Paper, Problem};
use crate::settings::{self, Setting, Settings};

/// Reads a configuration from URL pairs: the configuration as JSON, and the problems met.
pub type FromPairs = fn(&[(String, String)]) -> (serde_json::Value, Vec<Problem>);

/// A registered demo, without its types: what lists and documents demos needs.
#[derive(Clone, Copy, Debug)]
pub struct DemoInfo {
    /// [`Demo::ID`].
    pub id: &'static str,
    /// [`Demo::TITLE`].
    pub title: &'static str,
    /// [`Demo::SUMMARY`].
    pub summary: &'static str,
    /// [`Demo::PAPER`].
    pub paper: Paper,
    /// The configuration's settings table.
    pub settings: &'static [Setting],
    /// [`Demo::REFERENCES`].
    pub references: &'static [Reference],
    /// [`Demo::COST_CASES`].
    pub cost_cases: &'static [CostCase],
    /// [`Demo::RESUMES`].
    pub resumes: bool,
    /// The claims' ids, in order ([`Demo::CLAIMS`]).
    pub claims: fn() -> Vec<&'static str>,
    /// [`Demo::CONTROLS`].
    pub controls: &'static [NegativeControl],
    /// The default configuration as JSON.
    pub defaults: fn() -> serde_json::Value,
    /// Every problem with a configuration given as JSON (unknown fields and bad JSON included).
    pub check: fn(serde_json::Value) -> Vec<Problem>,
    /// A configuration from URL pairs, as JSON, and the problems met ([`settings::from_pairs`]).
    pub from_pairs: FromPairs,
}

impl DemoInfo {
    /// The description of demo `D`.
    pub const fn of<D: Demo>() -> Self {
        fn defaults<D: Demo>() -> serde_json::Value {
            serde_json::to_value(D::Config::default()).unwrap_or_default()
        }
        fn check<D: Demo>(value: serde_json::Value) -> Vec<Problem> {
            match serde_json::from_value::<D::Config>(value) {
                Ok(config) => config.validate(),
                Err(e) => vec![Problem::new("config", e.to_string())],
            }
        }
        fn claims<D: Demo>() -> Vec<&'static str> {
            D::CLAIMS.iter().map(|c| c.id).collect()
        }
        fn from_pairs<D: Demo>(pairs: &[(String, String)]) -> (serde_json::Value, Vec<Problem>) {
            let (config, problems) = settings::from_pairs::<D::Config>(pairs);
            (serde_json::to_value(config).unwrap_or_default(), problems)
        }
        Self {
            id: D::ID,
            title: D::TITLE,
            summary: D::SUMMARY,
            paper: D::PAPER,
            settings: D::Config::TABLE,
            references: D::REFERENCES,
            cost_cases: D::COST_CASES,
            resumes: D::RESUMES,
            claims: claims::<D>,
            controls: D::CONTROLS,
            defaults: defaults::<D>,
            check: check::<D>,
            from_pairs: from_pairs::<D>,
        }
    }

    /// The settings table with each row's default, as JSON (for the embedding docs).
    pub fn settings_json(&self) -> serde_json::Value {
        let defaults = (self.defaults)();
        self.settings
            .iter()
            .map(|s| {
                let default = defaults.get(s.key).map(settings::format_value);
                serde_json::json!({ "key": s.key, "label": s.label, "help": s.help, "values": s.kind.describe(),
                    "default": default })
            })
            .collect::<Vec<_>>()
            .into()
    }
}

/// A value tagged with its demo's id: `{"demo": ID, NAME: value}`, the JSON shape of
/// `DemoConfig` (`NAME` = `config`), `DemoResult` (`NAME` = `result`) and `Query` (`NAME` =
/// `query`).
pub(crate) mod tagged;

/// Derives everything that lists demos from one list of `module::Type` (see the module docs).
macro_rules! registry {
    ($($module:ident :: $name:ident),+ $(,)?) => {
        /// Every demo's configuration, as sent to a worker or read by the command line: JSON
        /// `{"demo": ID, "config": {…}}`.
        #[derive(Clone, Debug, PartialEq)]
        pub enum DemoConfig {
            $(
                #[doc = concat!("[`", stringify!($module), "`].")]
                $name(<$module::$name as Demo>::Config),
            )+
        }

        /// One result of any demo, as it travels in [`Event::Result`]: JSON
        /// `{"demo": ID, "result": {…}}`.
        #[derive(Clone, Debug, PartialEq)]
        pub enum DemoResult {
            $(
                #[doc = concat!("[`", stringify!($module), "`].")]
                $name(<$module::$name as Demo>::Result),
            )+
        }

        /// A question to any demo's models ([`Demo::Query`]), as the page sends it to a worker:
        /// JSON `{"demo": ID, "query": {…}}`.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Query {
            $(
                #[doc = concat!("[`", stringify!($module), "`].")]
                $name(<$module::$name as Demo>::Query),
            )+
        }

        /// The demos, in the order the landing page lists them.
        pub const DEMOS: &[DemoInfo] = &[$(DemoInfo::of::<$module::$name>()),+];

        $(
            impl From<<$module::$name as Demo>::Config> for DemoConfig {
                fn from(config: <$module::$name as Demo>::Config) -> Self {
                    DemoConfig::$name(config)
                }
            }

            impl From<<$module::$name as Demo>::Result> for DemoResult {
                fn from(result: <$module::$name as Demo>::Result) -> Self {
                    DemoResult::$name(result)
                }
            }

            impl Registered for $module::$name {
                fn result_of(result: &DemoResult) -> Option<&Self::Result> {
                    match result {
                        DemoResult::$name(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+

        impl DemoConfig {
            /// The demo's id.
            pub fn id(&self) -> &'static str {
                match self {
                    $(DemoConfig::$name(_) => <$module::$name as Demo>::ID,)+
                }
            }

            /// The default configuration of demo `id`.
            pub fn defaults(id: &str) -> Option<Self> {
                $(if id == <$module::$name as Demo>::ID {
                    return Some(DemoConfig::$name(Default::default()));
                })+
                None
            }

            /// Every claim of the demo judged on `results` so far, those of other demos ignored
            /// ([`crate::demos::claims::judge`]): the page's card, `minima check`, the science tests.
            pub fn verdicts(&self, results: &[DemoResult]) -> Vec<crate::demos::claims::Verdict> {
                match self {
                    $(DemoConfig::$name(c) => {
                        let mine: Vec<_> =
                            results.iter().filter_map(<$module::$name as Registered>::result_of).collect();
                        crate::demos::claims::judge(<$module::$name as Demo>::CLAIMS, c, &mine)
                    })+
                }
            }

            /// Every problem with the configuration (empty when valid): each setting against
            /// its table's bounds, then the demo's rules that join settings.
            pub fn validate(&self) -> Vec<Problem> {
                match self {
                    $(DemoConfig::$name(c) => c.validate(),)+
                }
            }

            /// The run cut into at most `parts` independent parts ([`Demo::split`]).
            pub fn split(&self, parts: usize) -> Vec<Part<DemoConfig>> {
                match self {
                    $(DemoConfig::$name(c) => <$module::$name as Demo>::split(c, parts.max(1))
                        .into_iter()
                        .map(|p| Part { config: DemoConfig::$name(p.config), first_task: p.first_task })
                        .collect(),)+
                }
            }

            /// Whether a run on the CPU writes checkpoints to resume from ([`Demo::RESUMES`]).
            pub fn resumes(&self) -> bool {
                match self {
                    $(DemoConfig::$name(_) => <$module::$name as Demo>::RESUMES,)+
                }
            }

            /// Optimiser steps the run takes.
            pub fn total_steps(&self) -> u64 {
                match self {
                    $(DemoConfig::$name(c) => <$module::$name as Demo>::total_steps(c),)+
                }
            }

            /// What the run costs ([`Demo::cost`]).
            pub fn cost(&self) -> crate::estimate::cost::Cost {
                match self {
                    $(DemoConfig::$name(c) => <$module::$name as Demo>::cost(c),)+
                }
            }

            /// Runs the demo on `device` (see [`train::drive`]).
            #[cfg(feature = "train")]
            pub async fn run<C: Control>(
                &self,
                backend: crate::engine::Backend,
                device: &burn::tensor::Device,
                control: &C,
                emit: &mut impl FnMut(Event),
            ) {
                self.run_from(None, backend, device, control, emit).await
            }

            /// [`DemoConfig::run`], on from `checkpoint` (written by a run of this config) when one is given
            /// ([`train::drive_from`]).
            #[cfg(feature = "train")]
            pub async fn run_from<C: Control>(
                &self,
                checkpoint: Option<&crate::demos::checkpoint::Checkpoint>,
                backend: crate::engine::Backend,
                device: &burn::tensor::Device,
                control: &C,
                emit: &mut impl FnMut(Event),
            ) {
                match self {
                    $(DemoConfig::$name(c) => {
                        train::drive_from::<$module::$name, C>(c, checkpoint, backend, device, control, emit).await
                    })+
                }
            }

            /// Whether a run of this demo can keep its models ([`train::Train::KEEPS`]).
            #[cfg(feature = "train")]
            pub fn keeps(&self) -> bool {
                match self {
                    $(DemoConfig::$name(_) => <$module::$name as train::Train>::KEEPS,)+
                }
            }

            /// Answers `control`'s questions with a kept run's models ([`train::answer_saved`]).
            #[cfg(feature = "train")]
            pub async fn answer_saved<C: Control>(&self, files: &[crate::demos::keep::SavedFile],
                device: &burn::tensor::Device, control: &C, emit: &mut impl FnMut(Event)) {
                match self {
                    $(DemoConfig::$name(c) => train::answer_saved::<$module::$name, C>(c, files, device, control, emit)
                        .await,)+
                }
            }
        }

        impl DemoResult {
            /// The demo's id.
            pub fn id(&self) -> &'static str {
                match self {
                    $(DemoResult::$name(_) => <$module::$name as Demo>::ID,)+
                }
            }

            /// Whether `self` makes the earlier result `old` obsolete ([`Demo::replaces`]).
            pub fn replaces(&self, old: &DemoResult) -> bool {
                match (self, old) {
                    $((DemoResult::$name(new), DemoResult::$name(old)) => {
                        <$module::$name as Demo>::replaces(new, old)
                    })+
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }
        }

        impl serde::Serialize for DemoConfig {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(DemoConfig::$name(c) => {
                        registry::tagged::serialize(s, <$module::$name as Demo>::ID, "config", c)
                    })+
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for DemoConfig {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (id, value) = registry::tagged::read(d, "config")?;
                $(if id == <$module::$name as Demo>::ID {
                    return registry::tagged::value::<D, _>(value).map(DemoConfig::$name);
                })+
                Err(serde::de::Error::custom(format!("there is no demo called '{id}' ({})", ids())))
            }
        }

        impl Query {
            /// The id of the demo the question is for.
            pub fn id(&self) -> &'static str {
                match self {
                    $(Query::$name(_) => <$module::$name as Demo>::ID,)+
                }
            }
        }

        impl serde::Serialize for Query {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Query::$name(q) => registry::tagged::serialize(s, <$module::$name as Demo>::ID, "query", q),)+
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for Query {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (id, value) = registry::tagged::read(d, "query")?;
                $(if id == <$module::$name as Demo>::ID {
                    return registry::tagged::value::<D, _>(value).map(Query::$name);
                })+
                Err(serde::de::Error::custom(format!("a question for no known demo ('{id}')")))
            }
        }

        impl serde::Serialize for DemoResult {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(DemoResult::$name(r) => {
                        registry::tagged::serialize(s, <$module::$name as Demo>::ID, "result", r)
                    })+
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for DemoResult {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (id, value) = registry::tagged::read(d, "result")?;
                $(if id == <$module::$name as Demo>::ID {
                    return registry::tagged::value::<D, _>(value).map(DemoResult::$name);
                })+
                Err(serde::de::Error::custom(format!("a result of no known demo ('{id}')")))
            }
        }
    };
}
pub(crate) use registry;

/// A demo of the registry: its results can be picked out of [`crate::demos::DemoResult`].
pub trait Registered: Demo {
    /// `result` if it is this demo's.
    fn result_of(result: &crate::demos::DemoResult) -> Option<&Self::Result>;
}

/// The ids of every demo, comma-separated (for messages).
pub fn ids() -> String {
    crate::demos::DEMOS.iter().map(|d| d.id).collect::<Vec<_>>().join(", ")
}

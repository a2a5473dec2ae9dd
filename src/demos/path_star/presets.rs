//! Presets for graph shapes beyond the default, from the committed study
//! (`bench/path-star-study.mjs`, its logs in `bench/path-star-study/`, summarised by the script
//! into `presets.json`, which is compiled in here). A shape's preset is the cheapest model and
//! budget of the study's ladder with which reverse training reached exact match ≥ 0.95 in at
//! least two of three seeds (natively: flex, or wgpu on a lent GPU; each run says which). A shape may instead have no
//! preset: nothing in the ladder learned, or the study has not run it yet.

use super::PathStarConfig;
use serde::Deserialize;
use std::sync::OnceLock;

/// The study's summary, as the script writes it.
const STUDY: &str = include_str!("presets.json");

/// The study: its threshold and a summary per shape.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Study {
    /// Exact match a reverse run must reach.
    pub threshold: f64,
    /// How far teacher forcing's decision may sit from 1/d.
    pub forced_tolerance: f64,
    /// Every shape the study lists, run or not.
    pub shapes: Vec<ShapeStudy>,
}

/// What the study found for one shape G(d, l, N).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ShapeStudy {
    /// d.
    pub degree: usize,
    /// l.
    pub path_len: usize,
    /// N.
    pub labels: usize,
    /// `preset`, `nothing-learned` (every rung failed in two seeds) or `not-studied`.
    pub outcome: String,
    /// The preset, when one rung learned.
    pub preset: Option<Preset>,
    /// Each rung run, cheapest first.
    pub rungs: Vec<Rung>,
}

/// A model and budget.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Preset {
    /// Transformer blocks.
    pub layers: usize,
    /// Residual width.
    pub d_model: usize,
    /// Attention heads.
    pub heads: usize,
    /// Steps per mode.
    pub steps: usize,
    /// Whether teacher forcing's decision stayed within 1/d ± the tolerance (none: not run).
    pub teacher_forcing_within_tolerance: Option<bool>,
}

/// One rung of the ladder on one shape.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Rung {
    /// Its name (`default`, `wide`, `deep`).
    pub rung: String,
    /// Transformer blocks.
    pub layers: usize,
    /// Residual width.
    pub d_model: usize,
    /// Attention heads.
    pub heads: usize,
    /// Step budget.
    pub steps: usize,
    /// Seeds that reached the threshold, and seeds run.
    pub reached: usize,
    /// Seeds run.
    pub tried: usize,
    /// Each reverse seed.
    pub seeds: Vec<SeedRun>,
    /// The teacher-forcing run at this rung, if any.
    pub forward: Option<ForwardRun>,
    /// The teacherless run at this rung, if any.
    pub teacherless: Option<TeacherlessRun>,
}

/// The teacherless run at a rung (seed 0, the rung's whole budget).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct TeacherlessRun {
    /// Its last evaluation step.
    pub step: usize,
    /// Exact match there.
    pub exact_match: f64,
    /// Teacher-forced accuracy by position there.
    pub forced: Vec<f64>,
}

/// One reverse run.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct SeedRun {
    /// Data and initialisation seed.
    pub seed: u64,
    /// The first evaluation step at or above the threshold.
    pub reached_at: Option<usize>,
    /// Exact match at its last evaluation.
    pub last_exact_match: Option<f64>,
    /// Its last evaluation step.
    pub last_step: usize,
    /// Wall-clock seconds on the study's machine.
    pub seconds: u64,
    /// Where it ran: `flex` (natively on this project's 2-core machines) or `wgpu` (a lent GPU,
    /// `bench/device-path-star-study.py`).
    #[serde(default = "flex")]
    pub backend: String,
}

fn flex() -> String {
    "flex".into()
}

/// The teacher-forcing run at a rung.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ForwardRun {
    /// Its last evaluation step.
    pub step: usize,
    /// Teacher-forced accuracy at the decision (position 2).
    pub first_decision: f64,
    /// Exact match.
    pub exact_match: f64,
}

/// The study, parsed once.
pub fn study() -> &'static Study {
    static PARSED: OnceLock<Study> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(STUDY).expect("src/demos/path_star/presets.json parses"))
}

/// What the study says about `config`'s shape, if it lists the shape.
pub fn for_shape(config: &PathStarConfig) -> Option<&'static ShapeStudy> {
    study()
        .shapes
        .iter()
        .find(|s| (s.degree, s.path_len, s.labels) == (config.degree, config.path_len, config.labels))
}

/// The study's peak learning rate (bench/path-star-study.mjs ran every rung with it).
pub const STUDY_LEARNING_RATE: f64 = 1e-3;
/// The study's warm-up steps.
pub const STUDY_WARMUP_STEPS: usize = 100;

impl Preset {
    /// `config` with this model and budget, and the study's training settings (batch 128 of
    /// fresh graphs, AdamW 1e-3 with 100 warm-up steps, cosine to 1e-4, clip 1: the defaults'
    /// batch and clip, and the recipe the study ran, not the defaults' faster one).
    pub fn apply(&self, config: &PathStarConfig) -> PathStarConfig {
        let d = PathStarConfig::default();
        PathStarConfig {
            layers: self.layers,
            d_model: self.d_model,
            heads: self.heads,
            steps: self.steps,
            batch_size: d.batch_size,
            train_graphs: d.train_graphs,
            learning_rate: STUDY_LEARNING_RATE,
            min_learning_rate: d.min_learning_rate,
            warmup_steps: STUDY_WARMUP_STEPS,
            clip: d.clip,
            ..config.clone()
        }
    }

    /// Whether `config` already uses this model and budget.
    pub fn is_used_by(&self, config: &PathStarConfig) -> bool {
        self.apply(config) == *config
    }

    /// The settings that apply it, as the form takes them.
    pub fn settings(&self) -> Vec<(String, String)> {
        let applied = self.apply(&PathStarConfig::default());
        let all = crate::settings::to_pairs(&applied);
        let keys = [
            "layers",
            "d_model",
            "heads",
            "steps",
            "batch_size",
            "train_graphs",
            "learning_rate",
            "min_learning_rate",
            "warmup_steps",
            "clip",
        ];
        all.into_iter().filter(|(k, _)| keys.contains(&k.as_str())).collect()
    }
}

impl ShapeStudy {
    /// The rung the preset came from.
    pub fn preset_rung(&self) -> Option<&Rung> {
        let p = self.preset.as_ref()?;
        self.rungs
            .iter()
            .find(|r| (r.layers, r.d_model, r.heads, r.steps) == (p.layers, p.d_model, p.heads, p.steps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn every_preset_is_a_rung_that_learned_in_two_seeds_and_a_valid_setting() {
        let study = study();
        assert!(!study.shapes.is_empty(), "the study lists its shapes");
        for s in &study.shapes {
            let config = PathStarConfig {
                degree: s.degree,
                path_len: s.path_len,
                labels: s.labels,
                ..Default::default()
            };
            assert_eq!(for_shape(&config), Some(s));
            match (&s.preset, s.outcome.as_str()) {
                (Some(p), "preset") => {
                    let rung = s.preset_rung().expect("the preset is one of the rungs");
                    assert!(rung.reached >= 2, "G({}, {}): {rung:?}", s.degree, s.path_len);
                    let reached = rung.seeds.iter().filter(|r| r.reached_at.is_some()).count();
                    assert_eq!(reached, rung.reached);
                    let applied = p.apply(&config);
                    assert!(p.is_used_by(&applied));
                    // The form's settings give what `apply` gives, from a run with other settings.
                    let odd = PathStarConfig { batch_size: 32, warmup_steps: 10, steps: 7, ..config.clone() };
                    let mut pairs = crate::settings::to_pairs(&odd);
                    for (key, value) in p.settings() {
                        pairs.iter_mut().filter(|(k, _)| *k == key).for_each(|pair| pair.1 = value.clone());
                    }
                    let (via_form, problems) = crate::settings::from_pairs::<PathStarConfig>(&pairs);
                    assert!(problems.is_empty(), "{problems:?}");
                    assert_eq!(via_form, p.apply(&odd));
                    assert!(applied.validate().is_empty(), "{:?}", applied.validate());
                }
                (None, "nothing-learned" | "not-studied") => {
                    assert!(s.rungs.iter().all(|r| r.reached < 2), "a rung learned but no preset: {s:?}");
                }
                other => panic!("G({}, {}): outcome {other:?}", s.degree, s.path_len),
            }
        }
        let other = PathStarConfig { labels: 60, ..Default::default() };
        assert_eq!(for_shape(&other), None, "only the study's shapes");
    }
}

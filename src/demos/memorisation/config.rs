//! Configuration of the memorisation sweep (Lukasik, Nagarajan et al., at small scale): one-hidden-
//! layer networks of growing width on 300 of the 8×8 digits, K = 128 networks per width, 2 % of
//! the labels flipped. [`MemorisationConfig::paper_scale`] is the earlier, larger setting.

use crate::data::steps_per_epoch;
use crate::settings::sorted_unique;
use serde::{Deserialize, Serialize};

/// Images in the data set (the 8×8 digits, all of them): the most a run can use.
pub const EXAMPLES: usize = 1797;

/// Whether the run also trains distilled students.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Distillation {
    /// Students of every student width learn the largest width's soft outputs.
    #[default]
    On,
    /// Only the label-trained networks (half the run).
    Off,
}

impl Distillation {
    /// The choices as settings options: (URL value, label for people).
    pub const OPTIONS: &'static [(&'static str, &'static str)] =
        &[("on", "label-trained networks and distilled students"), ("off", "label-trained networks only")];
}

/// The sweep: for each width, K one-hidden-layer ReLU networks, network k trained on its own
/// seeded half of the digits (the same half at every width), by Adam on the given labels (a
/// seeded share of them flipped); then, optionally, students of each student width trained on
/// the soft outputs of the largest width's network k on the same half.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemorisationConfig {
    /// Hidden widths of the label-trained networks; the largest teaches the students. Default
    /// `[4, 8, 16, 32, 64]` (at 300 digits the trajectories are set by width 32: adding 128
    /// changed no claim in `bench/results-memorisation-calibration-2026-12-03.jsonl`).
    pub widths: Vec<usize>,
    /// Networks per width, K: each on its own random half. Default 128 (the noise of one
    /// example's score falls as √(1/K); at 64, noise alone sorts many more examples as changing).
    pub models: usize,
    /// Digits used: a seeded subset of the 1,797, each network training on half of it. Default 300
    /// (with fewer examples each, narrow networks must memorise more of them, so the examples that
    /// wider networks memorise less become visible).
    pub examples: usize,
    /// Share of the labels flipped to another class (seeded, fixed for the run). Default 0.02: at
    /// 0.05 and 0.1 the wider networks fit the noise and memorise most clean examples more too.
    pub flip_fraction: f64,
    /// Adam learning rate. Default 3e-3.
    pub learning_rate: f64,
    /// Examples per step. Default 64.
    pub batch_size: usize,
    /// Passes over each network's half. Default 400 (at 100 and 200 the narrow networks memorise
    /// too little for the examples that wider ones memorise less to show).
    pub epochs: usize,
    /// Train distilled students too. Default on.
    pub distillation: Distillation,
    /// Hidden widths of the distilled students. Default `[4, 8, 16, 32, 64]`.
    pub student_widths: Vec<usize>,
    /// Distillation temperature T: the teacher's and the student's logits are divided by T.
    /// Default 4 (at 2 the students memorised the increasing examples less too, by less:
    /// `bench/results-memorisation-calibration-2026-11-30.log`).
    pub temperature: f64,
    /// Seed of the flipped labels, the halves and the batch orders. Default 0.
    pub data_seed: u64,
    /// Seed of the weights. Default 0.
    pub init_seed: u64,
}

impl Default for MemorisationConfig {
    fn default() -> Self {
        Self {
            widths: vec![4, 8, 16, 32, 64],
            models: 128,
            examples: 300,
            flip_fraction: 0.02,
            learning_rate: 3e-3,
            batch_size: 64,
            epochs: 400,
            distillation: Distillation::On,
            student_widths: vec![4, 8, 16, 32, 64],
            temperature: 4.0,
            data_seed: 0,
            init_seed: 0,
        }
    }
}

/// What a trained batch of networks is: label-trained or distilled, and its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    /// Hidden width.
    pub width: usize,
    /// A student of the largest width's networks (else trained on the labels).
    pub distilled: bool,
}

impl MemorisationConfig {
    /// The earlier defaults, ten times the work: all 1,797 digits, 10 % of the labels flipped, 64
    /// networks per width up to 128, 200 epochs. Mislabeled examples are memorised more and more
    /// there too, but so are most clean ones: only the first half of the paper's headline shows.
    pub fn paper_scale() -> Self {
        Self {
            widths: vec![4, 8, 16, 32, 64, 128],
            models: 64,
            examples: EXAMPLES,
            flip_fraction: 0.1,
            epochs: 200,
            student_widths: vec![4, 8, 16, 32, 64, 128],
            ..Self::default()
        }
    }

    /// The label-trained widths, smallest first, without repeats.
    pub fn sorted_widths(&self) -> Vec<usize> {
        sorted_unique(&self.widths)
    }

    /// The teachers' width: the largest label-trained one.
    pub fn teacher_width(&self) -> usize {
        self.widths.iter().copied().max().unwrap_or(0)
    }

    /// The students' widths, smallest first; none when distillation is off.
    pub fn students(&self) -> Vec<usize> {
        match self.distillation {
            Distillation::On => sorted_unique(&self.student_widths),
            Distillation::Off => Vec::new(),
        }
    }

    /// Every batch of networks the run trains, in order (= task order): the label-trained
    /// widths, then the students.
    pub fn tasks(&self) -> Vec<Kind> {
        let labels = self.sorted_widths().into_iter().map(|width| Kind { width, distilled: false });
        labels.chain(self.students().into_iter().map(|width| Kind { width, distilled: true })).collect()
    }

    /// Examples in each network's half.
    pub fn half(&self) -> usize {
        self.examples.min(EXAMPLES) / 2
    }

    /// Steps of one batch of K networks (all train at once).
    pub fn steps_per_task(&self) -> u64 {
        (steps_per_epoch(self.half(), self.batch_size) * self.epochs) as u64
    }

    /// Steps of the whole run.
    pub fn total_steps(&self) -> u64 {
        self.tasks().len() as u64 * self.steps_per_task()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_are_valid_and_sized_as_documented() {
        let c = MemorisationConfig::default();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        assert_eq!(c.tasks().len(), 10);
        assert_eq!((c.teacher_width(), c.half()), (64, 150));
        // 150 examples in batches of 64: 3 steps an epoch, 400 epochs, 10 batches of networks.
        assert_eq!(c.total_steps(), 3 * 400 * 10);
        let paper = MemorisationConfig::paper_scale();
        assert!(paper.validate().is_empty(), "{:?}", paper.validate());
        assert_eq!((paper.teacher_width(), paper.half(), paper.total_steps()), (128, 898, 15 * 200 * 12));
        let off = MemorisationConfig { distillation: Distillation::Off, ..c };
        assert_eq!(off.tasks().len(), 5);
    }

    #[test]
    fn every_problem_is_reported() {
        let c = MemorisationConfig { models: 1, flip_fraction: 0.9, temperature: 0.0, ..Default::default() };
        let keys: Vec<String> = c.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["models", "flip_fraction", "temperature"]);
    }

    #[test]
    fn json_round_trip_and_unknown_fields() {
        let c = MemorisationConfig { widths: vec![8, 4], ..Default::default() };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<MemorisationConfig>(&text).unwrap(), c);
        assert_eq!(c.sorted_widths(), vec![4, 8]);
        assert!(serde_json::from_str::<MemorisationConfig>(r#"{"width": 2}"#).is_err());
    }
}

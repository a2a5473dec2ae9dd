//! The disagreement demo's settings table: URL keys, labels, help and bounds of every setting
//! (the only place its bounds are written; `Settings::validate` enforces them), and the one rule
//! that joins settings.

use super::config::{DisagreementConfig, TRAIN_POOL};
use crate::data::digits::Resolution;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

const WIDTH: (usize, usize) = (1, 1024);
const TRAIN_SIZE: (usize, usize) = (8, TRAIN_POOL);
const EPOCHS: (usize, usize) = (1, 2000);
const MODELS: (usize, usize) = (2, 8);
/// Values in a list setting.
const LIST_LEN: usize = 6;

impl Settings for DisagreementConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "randomness",
            label: "What differs between runs",
            help: "The source of SGD randomness that differs between the networks of a configuration.",
            kind: Kind::Choice {
                options: &[
                    ("alldiff", "AllDiff: data, order and initialisation"),
                    ("diffdata", "DiffData: disjoint training sets"),
                    ("diffinit", "DiffInit: initialisation only"),
                    ("difforder", "DiffOrder: data order only"),
                ],
            },
        },
        Setting {
            key: "widths",
            label: "Hidden widths",
            help: "Hidden units of the one-hidden-layer ReLU MLPs; one configuration per width and size.",
            kind: Kind::int_list(WIDTH, LIST_LEN),
        },
        Setting {
            key: "train_sizes",
            label: "Training-set sizes",
            help: "Examples per network, drawn from the first 1,200 digits (the last 597 are the test set).",
            kind: Kind::int_list(TRAIN_SIZE, LIST_LEN),
        },
        Setting {
            key: "epochs",
            label: "Measure at epochs",
            help: "Every network is measured at each of these epochs; training runs to the largest.",
            kind: Kind::int_list(EPOCHS, LIST_LEN),
        },
        Setting {
            key: "models",
            label: "Networks per configuration",
            help: "Trained together as one batched model; every pair is compared.",
            kind: Kind::int(MODELS),
        },
        Setting::learning_rate((1e-5, 10.0), "Plain SGD, no momentum."),
        Setting::batch_size((1, 512), "Examples per SGD step."),
        Setting {
            key: "resolution",
            label: "Input",
            help: "Digits average-pooled to 4×4 (16 inputs) or raw 8×8 (64 inputs).",
            kind: Kind::Choice { options: Resolution::OPTIONS },
        },
        Setting::data_seed("Seeds the training-set draw and the batch orders."),
        Setting::init_seed("Seeds the weights."),
    ];

    /// DiffData and AllDiff train each network on its own disjoint slice of the training pool;
    /// and the memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        let largest = self.train_sizes.iter().copied().max().unwrap_or(0);
        if self.randomness.varies_data() && self.models * largest > TRAIN_POOL {
            let message = format!(
                "{} needs {} disjoint training sets of {largest}, but only {TRAIN_POOL} images are set aside for \
                    training",
                self.randomness.label(),
                self.models
            );
            return vec![Problem::new("train_sizes", message)];
        }
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

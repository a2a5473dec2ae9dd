//! The disagreement demo's settings table: URL keys, labels, help and bounds of every setting
//! (the bounds are the ones `DisagreementConfig::validate` enforces).

use super::config::DisagreementConfig;
use super::config::bounds::*;
use crate::data::digits::Resolution;
use crate::experiments::Problem;
use crate::settings::{Kind, Setting, Settings};

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
        Setting {
            key: "learning_rate",
            label: "Learning rate",
            help: "Plain SGD, no momentum.",
            kind: Kind::Float { min: LEARNING_RATE.0, max: LEARNING_RATE.1 },
        },
        Setting {
            key: "batch_size",
            label: "Batch size",
            help: "Examples per SGD step.",
            kind: Kind::int(BATCH),
        },
        Setting {
            key: "resolution",
            label: "Input",
            help: "Digits average-pooled to 4×4 (16 inputs) or raw 8×8 (64 inputs).",
            kind: Kind::Choice { options: Resolution::OPTIONS },
        },
        Setting {
            key: "data_seed",
            label: "Data seed",
            help: "Seeds the training-set draw and the batch orders.",
            kind: Kind::SEED,
        },
        Setting {
            key: "init_seed",
            label: "Initialisation seed",
            help: "Seeds the weights.",
            kind: Kind::SEED,
        },
    ];

    fn problems(&self) -> Vec<Problem> {
        self.validate()
    }
}

//! The disagreement demo's settings table: URL keys, labels, help and bounds of every setting
//! (the bounds are the ones `DisagreementConfig::validate` enforces).

use super::config::DisagreementConfig;
use super::config::bounds::*;
use crate::experiments::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for DisagreementConfig {
    const TABLE: &'static [Setting] = &{
        const fn u(v: usize) -> u64 {
            v as u64
        }
        [
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
                kind: Kind::IntList { min: u(WIDTH.0), max: u(WIDTH.1), max_len: LIST_LEN },
            },
            Setting {
                key: "train_sizes",
                label: "Training-set sizes",
                help: "Examples per network, drawn from the first 1,200 digits (the last 597 are the test set).",
                kind: Kind::IntList { min: u(TRAIN_SIZE.0), max: u(TRAIN_SIZE.1), max_len: LIST_LEN },
            },
            Setting {
                key: "epochs",
                label: "Measure at epochs",
                help: "Every network is measured at each of these epochs; training runs to the largest.",
                kind: Kind::IntList { min: u(EPOCHS.0), max: u(EPOCHS.1), max_len: LIST_LEN },
            },
            Setting {
                key: "models",
                label: "Networks per configuration",
                help: "Trained together as one batched model; every pair is compared.",
                kind: Kind::Int { min: u(MODELS.0), max: u(MODELS.1) },
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
                kind: Kind::Int { min: u(BATCH.0), max: u(BATCH.1) },
            },
            Setting {
                key: "resolution",
                label: "Input",
                help: "Digits average-pooled to 4×4 (16 inputs) or raw 8×8 (64 inputs).",
                kind: Kind::Choice {
                    options: &[("pool4", "4×4 pooled (16 inputs)"), ("raw8", "raw 8×8 (64 inputs)")],
                },
            },
            Setting {
                key: "data_seed",
                label: "Data seed",
                help: "Seeds the training-set draw and the batch orders.",
                kind: Kind::Int { min: 0, max: u32::MAX as u64 },
            },
            Setting {
                key: "init_seed",
                label: "Initialisation seed",
                help: "Seeds the weights.",
                kind: Kind::Int { min: 0, max: u32::MAX as u64 },
            },
        ]
    };

    fn problems(&self) -> Vec<Problem> {
        self.validate()
    }
}

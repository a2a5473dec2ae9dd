//! The SAM demo's settings table: URL keys, labels, help and bounds of every setting (the only
//! place its bounds are written; `Settings::validate` enforces them).

use super::config::SamConfig;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for SamConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "rho",
            label: "SAM radius ρ",
            help: "How far SAM steps uphill (along the gradient, normalised) before taking the gradient it applies.",
            kind: Kind::Float { min: 0.0, max: 2.0 },
        },
        Setting {
            key: "ramp_epochs",
            label: "ρ ramp (epochs)",
            help: "ρ rises linearly from 0 over these first epochs (0: full ρ from the start).",
            kind: Kind::Int { min: 0, max: 1000 },
        },
        Setting::learning_rate((1e-5, 10.0), "Plain SGD, no momentum, for both methods."),
        Setting {
            key: "strength",
            label: "Easy feature strength a",
            help: "The easy feature is ±a on one input coordinate; larger is easier.",
            kind: Kind::Float { min: 0.0, max: 10.0 },
        },
        Setting {
            key: "absent",
            label: "Easy feature absent on",
            help: "Fraction of training examples where the easy coordinate is 0, so only the digit tells the label.",
            kind: Kind::Float { min: 0.0, max: 1.0 },
        },
        Setting {
            key: "epochs",
            label: "Epochs",
            help: "Passes over the 898 training examples.",
            kind: Kind::Int { min: 1, max: 1000 },
        },
        Setting {
            key: "seeds",
            label: "Seeds",
            help: "Networks per method, each from its own initialisation and order (the same for SGD and SAM).",
            kind: Kind::Int { min: 1, max: 16 },
        },
        Setting::batch_size((1, 512), "Examples per step."),
        Setting {
            key: "probe_every",
            label: "Probe every (epochs)",
            help: "The linear probes are refitted on the frozen features this often.",
            kind: Kind::Int { min: 1, max: 1000 },
        },
        Setting {
            key: "probe_c",
            label: "Probe C",
            help: "Inverse L2 strength of the probes' logistic regression (scikit-learn's C).",
            kind: Kind::Float { min: 1e-4, max: 1e4 },
        },
        Setting::data_seed(
            "Seeds the split of the digits, where the easy feature is absent, and the batch orders.",
        ),
        Setting::init_seed("Seeds the initial weights (the same for SGD and SAM)."),
    ];

    /// The memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

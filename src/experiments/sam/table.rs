//! The SAM demo's settings table: URL keys, labels, help and bounds of every setting (the bounds
//! are the ones `SamConfig::validate` enforces).

use super::config::SamConfig;
use crate::experiments::Problem;
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
        Setting {
            key: "learning_rate",
            label: "Learning rate",
            help: "Plain SGD, no momentum, for both methods.",
            kind: Kind::Float { min: 1e-5, max: 10.0 },
        },
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
        Setting {
            key: "batch_size",
            label: "Batch size",
            help: "Examples per step.",
            kind: Kind::Int { min: 1, max: 512 },
        },
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
        Setting {
            key: "data_seed",
            label: "Data seed",
            help: "Seeds the split of the digits, where the easy feature is absent, and the batch orders.",
            kind: Kind::SEED,
        },
        Setting {
            key: "init_seed",
            label: "Initialisation seed",
            help: "Seeds the initial weights (the same for SGD and SAM).",
            kind: Kind::SEED,
        },
    ];

    fn problems(&self) -> Vec<Problem> {
        self.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{from_pairs, parse_query, to_pairs, to_query};

    #[test]
    fn every_field_is_in_the_table_and_urls_round_trip() {
        let config = SamConfig { rho: 0.1, absent: 0.1, seeds: 3, ..Default::default() };
        let (back, problems) = from_pairs::<SamConfig>(&parse_query(&to_query(&to_pairs(&config))));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, config);
        let fields = serde_json::to_value(SamConfig::default()).unwrap();
        let keys: Vec<&String> = fields.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), SamConfig::TABLE.len());
        assert!(keys.iter().all(|k| SamConfig::TABLE.iter().any(|s| s.key == k.as_str())));
        let (config, problems) = from_pairs::<SamConfig>(&parse_query("rho=-1&seeds=99"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(config, SamConfig::default());
    }
}

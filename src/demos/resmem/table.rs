//! The ResMem demo's settings table: URL keys, labels, help and bounds of every setting (the only
//! place its bounds are written; `Settings::validate` enforces them).

use super::config::ResMemConfig;
use crate::data::digits::Resolution;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};
use bounds::*;

/// Bounds of the settings (min, max): written here only, enforced through the table.
pub mod bounds {
    /// Playground training points.
    pub const POINTS: (usize, usize) = (20, 1000);
    /// Fraction of flipped labels.
    pub const LABEL_NOISE: (f64, f64) = (0.0, 0.4);
    /// Hidden widths.
    pub const WIDTH: (usize, usize) = (1, 1024);
    /// Epochs.
    pub const EPOCHS: (usize, usize) = (1, 1000);
    /// Values in a list setting.
    pub const LIST_LEN: usize = 6;
    /// Seeds per configuration.
    pub const SEEDS: (usize, usize) = (1, 8);
    /// Neighbours.
    pub const K: (usize, usize) = (1, 100);
    /// Neighbour-weight temperature.
    pub const SIGMA: (f64, f64) = (0.001, 10.0);
    /// Learning rates.
    pub const LEARNING_RATE: (f64, f64) = (1e-5, 10.0);
    /// Batch size.
    pub const BATCH: (usize, usize) = (1, 512);
}

impl Settings for ResMemConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "plane",
            label: "Playground picture",
            help: "The two-class picture the playground's small network must learn.",
            kind: Kind::Choice {
                options: &[
                    ("spirals", "two spirals"),
                    ("checkerboard", "checkerboard (4×4)"),
                    ("circles", "disc inside a ring"),
                ],
            },
        },
        Setting {
            key: "points",
            label: "Playground points",
            help: "Training points; as many again, drawn the same way, measure test accuracy.",
            kind: Kind::int(POINTS),
        },
        Setting {
            key: "label_noise",
            label: "Label noise",
            help: "Fraction of playground points given the other class (training and test alike).",
            kind: Kind::Float { min: LABEL_NOISE.0, max: LABEL_NOISE.1 },
        },
        Setting {
            key: "plane_width",
            label: "Playground width",
            help: "Hidden ReLU units of the playground's network: few, so it cannot fit the picture.",
            kind: Kind::int(WIDTH),
        },
        Setting {
            key: "plane_epochs",
            label: "Playground epochs",
            help: "Passes over the playground's training points (batches of 10).",
            kind: Kind::int(EPOCHS),
        },
        Setting {
            key: "plane_learning_rate",
            label: "Playground learning rate",
            help: "Plain SGD, no momentum.",
            kind: Kind::Float { min: LEARNING_RATE.0, max: LEARNING_RATE.1 },
        },
        Setting {
            key: "widths",
            label: "Digits: hidden widths",
            help: "Hidden units of the one-hidden-layer MLPs of the sweep; one configuration per width and length.",
            kind: Kind::int_list(WIDTH, LIST_LEN),
        },
        Setting {
            key: "epochs",
            label: "Digits: epochs",
            help: "Training lengths of the sweep, in passes over the 1,200 training digits.",
            kind: Kind::int_list(EPOCHS, LIST_LEN),
        },
        Setting {
            key: "seeds",
            label: "Digits: seeds",
            help: "Networks per configuration, each from its own initialisation and order; trained together.",
            kind: Kind::int(SEEDS),
        },
        Setting {
            key: "k",
            label: "Neighbours k",
            help: "Training points whose residuals are averaged; also the playground slider's start.",
            kind: Kind::int(K),
        },
        Setting {
            key: "sigma",
            label: "Temperature σ",
            help: "Neighbour weights are softmax(−distance/σ): small σ trusts the nearest point alone.",
            kind: Kind::Float { min: SIGMA.0, max: SIGMA.1 },
        },
        Setting {
            key: "embedding",
            label: "Neighbours searched in",
            help: "The base network's hidden layer, L2-normalised (the paper), or the raw inputs.",
            kind: Kind::Choice {
                options: &[("penultimate", "hidden layer (normalised)"), ("input", "raw inputs")],
            },
        },
        Setting {
            label: "Digits: learning rate",
            ..Setting::learning_rate(LEARNING_RATE, "Plain SGD, no momentum.")
        },
        Setting { label: "Digits: batch size", ..Setting::batch_size(BATCH, "Digits per SGD step.") },
        Setting {
            key: "resolution",
            label: "Digits: input",
            help: "Digits average-pooled to 4×4 (16 inputs) or raw 8×8 (64 inputs).",
            kind: Kind::Choice { options: Resolution::OPTIONS },
        },
        Setting::data_seed("Seeds the playground's points and label noise, and every batch order."),
        Setting::init_seed("Seeds the initial weights of every network."),
    ];

    /// The memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{from_pairs, parse_query};

    #[test]
    fn bad_values_are_named_and_replaced_by_defaults() {
        let (config, problems) = from_pairs::<ResMemConfig>(&parse_query(
            "k=0&sigma=nan&plane=moons&widths=8,2000&label_noise=0.9",
        ));
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        for key in ["k", "sigma", "plane", "widths", "label_noise"] {
            assert!(keys.contains(&key), "{key} missing from {problems:?}");
        }
        assert_eq!(config, ResMemConfig::default());
    }
}

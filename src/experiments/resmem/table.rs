//! The ResMem demo's settings table: URL keys, labels, help and bounds of every setting (the
//! bounds are the ones `ResMemConfig::validate` enforces).

use super::config::ResMemConfig;
use super::config::bounds::*;
use crate::data::digits::Resolution;
use crate::experiments::Problem;
use crate::settings::{Kind, Setting, Settings};

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
            key: "learning_rate",
            label: "Digits: learning rate",
            help: "Plain SGD, no momentum.",
            kind: Kind::Float { min: LEARNING_RATE.0, max: LEARNING_RATE.1 },
        },
        Setting {
            key: "batch_size",
            label: "Digits: batch size",
            help: "Digits per SGD step.",
            kind: Kind::int(BATCH),
        },
        Setting {
            key: "resolution",
            label: "Digits: input",
            help: "Digits average-pooled to 4×4 (16 inputs) or raw 8×8 (64 inputs).",
            kind: Kind::Choice { options: Resolution::OPTIONS },
        },
        Setting {
            key: "data_seed",
            label: "Data seed",
            help: "Seeds the playground's points and label noise, and every batch order.",
            kind: Kind::SEED,
        },
        Setting {
            key: "init_seed",
            label: "Initialisation seed",
            help: "Seeds the initial weights of every network.",
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
    use crate::data::plane::Plane;
    use crate::experiments::resmem::Embedding;
    use crate::settings::{from_pairs, parse_query, to_pairs, to_query};

    #[test]
    fn every_field_is_in_the_table_and_urls_round_trip() {
        let config = ResMemConfig {
            plane: Plane::Checkerboard,
            widths: vec![4, 16, 64],
            epochs: vec![2, 50],
            k: 9,
            sigma: 0.2,
            embedding: Embedding::Input,
            label_noise: 0.1,
            ..Default::default()
        };
        let query = to_query(&to_pairs(&config));
        assert!(query.contains("widths=4,16,64") && query.contains("plane=checkerboard"), "{query}");
        let (back, problems) = from_pairs::<ResMemConfig>(&parse_query(&query));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, config);
        let fields = serde_json::to_value(ResMemConfig::default()).unwrap();
        let keys: Vec<&String> = fields.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), ResMemConfig::TABLE.len());
        assert!(keys.iter().all(|k| ResMemConfig::TABLE.iter().any(|s| s.key == k.as_str())));
    }

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

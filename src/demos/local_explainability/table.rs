//! The local-explainability demo's settings table: URL keys, labels, help and bounds of every
//! setting (the only place its bounds are written; `Settings::validate` enforces them), and the
//! rules that join settings.

use super::config::LocalExplainabilityConfig;
use super::diabetes::TEST;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for LocalExplainabilityConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "widths",
            label: "Hidden widths",
            help: "Units in each of the two hidden layers of the MLPs 10-w-w-1.",
            kind: Kind::int_list((1, 512), 4),
        },
        Setting {
            key: "lambdas",
            label: "Fidelity penalty λ",
            help: "Weights of the ExpO-style penalty: how badly local affine fits around training points miss the \
                model (0: none).",
            kind: Kind::FloatList { min: 0.0, max: 10_000.0, max_len: 4 },
        },
        Setting {
            key: "steps",
            label: "Measure after steps",
            help: "Every network is measured after each of these steps; training runs to the largest.",
            kind: Kind::int_list((1, 20_000), 4),
        },
        Setting::int(
            "seeds",
            "Networks per width and λ",
            "One per seed; the zoo is every width × λ × seed × step.",
            1,
            8,
        ),
        Setting::int("first_seed", "First seed", "Seeds are numbered from here.", 0, 1000),
        Setting {
            key: "sigmas",
            label: "Neighbourhoods σ",
            help: "Standard deviations of the Gaussian neighbourhoods in which explanations are fitted and judged \
                (features are standardised); the claims read 0.5 and 1.",
            kind: Kind::FloatList { min: 0.01, max: 4.0, max_len: 6 },
        },
        Setting::int(
            "eval_points",
            "Test patients measured",
            "Fidelity is averaged over the first of these.",
            4,
            TEST as u64,
        ),
        Setting::int(
            "slice_point",
            "Slice through patient",
            "The test patient the slice figure passes through.",
            0,
            TEST as u64 - 1,
        ),
        Setting::learning_rate((1e-6, 1.0), "Adam (β 0.9, 0.999)."),
        Setting::batch_size((1, 221), "Training patients per Adam step."),
        Setting::data_seed("Seeds the train/test split, batch orders and every neighbourhood draw."),
        Setting::init_seed("Seeds the weights."),
    ];

    /// The memory estimate (`cost.rs`) refuses a run that cannot fit before it starts.
    fn problems(&self) -> Vec<Problem> {
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_value_is_named() {
        let c = LocalExplainabilityConfig { sigmas: vec![1.0, 0.5], ..Default::default() };
        assert!(c.validate().is_empty());
        let c = LocalExplainabilityConfig { lambdas: vec![-1.0], widths: vec![], ..Default::default() };
        let keys: Vec<String> = c.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["widths", "lambdas"]);
    }
}

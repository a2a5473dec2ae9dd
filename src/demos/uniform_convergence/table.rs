//! The uniform-convergence demo's settings table: URL keys, labels, help and bounds of every
//! setting (the only place its bounds are written; `Settings::validate` enforces them), and the
//! rule that joins the two radii.

use super::config::UniformConvergenceConfig;
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

const DIM: (usize, usize) = (2, 1000);
const RADIUS: Kind = Kind::Float { min: 0.1, max: 10.0 };
const WIDTH: (usize, usize) = (1, 4096);
const TRAIN_SIZE: (usize, usize) = (8, 8192);
/// Values in the list of training-set sizes.
const SIZES: usize = 6;

impl Settings for UniformConvergenceConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "dim",
            label: "Dimension d",
            help: "Dimension of the space the two spheres live in. The effect needs high dimension: at d = 30 it \
                vanishes.",
            kind: Kind::int(DIM),
        },
        Setting {
            key: "inner_radius",
            label: "Inner radius (class 0)",
            help: "Radius of the sphere class 0 lies on.",
            kind: RADIUS,
        },
        Setting {
            key: "outer_radius",
            label: "Outer radius (class 1)",
            help: "Radius of the sphere class 1 lies on; larger than the inner one.",
            kind: RADIUS,
        },
        Setting {
            key: "width",
            label: "Hidden width",
            help: "ReLU units of the one hidden layer.",
            kind: Kind::int(WIDTH),
        },
        Setting {
            key: "train_sizes",
            label: "Training-set sizes m",
            help: "One network per size, each from the same initialisation; the first m points of one seeded stream.",
            kind: Kind::int_list(TRAIN_SIZE, SIZES),
        },
        Setting::learning_rate((1e-5, 10.0), "Plain SGD, no momentum, no decay."),
        Setting::batch_size((1, 1024), "Points per SGD step."),
        Setting {
            key: "margin",
            label: "Target margin",
            help: "Logit of the true class minus the other logit that a training point must reach.",
            kind: Kind::Float { min: 0.0, max: 100.0 },
        },
        Setting {
            key: "stop_fraction",
            label: "Stop when this share reaches it",
            help: "Training of an m stops once this share of its training points has the target margin.",
            kind: Kind::Float { min: 0.0, max: 1.0 },
        },
        Setting {
            key: "max_epochs",
            label: "Most epochs",
            help: "Training of an m stops after this many epochs even if the margins are not reached.",
            kind: Kind::Int { min: 1, max: 5000 },
        },
        Setting::data_seed("Seeds the training and test points and the batch orders."),
        Setting::init_seed("Seeds the weights: every m starts from the same ones."),
    ];

    /// S′ moves class-0 points outwards and class-1 points inwards: the spheres must differ;
    /// and the memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        if self.outer_radius <= self.inner_radius {
            let message = format!(
                "must be larger than the inner radius ({}), or the two classes overlap",
                self.inner_radius
            );
            return vec![Problem::new("outer_radius", message)];
        }
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

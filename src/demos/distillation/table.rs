//! The distillation demo's settings table: URL keys, labels, help and bounds of every setting
//! (the only place its bounds are written; `Settings::validate` enforces them).

use super::config::{DistillationConfig, MAX_TRAIN, OptimizerChoice};
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

impl Settings for DistillationConfig {
    const TABLE: &'static [Setting] = &[
        Setting::int(
            "linear_steps",
            "Linear: steps T",
            "Gradient-descent steps of the linear teacher, and of the student on its predictions.",
            1,
            10_000,
        ),
        Setting::int(
            "linear_dim",
            "Linear: dimension d",
            "Features of the linear problem: one eigendirection each.",
            2,
            64,
        ),
        Setting::int(
            "linear_points",
            "Linear: examples n",
            "Examples of the linear problem (at least d).",
            2,
            2000,
        ),
        Setting {
            key: "smallest_eigenvalue",
            label: "Linear: smallest eigenvalue",
            help: "Eigenvalues of XᵀX/n run log-evenly from 1 down to this.",
            kind: Kind::Float { min: 1e-6, max: 0.5 },
        },
        Setting::int(
            "train_size",
            "Digits to train on",
            "The classifier's training set; the other digits test it.",
            100,
            MAX_TRAIN as u64,
        ),
        Setting {
            key: "flip_fraction",
            label: "Flipped labels",
            help: "Share of the training labels changed to another class (each seed its own): where the teacher is \
                unsure.",
            kind: Kind::Float { min: 0.0, max: 0.8 },
        },
        Setting {
            key: "widths",
            label: "Hidden widths",
            help: "ReLU layers of teacher and student.",
            kind: Kind::IntList { min: 1, max: 1024, max_len: 4 },
        },
        Setting {
            key: "optimizer",
            label: "Optimiser",
            help: "How teachers and students step. With SGD + momentum the teacher may memorise the flipped labels, \
                depending on its step: the runs linked under the figures show where the effect vanishes.",
            kind: Kind::Choice { options: OptimizerChoice::OPTIONS },
        },
        Setting::learning_rate(
            (1e-6, 1.0),
            "Step size of the optimiser, no weight decay (Adam 1e-3; SGD + momentum 0.01–0.1).",
        ),
        Setting::batch_size((1, 1024), "Examples per step."),
        Setting::int("epochs", "Teacher epochs", "Passes of the teacher over its training set.", 1, 2000),
        Setting::int(
            "student_epochs",
            "Student epochs",
            "Passes of the student over the teacher's probabilities.",
            1,
            2000,
        ),
        Setting::int(
            "switch_epoch",
            "Student: label epochs first",
            "Epochs the student learns the given labels before it switches to the teacher's probabilities (0: \
                distilled throughout).",
            0,
            2000,
        ),
        Setting {
            key: "temperature",
            label: "Temperature",
            help: "Teacher and student logits are divided by it during distillation.",
            kind: Kind::Float { min: 0.1, max: 20.0 },
        },
        Setting::int(
            "seeds",
            "Seeds",
            "Teacher–student pairs, each on its own flipped labels and weights.",
            1,
            16,
        ),
        Setting::data_seed("Seeds the split, the flipped labels, the linear problem and the batch orders."),
        Setting::init_seed("Seeds the weights of teachers and students."),
    ];

    /// The linear problem needs n ≥ d, the switch must fall within the student's epochs; and the
    /// memory estimate (`cost.rs`).
    fn problems(&self) -> Vec<Problem> {
        if self.linear_points < self.linear_dim {
            return vec![Problem::new(
                "linear_points",
                format!("needs at least as many examples as dimensions ({})", self.linear_dim),
            )];
        }
        if self.switch_epoch > self.student_epochs {
            return vec![Problem::new(
                "switch_epoch",
                format!("must be at most the student's epochs ({})", self.student_epochs),
            )];
        }
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

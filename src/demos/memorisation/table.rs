//! The memorisation demo's settings table: URL keys, labels, help and bounds of every setting
//! (the only place its bounds are written; `Settings::validate` enforces them).

use super::config::{Distillation, MemorisationConfig};
use crate::demos::Problem;
use crate::settings::{Kind, Setting, Settings};

const WIDTH: (usize, usize) = (1, 512);
/// Values in a list of widths.
const WIDTHS: usize = 8;

impl Settings for MemorisationConfig {
    const TABLE: &'static [Setting] = &[
        Setting {
            key: "widths",
            label: "Widths",
            help: "Hidden ReLU units of the label-trained networks, one batch of K networks per width; the largest \
                teaches the students.",
            kind: Kind::int_list(WIDTH, WIDTHS),
        },
        Setting {
            key: "models",
            label: "Networks per width K",
            help: "Each trains on its own random half of the digits; an example's memorisation compares the networks \
                that saw it with those that did not. More is less noisy and slower.",
            kind: Kind::Int { min: 2, max: 128 },
        },
        Setting {
            key: "examples",
            label: "Digits used",
            help: "A seeded subset of the 1,797 digits; each network trains on half of it. With fewer, narrow \
                networks must memorise more.",
            kind: Kind::Int { min: 20, max: super::config::EXAMPLES as u64 },
        },
        Setting {
            key: "flip_fraction",
            label: "Flipped labels",
            help: "Share of the digits given a wrong label (another class, seeded): they can only be fitted by \
                memorising them.",
            kind: Kind::Float { min: 0.0, max: 0.5 },
        },
        Setting::learning_rate((1e-5, 0.1), "Adam's step size."),
        Setting::batch_size((1, 256), "Examples per Adam step, for each network."),
        Setting {
            key: "epochs",
            label: "Epochs",
            help: "Passes over each network's half of the digits.",
            kind: Kind::Int { min: 1, max: 2000 },
        },
        Setting {
            key: "distillation",
            label: "Distillation",
            help: "Also train students on the largest width's soft outputs (doubles the run when every width has a \
                student).",
            kind: Kind::Choice { options: Distillation::OPTIONS },
        },
        Setting {
            key: "student_widths",
            label: "Student widths",
            help: "Hidden widths of the distilled students; student k learns from the largest network trained on the \
                same half.",
            kind: Kind::int_list(WIDTH, WIDTHS),
        },
        Setting {
            key: "temperature",
            label: "Temperature",
            help: "Teacher and student logits are divided by it: above 1 the teacher's outputs are softer.",
            kind: Kind::Float { min: 0.1, max: 20.0 },
        },
        Setting::data_seed("Seeds which labels are flipped, each network's half and the batch orders."),
        Setting::init_seed("Seeds the weights of every network."),
    ];

    /// The memory estimate (`cost.rs`): a run that cannot fit is refused before it starts.
    fn problems(&self) -> Vec<Problem> {
        crate::estimate::cost::over_budget(self, Self::cost).into_iter().collect()
    }
}

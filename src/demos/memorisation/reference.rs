//! Numbers the memorisation page shows beside its own, with their sources (never as measured
//! here). Keys: the paper's findings `paper_trajectories`, `paper_distillation`.

use crate::demos::reference::{Reference, Source};

/// The paper's findings.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "paper_trajectories",
        what: "ResNets of growing depth and width on CIFAR-100 and ImageNet: most examples' memorisation decreases \
            with size; a sizeable share is cap-shaped or increases, and the increasing ones are mostly mislabeled or \
            atypical",
        value: "diverse trajectories",
        source: Source::Paper("§4, Fig. 1–3"),
    },
    Reference {
        key: "paper_distillation",
        what: "distilling a large teacher into smaller students lowers memorisation, mostly of the \
            increasing-trajectory examples, while improving test accuracy",
        value: "distillation inhibits memorisation",
        source: Source::Paper("§6"),
    },
];

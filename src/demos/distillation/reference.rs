//! Numbers the distillation page shows beside its own, with their sources (never as measured
//! here). Keys: `linear` and `paper`.

use crate::demos::reference::{Reference, Source};

const LINEAR: &str = "bench/reference/distillation_linear_numpy.log";

/// The NumPy reference of the linear view, and the paper's findings.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "linear",
        what: "T = 100, λ = 0.026 / 0.0127 / 0.0062 / 0.0030 / 0.0014: teacher; student",
        value: "0.931 / 0.723 / 0.461 / 0.258 / 0.134; 0.867 / 0.522 / 0.212 / 0.066 / 0.018",
        source: Source::NumPy(LINEAR),
    },
    Reference {
        key: "paper",
        what: "on points where the teacher has low confidence the student is even less confident; in eigenspace \
            distillation exaggerates gradient descent's bias toward the top eigendirections",
        value: "the student deviates, and it pays",
        source: Source::Paper("§3–5"),
    },
];

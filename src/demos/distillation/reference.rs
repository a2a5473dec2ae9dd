//! Numbers the distillation page shows beside its own, with their sources (never as measured
//! here). Keys: `linear`, `slope`, `decile`, `accuracy`, `limits` and `paper`.

use crate::demos::reference::{Reference, Source};

const LINEAR: &str = "issue 19's NumPy pilot (shared/papers.md §8)";
const DIGITS: &str = "issue 19's pilot, 5 seeds (shared/papers.md §8)";

/// The pilots of issue 19 and the paper's findings.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "linear",
        what: "T = 100, λ = 0.026 / 0.0127 / 0.0062 / 0.0030 / 0.0014: teacher; student",
        value: "0.93 / 0.72 / 0.46 / 0.26 / 0.13; 0.87 / 0.52 / 0.21 / 0.066 / 0.018",
        source: Source::NumPy(LINEAR),
    },
    Reference {
        key: "slope",
        what: "slope of the student's log-odds on the teacher's (20 % flipped labels)",
        value: "1.090 ± 0.017",
        source: Source::PyTorch(DIGITS),
    },
    Reference {
        key: "decile",
        what: "student − teacher probability on the teacher's least confident 10 %",
        value: "−0.099 ± 0.016",
        source: Source::PyTorch(DIGITS),
    },
    Reference {
        key: "accuracy",
        what: "test accuracy: teacher, student",
        value: "0.872 ± 0.016, 0.878 ± 0.012",
        source: Source::PyTorch(DIGITS),
    },
    Reference {
        key: "limits",
        what: "slope at 40 % flipped; without flipped labels; SGD + momentum; 300 epochs",
        value: "1.128; 0.985; 0.972; 0.842",
        source: Source::PyTorch(DIGITS),
    },
    Reference {
        key: "paper",
        what: "on points where the teacher has low confidence the student is even less confident; in eigenspace \
            distillation exaggerates gradient descent's bias toward the top eigendirections",
        value: "the student deviates, and it pays",
        source: Source::Paper("§3–5"),
    },
];

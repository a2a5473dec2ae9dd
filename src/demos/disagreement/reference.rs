//! Numbers the disagreement page shows beside its own, with their sources (never as measured
//! here).

use crate::demos::reference::{Reference, Source};

/// The PyTorch reference of the default sweep and the paper's Table 1.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "",
        what: "test error over the default sweep",
        value: "0.15–0.38",
        source: Source::PyTorch("shared/papers.md §2, one seed per configuration"),
    },
    Reference {
        key: "",
        what: "disagreement ÷ test error, AllDiff",
        value: "0.95–1.16",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "",
        what: "disagreement ÷ test error, DiffData",
        value: "0.97–1.14",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "",
        what: "disagreement ÷ test error, DiffInit",
        value: "0.16–0.37",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "",
        what: "class-aggregated calibration error (CACE) of the ensembles",
        value: "0.08–0.16",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "",
        what: "ResNet18 on CIFAR-10, AllDiff: test error vs disagreement",
        value: "0.336 vs 0.348",
        source: Source::Paper("Table 1"),
    },
];

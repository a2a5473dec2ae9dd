//! Numbers the disagreement page shows beside its own, with their sources (never as measured
//! here). Keys are the page's summary rows: `test_error`, `disagreement`, `ratio`, `cace`.

use crate::demos::reference::{Reference, Source};

/// The PyTorch reference of the default sweep (`shared/papers.md` §2) and the paper's Table 1.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "test_error",
        what: "mean test error over the default sweep",
        value: "0.15–0.38",
        source: Source::PyTorch("shared/papers.md §2, one seed per configuration"),
    },
    Reference {
        key: "test_error",
        what: "test error, ResNet18 on CIFAR-10, AllDiff",
        value: "0.336",
        source: Source::Paper("Table 1"),
    },
    Reference {
        key: "disagreement",
        what: "disagreement, ResNet18 on CIFAR-10, AllDiff",
        value: "0.348",
        source: Source::Paper("Table 1"),
    },
    Reference {
        key: "ratio",
        what: "disagreement ÷ test error over the default sweep",
        value: "AllDiff 0.95–1.16, DiffData 0.97–1.14",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "ratio_diffinit",
        what: "disagreement ÷ test error, DiffInit",
        value: "0.16–0.37",
        source: Source::PyTorch("shared/papers.md §2"),
    },
    Reference {
        key: "cace",
        what: "class-aggregated calibration error (CACE) of the ensembles",
        value: "0.08–0.16",
        source: Source::PyTorch("shared/papers.md §2"),
    },
];

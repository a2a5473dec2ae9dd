//! Numbers the disagreement page shows beside its own, with their sources (never as measured
//! here). Keys are the page's summary rows: `test_error`, `disagreement`, `ratio`, `cace`.

use crate::demos::reference::{Reference, Source};

/// The NumPy reference of the default sweep (`bench/reference/disagreement_numpy.py`, its log beside
/// it) and the paper's Table 1.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "test_error",
        what: "mean test error over the default sweep",
        value: "AllDiff 0.178–0.226 (mean 0.197)",
        source: Source::NumPy("bench/reference/disagreement_numpy.log"),
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
        value: "AllDiff 0.96–1.14 (mean 1.047), DiffData 0.96–1.11 (mean 1.035)",
        source: Source::NumPy("bench/reference/disagreement_numpy.log"),
    },
    Reference {
        key: "ratio_diffinit",
        what: "disagreement ÷ test error, DiffInit",
        value: "0.26–0.64 (mean 0.376)",
        source: Source::NumPy("bench/reference/disagreement_numpy.log"),
    },
];

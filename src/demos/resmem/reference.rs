//! Numbers the ResMem page shows beside its own, with their sources (never as measured here).

use crate::demos::reference::{Reference, Source};

/// The log of the NumPy reference (`bench/reference/resmem_numpy.py`: digits, one hidden layer,
/// 5 epochs, k = 5, σ = 0.05, 5 seeds).
const LOG: &str = "bench/reference/resmem_numpy.log";

/// The NumPy reference of the digits sweep.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "sweep",
        what: "width 32, 5 epochs: base → ResMem test accuracy",
        value: "0.884 → 0.933 (+4.9 ± 0.6 points)",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "sweep",
        what: "width 8, 5 epochs: base → ResMem test accuracy",
        value: "0.638 → 0.728 (+9.0 ± 4.0 points)",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "",
        what: "an interpolating base (width 256, 100 epochs at lr 0.05: training accuracy 1.0 in every seed)",
        value: "0.936 → 0.936 (+0.0 ± 0.0 points)",
        source: Source::NumPy(LOG),
    },
];

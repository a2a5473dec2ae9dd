//! Numbers the ResMem page shows beside its own, with their sources (never as measured here).

use crate::demos::reference::{Reference, Source};

/// The PyTorch reference of `shared/papers.md` §3 (digits, one hidden layer, 5 epochs, k = 5,
/// σ = 0.05).
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "sweep",
        what: "width 32, 5 epochs: base → ResMem test accuracy",
        value: "0.936 → 0.969 (+3.2 ± 0.8 points)",
        source: Source::PyTorch("shared/papers.md §3, random split"),
    },
    Reference {
        key: "sweep",
        what: "width 8, 5 epochs: base → ResMem test accuracy",
        value: "0.809 → 0.881",
        source: Source::PyTorch("shared/papers.md §3, random split"),
    },
    Reference {
        key: "",
        what: "an interpolating base (training accuracy 1.0)",
        value: "gain ≈ 0",
        source: Source::PyTorch("shared/papers.md §3"),
    },
];

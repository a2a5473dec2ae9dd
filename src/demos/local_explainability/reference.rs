//! Numbers the local-explainability page shows beside its own, with their sources (never as
//! measured here). Keys are the page's summary rows: `correlation`, `penalty`, `explanations`.

use crate::demos::reference::{Reference, Source};

const LOG: &str = "bench/reference/local_explainability_numpy.log";

/// The NumPy reference of the default setting (and of width 256 besides) and the paper.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "correlation",
        what: "Spearman(MNF at σ = 0.5, gap) over widths 16 and 64 (36 models); over 16, 64 and 256 (54)",
        value: "0.79; 0.86",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "correlation",
        what: "Spearman(NF at σ = 0.5, gap) over the 54 models: NF ranks them almost as well",
        value: "0.81",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "penalty",
        what: "width 64, 3,000 steps, λ 0 → 100: generalisation gap; MNF at σ = 0.5",
        value: "0.904 → 0.263 (cut 71 %); 57.9× lower",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "explanations",
        what: "λ = 0, 3,000 steps: held-out ÷ in-sample error of kernel-fitted explanations at σ = 0.5 and 1 \
            (effective sample 2.3 and 17.8 patients)",
        value: "117–200× and 0.8–1.9×",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "explanations",
        what: "the bound on an explanation's generalisation gap shrinks as the neighbourhood widens",
        value: "Theorem 2",
        source: Source::Paper("§5"),
    },
];

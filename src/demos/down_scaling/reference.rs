//! Numbers the down-scaling page shows beside its own, with their sources (never as measured
//! here). Keys: `dense` and `paper`.

use crate::demos::reference::{Reference, Source};

/// Our native run of dense models trained smaller, and the paper's findings.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "dense",
        what: "dense models trained smaller, seed 0, natively: facts, in-context at widths 28 / 24 / 20 / 16 / 12 (23 \
            / 44 / 61 / 75 / 86 % of the block weights removed)",
        value: "0.960, 0.995 / 0.461, 0.988 / 0.137, 0.978 / 0.039, 0.914 / 0.027, 0.639",
        source: Source::Log("bench/results-down-scaling-dense-2026-12-01.jsonl"),
    },
    Reference {
        key: "paper",
        what: "OPT, LLaMA, Pythia (up to 33B): removing > 30 % of the weights (pruning or a smaller dense model) \
            sharply hurts fact recall; 60–70 % removal largely preserves in-context learning",
        value: "facts fall first",
        source: Source::Paper("§1 and Figs. 1–4"),
    },
];

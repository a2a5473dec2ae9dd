//! Numbers the down-scaling page shows beside its own, with their sources (never as measured
//! here). Keys: `s0`, `s30`, … (sparsity in percent), `half`, `dense` and `paper`.

use crate::demos::reference::{Reference, Source};

const PILOT: &str = "issue 18's pilot, 3 seeds (shared/papers.md §7)";

/// The PyTorch pilot of the default run and the paper's findings.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "s0",
        what: "full model: fact recall, in-context",
        value: "1.000, 0.983",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s20",
        what: "20 % of the blocks' weights pruned: fact recall, in-context",
        value: "0.974, 0.983",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s30",
        what: "30 % pruned: fact recall, in-context",
        value: "0.735, 0.967",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s40",
        what: "40 % pruned: fact recall, in-context",
        value: "0.418, 0.893",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s50",
        what: "50 % pruned: fact recall, in-context",
        value: "0.197, 0.704",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s60",
        what: "60 % pruned: fact recall, in-context",
        value: "0.098, 0.430",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "s70",
        what: "70 % pruned: fact recall, in-context",
        value: "0.056, 0.213",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "half",
        what: "sparsity where each falls below half: facts, in-context",
        value: "≈ 38 %, ≈ 58 %",
        source: Source::PyTorch(PILOT),
    },
    Reference {
        key: "dense",
        what: "dense models trained smaller (one seed): width 20 facts 0.68, in-context 0.82; width 16 both 0.43",
        value: "no separation at this scale",
        source: Source::PyTorch(PILOT),
    },
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

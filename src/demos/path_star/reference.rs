//! Numbers the path-star page shows beside its own, with their sources (never as measured here):
//! the paper's findings, and our own native runs, logged in `bench/`. Keys are the modes
//! (`forward`, `reverse`, `teacherless`).

use crate::demos::reference::{Reference, Source};

/// The paper's findings, and our native runs of G(2, 5, 50), 2 layers, width 64, 2 heads, batch 128.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "forward",
        what: "teacher forcing on path-star graphs, Transformer and Mamba: the decision at the source is guessed",
        value: "exact match ≈ 1/d",
        source: Source::Paper("abstract and §5"),
    },
    Reference {
        key: "reverse",
        what: "trained on the reversed path (goal to source)",
        value: "the task is learned",
        source: Source::Paper("§5, Fig. 1"),
    },
    Reference {
        key: "teacherless",
        what: "teacherless (multi-token) training: a preliminary fix",
        value: "learns in some settings",
        source: Source::Paper("abstract and §5"),
    },
    Reference {
        key: "forward",
        what: "teacher forcing: exact match, minima natively (flex)",
        value: "0.470–0.494 from step 500 to 1,500; forced [1.00, 0.47–0.49, 1.00, 1.00, 1.00]",
        source: Source::Log("bench/results-path-star-flex-2026-11-27.log"),
    },
    Reference {
        key: "reverse",
        what: "reverse: exact match, minima natively (flex)",
        value: "0.987 at step 500, 1.000 from 750",
        source: Source::Log("bench/results-path-star-flex-2026-11-27.log"),
    },
    Reference {
        key: "teacherless",
        what: "teacherless: exact match, minima natively (H200, wgpu)",
        value: "0.000 after 10,000 steps",
        source: Source::Log("bench/results-teacherless-10k-h200-2026-11-27.log"),
    },
];

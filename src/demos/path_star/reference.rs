//! Numbers the path-star page shows beside its own, with their sources (never as measured here):
//! the PyTorch reference of the default setting, and our own native runs, logged in `bench/`.
//! Keys are the modes (`forward`, `reverse`, `teacherless`).

use crate::demos::reference::{Reference, Source};

/// The default setting G(2, 5, 50), 2 layers, width 64, 2 heads, batch 128, 1,500 steps.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "forward",
        what: "teacher forcing: exact match (≈ 1/d)",
        value: "0.47–0.50 from step 750 to 1,500; forced [1.0, 0.50, 1.0, 1.0, 1.0]",
        source: Source::PyTorch("shared/papers.md §1, 3 seeds"),
    },
    Reference {
        key: "reverse",
        what: "reverse: exact match",
        value: "≥ 0.99 by step 500–750 (3 of 3 seeds)",
        source: Source::PyTorch("shared/papers.md §1"),
    },
    Reference {
        key: "teacherless",
        what: "teacherless: exact match",
        value: "0.00 after 1,500 steps; the paper's own runs train ≈ 78,000 steps of a larger model",
        source: Source::PyTorch("shared/papers.md §1"),
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

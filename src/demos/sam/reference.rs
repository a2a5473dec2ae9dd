//! Numbers the SAM page shows beside its own, with their sources (never as measured here).

use crate::demos::reference::{Reference, Source};

/// The small-scale setting's PyTorch reference and the paper's DomainBed probes.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "",
        what: "hard-feature probe at the defaults, SGD",
        value: "0.778 ± 0.039",
        source: Source::PyTorch("shared/papers.md §4, 8 seeds"),
    },
    Reference {
        key: "",
        what: "hard-feature probe at the defaults, SAM",
        value: "0.869 ± 0.031 (higher than SGD in 8 of 8 seeds)",
        source: Source::PyTorch("shared/papers.md §4, 8 seeds"),
    },
    Reference {
        key: "",
        what: "hard-feature probe with the easy feature absent on 10 %, SGD → SAM",
        value: "0.829 ± 0.023 → 0.919 ± 0.023 (6 of 6 seeds)",
        source: Source::PyTorch("the SAM demo's issue (#5), measured for this small setting"),
    },
    Reference {
        key: "",
        what: "linear-probe accuracy on a held-out domain, SGD → SAM",
        value: "OfficeHome Clipart 0.716 → 0.745; PACS Cartoon 0.897 → 0.921",
        source: Source::Paper("DomainBed appendix"),
    },
];

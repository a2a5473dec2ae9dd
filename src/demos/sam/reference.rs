//! Numbers the SAM page shows beside its own, with their sources (never as measured here).

use crate::demos::reference::{Reference, Source};

/// The log of the small setting's NumPy reference (`bench/reference/sam_numpy.py`).
const LOG: &str = "bench/reference/sam_numpy.log";

/// The small setting's NumPy reference and the paper's DomainBed probes.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "",
        what: "hard-feature probe at the defaults, SGD",
        value: "0.748 ± 0.033 (8 seeds)",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "",
        what: "hard-feature probe at the defaults, SAM",
        value: "0.847 ± 0.032 (8 seeds, higher than SGD in each)",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "",
        what: "hard-feature probe with the easy feature absent on 10 %, SGD → SAM",
        value: "0.803 ± 0.039 → 0.912 ± 0.014 (SAM higher in each of 8 seeds)",
        source: Source::NumPy(LOG),
    },
    Reference {
        key: "",
        what: "linear-probe accuracy on a held-out domain, SGD → SAM",
        value: "OfficeHome Clipart 0.716 → 0.745; PACS Cartoon 0.897 → 0.921",
        source: Source::Paper("DomainBed appendix"),
    },
];

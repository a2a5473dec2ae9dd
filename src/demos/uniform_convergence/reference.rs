//! Numbers the uniform-convergence page shows beside its own, with their sources (never as
//! measured here). Keys: `m256`, `m512`, … (one training-set size each) and `paper`.

use crate::demos::reference::{Reference, Source};

/// The NumPy references of the default sweep and the paper's result.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "m256",
        what: "m = 256: test error, S′ error",
        value: "0.443, 1.000",
        source: Source::NumPy("bench/reference/uniform_convergence_numpy.log"),
    },
    Reference {
        key: "m512",
        what: "m = 512: test error, S′ error",
        value: "0.348, 1.000",
        source: Source::NumPy("bench/reference/uniform_convergence_numpy.log"),
    },
    Reference {
        key: "m1024",
        what: "m = 1,024: test error, S′ error",
        value: "0.284, 1.000",
        source: Source::NumPy("bench/reference/uniform_convergence_numpy.log"),
    },
    Reference {
        key: "m2048",
        what: "m = 2,048: test error, S′ error",
        value: "0.185, 0.965",
        source: Source::NumPy("bench/reference/uniform_convergence_numpy.log"),
    },
    Reference {
        key: "paper",
        what: "d = 1,000, width 100,000: test error falls with m while the error on S′ stays at 100 %",
        value: "S′ error ≈ 1",
        source: Source::Paper("§3, Fig. 1"),
    },
];

//! Numbers the pause-tokens page shows beside its own, with their sources (never as measured
//! here): the paper's findings at 1B parameters, and this project's study of small settings
//! (`bench/pause-study/`, summarised from its logs in `docs/studies/pause-tokens.md`). Keys are
//! the arms (`none`, `pause`, `cot`).

use crate::demos::reference::{Reference, Source};

/// The study's summary, generated from its logs.
const STUDY: &str = "docs/studies/pause-tokens.md";

/// The paper's findings, and the study's 2-layer runs of 4,000 steps (batch 128, 3 seeds).
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "pause",
        what: "pauses in pretraining and finetuning, 1B-parameter decoder: SQuAD exact match",
        value: "+18 %",
        source: Source::Paper("abstract"),
    },
    Reference {
        key: "pause",
        what: "pauses in pretraining and finetuning, 1B parameters: CommonSenseQA and GSM8k",
        value: "+8 % and +1 %",
        source: Source::Paper("abstract"),
    },
    Reference {
        key: "pause",
        what: "pauses added only in finetuning",
        value: "little gain, or a loss",
        source: Source::Paper("abstract and §4"),
    },
    Reference {
        key: "none",
        what: "4-hop pointer chasing, 2 layers × width 64, no extra tokens (answering the start scores 0.375)",
        value: "0.365 (0.355–0.380)",
        source: Source::Log(STUDY),
    },
    Reference {
        key: "pause",
        what: "4-hop pointer chasing, 2 layers × width 64, 8 pauses",
        value: "0.362 (0.356–0.374)",
        source: Source::Log(STUDY),
    },
    Reference {
        key: "cot",
        what: "4-hop pointer chasing, 2 layers × width 64, chain of thought",
        value: "1.000 (1.000–1.000)",
        source: Source::Log(STUDY),
    },
    Reference {
        key: "pause",
        what: "3-hop pointer chasing: no extra tokens against 8 pauses (pauses cost the layer that finds the start)",
        value: "0.987 against 0.288",
        source: Source::Log(STUDY),
    },
];

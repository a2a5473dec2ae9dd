//! Numbers measured elsewhere, as data: the paper's, a PyTorch reference's, or our own runs on
//! another machine (a file in `bench/`). A page shows them beside what it measures, labelled as
//! references with their source; nothing here is ever shown as measured in the browser.

use serde::Serialize;

/// Where a reference number comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "where", rename_all = "snake_case")]
pub enum Source {
    /// The paper: section, table or figure.
    Paper(&'static str),
    /// The PyTorch reference setting of `shared/papers.md` (the issue that set the demo's scale).
    PyTorch(&'static str),
    /// One of our own runs, logged in the repository: a file under `bench/`.
    Log(&'static str),
}

impl Source {
    /// For people: "the paper, Table 1", "PyTorch reference (…)", "our run, bench/…".
    pub fn label(&self) -> String {
        match self {
            Source::Paper(at) => format!("the paper, {at}"),
            Source::PyTorch(setting) => format!("PyTorch reference, {setting}"),
            Source::Log(file) => format!("our run, {file}"),
        }
    }
}

/// One reference figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// What a page looks it up by, to show it beside its own measurement of the same thing
    /// (a mode, a method…); empty when it stands alone.
    pub key: &'static str,
    /// What was measured: "teacher forcing, exact match at step 500".
    pub what: &'static str,
    /// The value as reported, with its unit or range: "0.47–0.50".
    pub value: &'static str,
    /// Where it comes from.
    pub source: Source,
}

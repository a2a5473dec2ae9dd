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
    /// A PyTorch reference of the demo's setting: the log its script wrote (a file under
    /// `bench/reference/`, the script beside it), or, until one is written, where the setting was
    /// first measured.
    PyTorch(&'static str),
    /// A NumPy reference of the demo's setting, independent of minima's code: the log its script
    /// wrote (a file under `bench/`, the script beside it), or where it was first measured.
    #[serde(rename = "numpy")]
    NumPy(&'static str),
    /// One of our own runs, logged in the repository: a file under `bench/`.
    Log(&'static str),
}

impl Source {
    /// For people: "the paper, Table 1", "PyTorch reference, …", "NumPy reference, …", "our run, bench/…".
    pub fn label(&self) -> String {
        match self {
            Source::Paper(at) => format!("the paper, {at}"),
            Source::PyTorch(setting) => format!("PyTorch reference, {setting}"),
            Source::NumPy(setting) => format!("NumPy reference, {setting}"),
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

/// The references under `key`, for people: "value (source); value (source)".
pub fn cite(references: &[Reference], key: &str) -> String {
    cite_where(references, key, |_| true)
}

/// The references under `key` whose source `pick` accepts, as [`cite`] writes them.
pub fn cite_where(references: &[Reference], key: &str, pick: fn(&Source) -> bool) -> String {
    references
        .iter()
        .filter(|r| r.key == key && pick(&r.source))
        .map(|r| format!("{} ({})", r.value, r.source.label()))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citing_joins_every_reference_of_a_key_with_its_source() {
        let refs = [
            Reference { key: "a", what: "x", value: "1", source: Source::Paper("Table 1") },
            Reference { key: "b", what: "y", value: "2", source: Source::Log("bench/x.log") },
            Reference { key: "a", what: "z", value: "3", source: Source::PyTorch("§2") },
        ];
        assert_eq!(cite(&refs, "a"), "1 (the paper, Table 1); 3 (PyTorch reference, §2)");
        assert_eq!(cite(&refs, "c"), "");
        assert_eq!(cite_where(&refs, "a", |s| matches!(s, Source::Paper(_))), "1 (the paper, Table 1)");
    }
}

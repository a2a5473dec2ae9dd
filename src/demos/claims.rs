//! What a paper claims, written once as data and judged from the results a run emits: by the page
//! (the "Does it reproduce?" card, live), the science tests, the end-to-end tests (which read the
//! card), `minima check` and the README's claims table. No burn: the page judges in its own module.
//!
//! A [`Claim`] names the paper's statement and where it is made, the bound the measured value must
//! meet, the evidence it needs, and the paper's (or a reference's) value with its source. Its
//! `measure` reads the run's results so far and says whether the evidence is complete
//! ([`Progress`]). [`judge`] turns that into a [`Verdict`]: not decided yet, holds, or does not
//! hold, with the value measured, the bound, and the step or epoch where it was decided.

use crate::demos::reference::Source;
use serde::{Deserialize, Serialize};

/// The bound a claim's measured value must meet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// value ≥ x.
    AtLeast(f64),
    /// value ≤ x.
    AtMost(f64),
    /// value > x.
    Above(f64),
    /// value < x.
    Below(f64),
    /// |value − center| ≤ tolerance.
    Within {
        /// The value the claim expects.
        center: f64,
        /// How far from it the value may lie.
        tolerance: f64,
    },
}

impl Bound {
    /// Whether `value` meets the bound (never for NaN).
    pub fn holds(&self, value: f64) -> bool {
        match *self {
            Bound::AtLeast(x) => value >= x,
            Bound::AtMost(x) => value <= x,
            Bound::Above(x) => value > x,
            Bound::Below(x) => value < x,
            // The slack absorbs the rounding of decimal bounds (0.33 − 0.25 is 0.0800…02 in f64).
            Bound::Within { center, tolerance } => (value - center).abs() <= tolerance + 1e-12,
        }
    }

    /// For people: "≥ 0.95", "within 0.25 ± 0.08".
    pub fn text(&self) -> String {
        let n = crate::format::number;
        match *self {
            Bound::AtLeast(x) => format!("≥ {}", n(x)),
            Bound::AtMost(x) => format!("≤ {}", n(x)),
            Bound::Above(x) => format!("> {}", n(x)),
            Bound::Below(x) => format!("< {}", n(x)),
            Bound::Within { center, tolerance } => format!("within {} ± {}", n(center), n(tolerance)),
        }
    }
}

/// A value measured from a run's results.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// The number the bound judges.
    pub value: f64,
    /// How a person reads it ("+4.2 points", "4 of 5 seeds"); by default the value to 3 decimals.
    pub shown: String,
    /// Where in the run it was measured: "epoch 60", "step 500".
    pub at: String,
}

impl Measured {
    /// `value`, measured at `at`, shown to 3 decimals.
    pub fn new(value: f64, at: impl Into<String>) -> Self {
        Measured { value, shown: format!("{value:.3}"), at: at.into() }
    }

    /// The same, shown as `shown`.
    pub fn shown(mut self, shown: impl Into<String>) -> Self {
        self.shown = shown.into();
        self
    }
}

/// How far the evidence a claim needs has come.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Nothing to judge yet: what the claim waits for ("the last epoch of every seed").
    Waiting(String),
    /// A value so far, not yet the one the claim is judged on.
    Partial(Measured),
    /// The evidence is complete: the claim is judged on this value.
    Final(Measured),
    /// These settings cannot decide the claim: why, in words a person can act on.
    Undecidable(String),
}

impl Progress {
    /// `measured`, final once the evidence is `complete`, partial before.
    pub fn judged(measured: Measured, complete: bool) -> Self {
        if complete { Progress::Final(measured) } else { Progress::Partial(measured) }
    }
}

/// One claim of a paper, at this demo's scale.
#[derive(Clone, Copy, Debug)]
pub struct Claim<C, R> {
    /// Stable id, in the card's `data-claim`, the embed event and the logs: "hard-probe-gap".
    pub id: &'static str,
    /// What the paper says, in plain words, as this setting tests it.
    pub statement: &'static str,
    /// Where the paper says it: "§4.2, Figure 3".
    pub section: &'static str,
    /// The bound the measured value must meet.
    pub bound: Bound,
    /// What the claim needs before it is decided: "5 seeds, at the last epoch".
    pub evidence: &'static str,
    /// The paper's (or a reference run's) value of the same quantity, as reported, and where it
    /// comes from (a section of the paper, or a script and its log here); `None` when neither
    /// reports one.
    pub reference: Option<(&'static str, Source)>,
    /// The measurement from the configuration and the results so far, in the order emitted.
    pub measure: fn(&C, &[&R]) -> Progress,
}

/// Whether a claim held, as far as a run has come.
/// A configuration where some of a demo's claims must **not** hold: a negative control. A claim
/// that holds everywhere checks nothing. `tests/check.rs` runs `minima check` at every demo's
/// controls ([`crate::demos::Demo::CONTROLS`]) and wants exit code 1, the claims in `fails` judged
/// "does not hold" and every other claim "holds"; `docs/claims.md` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegativeControl {
    /// The settings that differ from the defaults, as a JSON object (`{"rho": 0}`).
    pub overrides: &'static str,
    /// Why the claims fail there, in plain words.
    pub why: &'static str,
    /// The ids of the claims that must not hold; at least one.
    pub fails: &'static [&'static str],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The evidence is not complete yet (or these settings cannot complete it).
    NotDecided,
    /// The evidence is complete and the value meets the bound.
    Holds,
    /// The evidence is complete and the value misses the bound.
    DoesNotHold,
}

impl State {
    /// For people: "not decided yet", "holds", "does not hold".
    pub fn label(&self) -> &'static str {
        match self {
            State::NotDecided => "not decided yet",
            State::Holds => "holds",
            State::DoesNotHold => "does not hold",
        }
    }

    /// As in JSON and the page's `data-state`: "not-decided", "holds", "does-not-hold".
    pub fn key(self) -> &'static str {
        match self {
            State::NotDecided => "not-decided",
            State::Holds => "holds",
            State::DoesNotHold => "does-not-hold",
        }
    }

    /// The state of [`State::key`] `key`.
    pub fn parse(key: &str) -> Option<Self> {
        [State::NotDecided, State::Holds, State::DoesNotHold].into_iter().find(|s| s.key() == key)
    }
}

/// A claim judged: what the card, the CLI and the logs show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// [`Claim::id`].
    pub id: String,
    /// [`Claim::statement`].
    pub statement: String,
    /// [`Claim::section`].
    pub section: String,
    /// The bound, for people ([`Bound::text`]).
    pub bound: String,
    /// [`Claim::evidence`].
    pub evidence: String,
    /// The reference value of [`Claim::reference`], or "—".
    pub reference: String,
    /// Where the reference comes from ([`Source::label`]), or "" without one.
    pub source: String,
    /// Not decided yet, holds, or does not hold.
    pub state: State,
    /// The value measured so far, if any.
    pub value: Option<f64>,
    /// The value as a person reads it, or what the claim waits for.
    pub shown: String,
    /// Where the value was measured ("epoch 60"); for a decided claim, where it was decided.
    pub at: Option<String>,
}

impl Verdict {
    /// The state as in JSON and the page's `data-state`: "not-decided", "holds", "does-not-hold".
    pub fn state_key(&self) -> &'static str {
        self.state.key()
    }
}

/// Every claim of `claims` judged on `config`'s results so far.
pub fn judge<C, R>(claims: &[Claim<C, R>], config: &C, results: &[&R]) -> Vec<Verdict> {
    claims
        .iter()
        .map(|claim| {
            let (state, measured, waiting) = match (claim.measure)(config, results) {
                Progress::Waiting(what) => (State::NotDecided, None, Some(format!("waiting for {what}"))),
                Progress::Undecidable(why) => (State::NotDecided, None, Some(why)),
                Progress::Partial(m) => (State::NotDecided, Some(m), None),
                Progress::Final(m) if claim.bound.holds(m.value) => (State::Holds, Some(m), None),
                Progress::Final(m) => (State::DoesNotHold, Some(m), None),
            };
            Verdict {
                id: claim.id.into(),
                statement: claim.statement.into(),
                section: claim.section.into(),
                bound: claim.bound.text(),
                evidence: claim.evidence.into(),
                reference: claim.reference.map_or("—".into(), |(value, _)| value.into()),
                source: claim.reference.map(|(_, source)| source.label()).unwrap_or_default(),
                state,
                value: measured.as_ref().map(|m| m.value),
                shown: measured.as_ref().map(|m| m.shown.clone()).or(waiting).unwrap_or_default(),
                at: measured.map(|m| m.at),
            }
        })
        .collect()
}

/// The verdicts as a plain-text table (the command line's `minima check`).
pub fn table(verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    for v in verdicts {
        let at = v.at.as_deref().map(|a| format!(" at {a}")).unwrap_or_default();
        let source = if v.source.is_empty() { String::new() } else { format!(", {}", v.source) };
        out.push_str(&format!(
            "{:<16} {:<15} measured {}{at}; bound {}; reference {}{source}\n    {} ({})\n",
            v.id,
            v.state.label(),
            v.shown,
            v.bound,
            v.reference,
            v.statement,
            v.section
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(measure: fn(&u32, &[&f64]) -> Progress) -> Claim<u32, f64> {
        Claim {
            id: "c",
            statement: "the value is at least a half",
            section: "§1",
            bound: Bound::AtLeast(0.5),
            evidence: "every result",
            reference: Some(("0.6", Source::Paper("Table 1"))),
            measure,
        }
    }

    fn last(config: &u32, results: &[&f64]) -> Progress {
        match results.last() {
            None => Progress::Waiting("a result".into()),
            Some(v) if results.len() < *config as usize => Progress::Partial(Measured::new(**v, "now")),
            Some(v) => Progress::Final(Measured::new(**v, format!("result {}", results.len()))),
        }
    }

    #[test]
    fn a_claim_is_decided_only_on_complete_evidence_and_then_by_its_bound() {
        let c = [claim(last)];
        let state = |results: &[f64]| {
            let refs: Vec<&f64> = results.iter().collect();
            judge(&c, &2, &refs)[0].clone()
        };
        let waiting = state(&[]);
        assert_eq!(
            (waiting.state, waiting.value, waiting.shown.as_str()),
            (State::NotDecided, None, "waiting for a result")
        );
        let partial = state(&[0.9]);
        assert_eq!((partial.state, partial.value), (State::NotDecided, Some(0.9)));
        let holds = state(&[0.9, 0.5]);
        assert_eq!(
            (holds.state, holds.at.as_deref(), holds.bound.as_str()),
            (State::Holds, Some("result 2"), "≥ 0.5")
        );
        assert_eq!(state(&[0.9, 0.49]).state, State::DoesNotHold);
        assert_eq!(state(&[0.9, f64::NAN]).state, State::DoesNotHold);
    }

    #[test]
    fn bounds_read_as_written() {
        assert!(Bound::Within { center: 0.25, tolerance: 0.08 }.holds(0.33));
        assert!(!Bound::Within { center: 0.25, tolerance: 0.08 }.holds(0.34));
        assert!(Bound::Above(1.0).holds(1.01) && !Bound::Above(1.0).holds(1.0));
        assert!(Bound::Below(0.02).holds(0.01) && !Bound::Below(0.02).holds(0.02));
        assert_eq!(Bound::Within { center: 0.25, tolerance: 0.08 }.text(), "within 0.25 ± 0.08");
        assert_eq!(Bound::AtMost(3.0).text(), "≤ 3");
        for state in [State::NotDecided, State::Holds, State::DoesNotHold] {
            let v = Verdict { state, ..judge(&[claim(last)], &1, &[])[0].clone() };
            assert_eq!(serde_json::to_value(state).unwrap(), v.state_key());
        }
    }
}

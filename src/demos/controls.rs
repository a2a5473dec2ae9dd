//! The controls that run without a page (command line, tests, benchmarks): to the end, to the end
//! and then questions, or to the verdict ([`crate::demos::train::Control`]; the browser worker has
//! its own).

use crate::demos::claims::State;
use crate::demos::{AfterRun, Control, DemoConfig, DemoResult, Event, Flow, Query};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// A control that never pauses or stops (command line, tests, benchmarks).
pub struct RunToEnd;

impl Control for RunToEnd {
    async fn between_steps(&self) -> Flow {
        Flow::Run
    }
}

/// A control that runs to the end, then asks the trained models `questions` in order (the command
/// line's `--query`, tests).
pub struct AskAfterRun(RefCell<VecDeque<Query>>);

impl AskAfterRun {
    /// Asks `questions` after the run, first to last.
    pub fn new(questions: impl IntoIterator<Item = Query>) -> Self {
        Self(RefCell::new(questions.into_iter().collect()))
    }
}

impl Control for AskAfterRun {
    async fn between_steps(&self) -> Flow {
        Flow::Run
    }

    async fn after_run(&self) -> Option<AfterRun> {
        self.0.borrow_mut().pop_front().map(AfterRun::Ask)
    }
}

/// A control that stops the run once every claim is decided (holds, or does not hold) on the
/// results seen so far, after asking the models `question` as they are then, if one is given
/// (`minima check`, the science tests): no step after the verdict decides anything. Feed it every
/// event with [`StopAtVerdict::see`].
pub struct StopAtVerdict<'a> {
    config: &'a DemoConfig,
    results: RefCell<Vec<DemoResult>>,
    /// Whether every claim is decided on `results`: judged when a result arrives, not every step.
    decided: Cell<bool>,
    question: RefCell<Option<Query>>,
}

impl<'a> StopAtVerdict<'a> {
    /// Stops `config`'s run at its verdict, asking `question` first.
    pub fn new(config: &'a DemoConfig, question: Option<Query>) -> Self {
        Self {
            config,
            results: RefCell::default(),
            decided: Cell::new(false),
            question: RefCell::new(question),
        }
    }

    /// Keeps the result `event` carries, if any, and judges the claims again.
    pub fn see(&self, event: &Event) {
        if let Event::Result(r) = event {
            let mut results = self.results.borrow_mut();
            results.push(r.clone());
            let verdicts = self.config.verdicts(&results);
            self.decided.set(verdicts.iter().all(|v| v.state != State::NotDecided));
        }
    }

    /// The results seen, in order.
    pub fn results(&self) -> Vec<DemoResult> {
        self.results.borrow().clone()
    }
}

impl Control for StopAtVerdict<'_> {
    async fn between_steps(&self) -> Flow {
        if !self.decided.get() {
            return Flow::Run;
        }
        match self.question.borrow_mut().take() {
            Some(q) => Flow::Answer(q),
            None => Flow::Stop,
        }
    }
}

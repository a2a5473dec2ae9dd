//! The estimate beside Train and the question before a long run ([`crate::estimate`]).
//!
//! - The line states the run's parameters, its peak memory and its time: at the speed this
//!   browser measured in a run of the demo, or, before one, at the speed expected here
//!   ([`crate::estimate::reference`], on the CPU).
//! - Train on a run estimated over [`LONG_RUN_SECONDS`] asks first ("Train anyway" or "Cancel").
//! - A run without an estimate is timed while it trains (its first [`START_UP`] seconds, the
//!   start-up, do not count): after [`crate::estimate::MEASURED_AFTER`] seconds its speed
//!   is kept, and if the whole run would take longer than the limit it pauses once and asks
//!   ("Go on" or "Stop").

use crate::app::session::{Phase, Session};
use crate::engine::Backend;
use crate::estimate::cost::Cost;
use crate::estimate::{self, LONG_RUN_SECONDS, START_UP, Speed, kept};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_run_estimate`] gives the frame.
pub struct RunEstimate {
    /// The estimate line.
    pub line: String,
    /// Where its time comes from: `measured`, `expected` or `none`.
    pub source: &'static str,
    /// The question, while one is asked.
    pub question: Html,
    /// Train as a person asks for it: through the question when the run is long.
    pub play: Callback<()>,
}

/// Seconds spent training in this run, and when the last stretch began (ms since the epoch).
#[derive(Default)]
struct Timing {
    generation: u32,
    running: f64,
    since: Option<f64>,
    saved: f64,
    asked: bool,
    /// (seconds trained, fraction done) once past the start-up: the speed is measured from
    /// there, so that loading the module and a first evaluation do not count.
    mark: Option<(f64, f64)>,
}

/// The estimate of `cost` on `backend` for demo `demo`, and the question before long runs.
#[hook]
pub fn use_run_estimate(
    demo: &'static str,
    backend: Backend,
    cost: Cost,
    session: &Session,
    play: Callback<()>,
) -> RunEstimate {
    let state = &*session.state;
    let asking = use_state(|| None::<(bool, String)>);
    let timing: Rc<RefCell<Timing>> = use_mut_ref(Timing::default);
    // Read from localStorage when a run can have changed it, not at every progress event.
    let speed = *use_memo((demo, backend, state.generation, state.phase), |&(demo, backend, ..)| {
        estimate::speed_here(demo, backend)
    });
    {
        // Time the run while it trains; keep its speed; ask once when it proves long.
        let (timing, asking, pause) = (timing.clone(), asking.clone(), session.pause.clone());
        let key = (state.generation, state.phase, state.step);
        let fraction = state.fraction();
        use_effect_with(key, move |&(generation, phase, _)| {
            let mut t = timing.borrow_mut();
            if t.generation != generation {
                *t = Timing { generation, ..Timing::default() };
                asking.set(None);
            }
            let now = js_sys::Date::now();
            if let Some(since) = t.since.take() {
                t.running += (now - since) / 1000.0;
            }
            if phase == Phase::Running {
                t.since = Some(now);
            }
            if t.mark.is_none() && t.running >= START_UP {
                t.mark = Some((t.running, fraction));
            }
            let window = t.mark.map(|(at, done)| (fraction - done, t.running - at));
            if let Some(s) = window.and_then(|(done, seconds)| estimate::speed(&cost, done, seconds)) {
                if phase != Phase::Running || now - t.saved > 2000.0 {
                    t.saved = now;
                    kept::remember(demo, backend, s);
                }
                if !t.asked && phase == Phase::Running && estimate::seconds(&cost, s) > LONG_RUN_SECONDS {
                    t.asked = true;
                    pause.emit(());
                    asking.set(Some((
                        true,
                        estimate::long_run_question(&cost, backend, Speed::Measured(s), true),
                    )));
                }
            }
        });
    }
    let guarded_play = {
        let (asking, timing, play, phase) = (asking.clone(), timing.clone(), play.clone(), state.phase);
        Callback::from(move |_| {
            let long = speed.filter(|s| estimate::seconds(&cost, s.value()) > LONG_RUN_SECONDS);
            match long {
                Some(s) if phase == Phase::Idle && !timing.borrow().asked => {
                    asking.set(Some((false, estimate::long_run_question(&cost, backend, s, false))))
                }
                _ => play.emit(()),
            }
        })
    };
    let question = match &*asking {
        None => Html::default(),
        Some((started, text)) => {
            let go = {
                let (asking, timing, play) = (asking.clone(), timing.clone(), play.clone());
                Callback::from(move |_: MouseEvent| {
                    timing.borrow_mut().asked = true;
                    asking.set(None);
                    play.emit(());
                })
            };
            let stop = {
                let (asking, reset, started) = (asking.clone(), session.reset.clone(), *started);
                Callback::from(move |_: MouseEvent| {
                    asking.set(None);
                    if started {
                        reset.emit(());
                    }
                })
            };
            html! {
                <div class="long-run" role="alertdialog" aria-label="A long run" data-testid="long-run">
                    <p>{ text.clone() }</p>
                    <button class="primary" onclick={go} data-testid="long-run-go">{ if *started { "Go \
                        on" } else { "Train anyway" } }</button>
                    <button onclick={stop} data-testid="long-run-stop">{ if *started { "Stop" } else { "Cancel" }
                        }</button>
                </div>
            }
        }
    };
    let source = match speed {
        Some(Speed::Measured(_)) => "measured",
        Some(Speed::Expected(_)) => "expected",
        None => "none",
    };
    RunEstimate { line: estimate::line(&cost, backend, speed), source, question, play: guarded_play }
}

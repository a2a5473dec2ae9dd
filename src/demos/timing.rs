//! Timing a few optimiser steps of a run: the control behind the worker's
//! [`crate::demos::event::Command::Time`], with which the page picks the faster backend for a
//! demo where a hardware GPU is offered (small models can be slower there: each step dispatches
//! many tiny kernels).
//!
//! The run takes [`WARM_UP`] steps first (kernel compilation, first allocations), then is timed
//! over at least [`AT_LEAST`] of wall clock (and 2 steps), at most [`AT_MOST_STEPS`] steps. Each
//! end of the timed stretch follows a step whose loss was read back ([`Flow::Report`]), so a lazy
//! backend has finished the work it queued before the clock is read.

use crate::demos::{Control, Flow};
use std::cell::Cell;
use web_time::{Duration, Instant};

/// Steps taken before the clock starts.
pub const WARM_UP: u64 = 3;
/// Shortest timed stretch.
pub const AT_LEAST: Duration = Duration::from_millis(500);
/// Most steps timed (a fast model reaches [`AT_LEAST`] first).
pub const AT_MOST_STEPS: u64 = 400;

/// Where the timing stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    /// Taking the warm-up steps; this many taken.
    WarmingUp(u64),
    /// The last warm-up step is being reported (its loss read back).
    Syncing,
    /// Timed since `from`, this many steps so far.
    Timing { from: Instant, steps: u64 },
    /// The last timed step is being reported.
    Ending { from: Instant, steps: u64 },
    /// Timed: steps and seconds.
    Done { steps: u64, seconds: f64 },
}

/// A control that times a run's steps after a warm-up, then stops it.
pub struct TimeSteps {
    stage: Cell<Stage>,
}

impl Default for TimeSteps {
    fn default() -> Self {
        Self { stage: Cell::new(Stage::WarmingUp(0)) }
    }
}

impl TimeSteps {
    /// Steps timed and their seconds, once the timing is done; `None` if the run ended first.
    pub fn timed(&self) -> Option<(u64, f64)> {
        match self.stage.get() {
            Stage::Done { steps, seconds } => Some((steps, seconds)),
            _ => None,
        }
    }

    /// After the run: a run that ended while being timed (a short one) is timed up to its end,
    /// whose last results were read back, if at least one step was.
    pub fn run_ended(&self) {
        if let Stage::Timing { from, steps } | Stage::Ending { from, steps } = self.stage.get()
            && steps > 0
        {
            self.stage.set(Stage::Done { steps, seconds: from.elapsed().as_secs_f64() });
        }
    }

    /// The next stage after a step, and what the run does.
    fn next(stage: Stage, now: Instant) -> (Stage, Flow) {
        match stage {
            Stage::WarmingUp(n) if n + 1 < WARM_UP => (Stage::WarmingUp(n + 1), Flow::Run),
            Stage::WarmingUp(_) => (Stage::Syncing, Flow::Report),
            // Asked again after the report: the queued work is done, the clock starts.
            Stage::Syncing => (Stage::Timing { from: now, steps: 0 }, Flow::Run),
            Stage::Timing { from, steps } => {
                let steps = steps + 1;
                let long_enough = steps >= 2 && now.duration_since(from) >= AT_LEAST;
                if long_enough || steps >= AT_MOST_STEPS {
                    (Stage::Ending { from, steps }, Flow::Report)
                } else {
                    (Stage::Timing { from, steps }, Flow::Run)
                }
            }
            Stage::Ending { from, steps } => {
                (Stage::Done { steps, seconds: now.duration_since(from).as_secs_f64() }, Flow::Stop)
            }
            done @ Stage::Done { .. } => (done, Flow::Stop),
        }
    }

    /// What the run does after a step (the [`Control`] answer, without waiting: the browser
    /// worker's own control asks it, so that the module compiles the demos' training loops once).
    pub fn after_step(&self) -> Flow {
        let (stage, flow) = Self::next(self.stage.get(), Instant::now());
        self.stage.set(stage);
        flow
    }
}

impl Control for TimeSteps {
    async fn between_steps(&self) -> Flow {
        self.after_step()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_up_syncs_times_then_stops() {
        let t0 = Instant::now();
        let mut stage = Stage::WarmingUp(0);
        let mut flows = Vec::new();
        // Steps 1 and 2 run, step 3 is reported; the clock starts when the run asks again.
        for _ in 0..4 {
            let (s, f) = TimeSteps::next(stage, t0);
            flows.push(f);
            stage = s;
        }
        assert_eq!(flows, [Flow::Run, Flow::Run, Flow::Report, Flow::Run]);
        assert_eq!(stage, Stage::Timing { from: t0, steps: 0 });
        // Two quick steps: not long enough yet; then a step at 0.6 s ends the stretch.
        let (s, f) = TimeSteps::next(stage, t0 + Duration::from_millis(10));
        assert_eq!((s, f), (Stage::Timing { from: t0, steps: 1 }, Flow::Run));
        let (s, f) = TimeSteps::next(s, t0 + Duration::from_millis(20));
        assert_eq!(f, Flow::Run);
        let (s, f) = TimeSteps::next(s, t0 + Duration::from_millis(600));
        assert_eq!((s, f), (Stage::Ending { from: t0, steps: 3 }, Flow::Report));
        // After the report the clock stops: 3 steps in 0.7 s.
        let (s, f) = TimeSteps::next(s, t0 + Duration::from_millis(700));
        assert_eq!(f, Flow::Stop);
        assert_eq!(s, Stage::Done { steps: 3, seconds: 0.7 });
        // A run that ends while timed is timed to its end; one that ends warming up is not.
        let ended = TimeSteps { stage: Cell::new(Stage::Timing { from: t0, steps: 5 }) };
        ended.run_ended();
        assert!(matches!(ended.timed(), Some((5, s)) if s >= 0.0));
        let early = TimeSteps::default();
        early.run_ended();
        assert_eq!(early.timed(), None);
        // One slow step is not enough: at least two are timed.
        let (s, f) = TimeSteps::next(Stage::Timing { from: t0, steps: 0 }, t0 + Duration::from_secs(5));
        assert_eq!((s, f), (Stage::Timing { from: t0, steps: 1 }, Flow::Run));
    }

    #[test]
    fn a_real_run_is_timed_and_stopped() {
        use crate::demos::DemoConfig;
        use crate::engine::{Backend, block_on, init_device};
        let config: DemoConfig = crate::demos::sam::SamConfig::default().into();
        let device = block_on(init_device(Backend::Flex)).unwrap();
        let control = TimeSteps::default();
        let mut events = Vec::new();
        block_on(config.run(Backend::Flex, &device, &control, &mut |e| events.push(e)));
        let (steps, seconds) = control.timed().expect("timed before the run ended");
        assert!(steps >= 2 && seconds > 0.0, "{steps} steps in {seconds} s");
        assert!(
            events.iter().any(|e| matches!(e, crate::demos::Event::Stopped { .. })),
            "the run stopped after the timing"
        );
    }
}

//! What a run costs and how long it will take: [`cost`] (parameters, peak memory, largest buffer
//! and work, from the configuration alone; each demo states its own with
//! [`crate::demos::Demo::cost`]), and here the estimate beside Train: its size and peak memory, and
//! its time at a speed.
//!
//! Speed is work per second: the cost's floating-point operations done, over the seconds they
//! took. It comes from one of two places ([`Speed`]):
//! - **measured here**: each run of a demo updates it once it has trained [`MEASURED_AFTER`]
//!   seconds past its [`START_UP`] (kept in `localStorage` per demo and backend, `kept` below, so
//!   the next run of that demo starts with an estimate);
//! - **expected**, before any run of the demo here (on the CPU): the demo's speed on a reference
//!   machine ([`reference`]), scaled by this device's score in a fifth-of-a-second calibration
//!   ([`calibrate`]).
//!
//! A new configuration's time is its work at that speed. Small networks are dominated by
//! per-step overheads, so the estimate is rough across sizes: it says so and where it came from.

pub mod calibrate;
pub mod cost;
pub mod pick;
pub mod reference;

use crate::engine::Backend;
use cost::{Cost, bytes, count};

/// A run that would take longer than this asks before it starts (or, measured in its first
/// seconds, pauses and asks once).
pub const LONG_RUN_SECONDS: f64 = 600.0;

/// Seconds of training before a run's speed counts, after [`START_UP`].
pub const MEASURED_AFTER: f64 = 5.0;

/// Seconds at the start of a run that its speed leaves out (the module loading, a first
/// evaluation).
pub const START_UP: f64 = 2.0;

/// Where the page keeps speeds: `localStorage`, one entry per demo and backend.
#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub mod kept {
    use crate::engine::Backend;

    fn key(demo: &str, backend: Backend) -> String {
        format!("minima.speed.{demo}.{}", backend.key())
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The speed (operations per second) measured by the last run of `demo` on `backend` here.
    pub fn remembered(demo: &str, backend: Backend) -> Option<f64> {
        let text = storage()?.get_item(&key(demo, backend)).ok().flatten()?;
        text.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0)
    }

    /// Keeps `speed` for the next runs of `demo` on `backend`.
    pub fn remember(demo: &str, backend: Backend, speed: f64) {
        if let (Some(s), true) = (storage(), speed.is_finite() && speed > 0.0) {
            let _ = s.set_item(&key(demo, backend), &format!("{speed:.6e}"));
        }
    }
}

/// The speed a run of `demo` on `backend` can expect here: the last run's of the demo, or, before
/// one, the expected speed (on the CPU; the calibration runs once per browser).
#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub fn speed_here(demo: &str, backend: Backend) -> Option<Speed> {
    kept::remembered(demo, backend).map(Speed::Measured).or_else(|| {
        (backend == Backend::Flex)
            .then(calibrate::kept::score)
            .flatten()
            .and_then(|score| reference::expected_speed(demo, backend, score))
            .map(Speed::Expected)
    })
}

/// How long a run of `cost` of `demo` would take on this CPU ("about 6 min on this CPU"), from
/// [`speed_here`]; `None` before this browser has a speed for it.
#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub fn time_here(demo: &str, cost: &Cost) -> Option<String> {
    speed_here(demo, Backend::Flex).map(|s| format!("{} on this CPU", duration(seconds(cost, s.value()))))
}

/// The speed of a run that has done `fraction` of `cost`'s work in `seconds`.
pub fn speed(cost: &Cost, fraction: f64, seconds: f64) -> Option<f64> {
    (seconds >= MEASURED_AFTER && fraction > 0.0).then(|| cost.flops * fraction / seconds)
}

/// Seconds the whole of `cost` takes at `speed`.
pub fn seconds(cost: &Cost, speed: f64) -> f64 {
    cost.flops / speed.max(1e-9)
}

/// "about 40 s", "about 3 min", "about 1.5 h".
pub fn duration(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("about {:.0} s", seconds.max(1.0))
    } else if seconds < 5400.0 {
        format!("about {:.0} min", seconds / 60.0)
    } else {
        format!("about {:.1} h", seconds / 3600.0)
    }
}

/// What the processor is called in the estimate.
fn device(backend: Backend) -> &'static str {
    match backend {
        Backend::Flex => "this CPU",
        Backend::Wgpu => "this GPU",
    }
}

/// Where a speed comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// Measured by the last run of this demo here.
    Measured(f64),
    /// Expected from the reference machine and this device's calibration ([`reference`]).
    Expected(f64),
}

impl Speed {
    /// Operations per second.
    pub fn value(self) -> f64 {
        match self {
            Speed::Measured(s) | Speed::Expected(s) => s,
        }
    }

    /// Where it comes from, in words.
    fn source(self) -> &'static str {
        match self {
            Speed::Measured(_) => "at the speed of this demo's last run here",
            Speed::Expected(_) => {
                "expected from a fifth-of-a-second speed test here and this demo's speed on a 2-core reference \
                    machine, until a run here measures it"
            }
        }
    }
}

/// The estimate line: "≈ 109,046 parameters · 86 MB at its peak · about 2 min on this CPU (at the
/// speed of this demo's last run here; rough across sizes)".
pub fn line(cost: &Cost, backend: Backend, speed: Option<Speed>) -> String {
    let size = format!("≈ {} parameters · {} at its peak", count(cost.parameters), bytes(cost.peak()));
    match speed {
        Some(s) => format!(
            "{size} · {} on {} ({}; rough across sizes)",
            duration(seconds(cost, s.value())),
            device(backend),
            s.source()
        ),
        None => format!(
            "{size} · its time is estimated once a run of this demo has trained {:.0} s here",
            START_UP + MEASURED_AFTER
        ),
    }
}

/// The question before a long run: "This run would take about 25 min on this CPU …".
pub fn long_run_question(cost: &Cost, backend: Backend, speed: Speed, started: bool) -> String {
    let time = duration(seconds(cost, speed.value()));
    if started {
        format!(
            "At the speed of its first seconds, this run would take {time} in all on {}. Go on, or stop it and choose \
                smaller settings?",
            device(backend)
        )
    } else {
        format!(
            "This run would take {time} on {} ({}). Train anyway, or choose smaller settings?",
            device(backend),
            speed.source()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_lines_read_as_expected() {
        assert_eq!(
            (duration(40.0), duration(180.0), duration(5400.0)),
            ("about 40 s".into(), "about 3 min".into(), "about 1.5 h".into())
        );
        let cost = Cost {
            parameters: 109_046,
            train_bytes: 86_000_000,
            eval_bytes: 1,
            largest_buffer: 1,
            flops: 1.2e12,
        };
        assert_eq!(seconds(&cost, 1e10), 120.0);
        assert!(line(&cost, Backend::Flex, Some(Speed::Measured(1e10))).contains(
            "≈ 109,046 parameters · 86 MB at its peak · about 2 min on this CPU (at the speed of this"
        ));
        assert!(
            line(&cost, Backend::Flex, Some(Speed::Expected(1e9)))
                .contains("about 20 min on this CPU (expected")
        );
        assert!(line(&cost, Backend::Flex, None).contains("once a run of this demo has trained 7 s"));
        assert_eq!(speed(&cost, 0.5, 4.0), None);
        assert_eq!(speed(&cost, 0.5, 6.0), Some(1e11));
    }
}

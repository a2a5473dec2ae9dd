//! The backend a demo trains on where a hardware GPU is offered, picked by timing both on the
//! demo's own settings (the page's `app::backend_pick` runs the timings): what was measured and
//! what the page says. A GPU's per-step cost is mostly kernel dispatch for tiny models, so the
//! CPU can win; on the CPU a run's parts train in parallel workers, so its time per step is
//! divided by the workers it gets.

use crate::engine::Backend;

/// Where the pick stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// Not timed: no hardware adapter, or the URL names the backend.
    NotTimed,
    /// Timing this backend now (Train waits).
    Timing(Backend),
    /// Both timed, in milliseconds per step of the whole run; the faster picked.
    Picked {
        /// The faster.
        backend: Backend,
        /// The CPU: one worker's time per step.
        cpu_ms: f64,
        /// The CPU's parallel workers for this run.
        cpu_workers: usize,
        /// WebGPU's time per step.
        gpu_ms: f64,
    },
    /// A timing failed: why. The CPU is kept.
    Failed(String),
}

impl Pick {
    /// The picked backend, once both are timed.
    pub fn picked(&self) -> Option<Backend> {
        match self {
            Pick::Picked { backend, .. } => Some(*backend),
            _ => None,
        }
    }

    /// The faster of the two, from one worker's time per step on each and the CPU's workers.
    pub fn compare(cpu_ms: f64, cpu_workers: usize, gpu_ms: f64) -> Self {
        let backend = if gpu_ms < per_run(cpu_ms, cpu_workers) { Backend::Wgpu } else { Backend::Flex };
        Pick::Picked { backend, cpu_ms, cpu_workers, gpu_ms }
    }

    /// What the page says, if anything.
    pub fn text(&self) -> Option<String> {
        match self {
            Pick::NotTimed => None,
            Pick::Timing(b) => Some(format!(
                "Timing a few steps of this demo on {} to pick the faster backend (seconds)…",
                b.label()
            )),
            Pick::Picked { backend, cpu_ms, cpu_workers, gpu_ms } => {
                let workers = if *cpu_workers > 1 {
                    let per_run = per_run(*cpu_ms, *cpu_workers);
                    format!(", {per_run:.1} ms with its {cpu_workers} workers in parallel")
                } else {
                    String::new()
                };
                Some(format!(
                    "Timed here on these settings: the CPU {cpu_ms:.1} ms a step{workers}; WebGPU {gpu_ms:.1} ms. \
                     {} picked; the choice above stays yours.",
                    if *backend == Backend::Wgpu { "WebGPU is faster:" } else { "The CPU is faster:" }
                ))
            }
            Pick::Failed(why) => Some(format!("Timing the backends failed ({why}): training on the CPU.")),
        }
    }
}

/// The CPU's time per step of the whole run: one worker's, divided by the workers in parallel.
fn per_run(cpu_ms: f64, workers: usize) -> f64 {
    cpu_ms / workers.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faster_per_run_is_picked() {
        // 40 ms a step on one CPU worker, 2 in parallel: 20 ms against the GPU's 25: the CPU.
        assert_eq!(Pick::compare(40.0, 2, 25.0).picked(), Some(Backend::Flex));
        assert_eq!(Pick::compare(40.0, 1, 25.0).picked(), Some(Backend::Wgpu));
        let text = Pick::compare(40.0, 2, 25.0).text().unwrap();
        assert!(
            text.contains("the CPU 40.0 ms a step, 20.0 ms with its 2 workers in parallel; WebGPU 25.0 ms")
        );
        assert!(text.contains("The CPU is faster"), "{text}");
    }
}

//! The whole run: the playground (task 0), then the digits sweep (one task per configuration).
//! Afterwards, and between steps, the run answers [`Query::ResMem`]: every trained model is
//! re-corrected at the asked (k, σ), without retraining.

use super::playground::{self, Playground};
use super::sweep::{self, TrainedJob};
use crate::data::digits::Digits;
use crate::demos::epochs::DeviceSet;
use crate::demos::keep::{KeptModels, SavedFile};
use crate::demos::resmem::ResMemQuery;
use crate::demos::resmem::table::bounds;
use crate::demos::resmem::{Answer, Outcome, Report, ResMemConfig};
use crate::demos::{Answerer, Control, Event, Query, Ran};
use crate::engine::EngineError;
use crate::models::mlp::BatchedMlp;
use burn::tensor::Device;
use std::cell::RefCell;
use web_time::Instant;

/// The trained models, kept to answer questions.
#[derive(Default)]
pub struct Trained {
    pub(super) playground: RefCell<Option<Playground>>,
    pub(super) jobs: RefCell<Vec<TrainedJob>>,
    /// The base networks as trained, for keeping ([`super::keep`]): `plane`, then each configuration's.
    pub(super) networks: RefCell<Vec<(String, usize, BatchedMlp)>>,
}

impl Trained {
    async fn at(&self, k: usize, sigma: f64) -> Result<Answer, EngineError> {
        // Clones (cheap: tensors are shared) so that no borrow is held across an await.
        let playground = self.playground.borrow().clone();
        let jobs = self.jobs.borrow().clone();
        let started = Instant::now();
        let surface = match playground {
            Some(p) => Some(p.surface(k, sigma).await?),
            None => None,
        };
        let playground_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut measurements = Vec::with_capacity(jobs.len());
        for job in &jobs {
            measurements.push(job.measure(k, sigma).await?);
        }
        let digits_seconds = started.elapsed().as_secs_f64();
        Ok(Answer { surface, measurements, playground_seconds, digits_seconds })
    }
}

impl Answerer for Trained {
    async fn answer(&self, query: Query) -> Result<Event, EngineError> {
        match query {
            Query::ResMem(ResMemQuery { k, sigma }) => {
                // The page's sliders stay in bounds; anything else is brought into them.
                let k = k.clamp(bounds::K.0, bounds::K.1);
                let sigma = if sigma.is_finite() {
                    sigma.clamp(bounds::SIGMA.0, bounds::SIGMA.1)
                } else {
                    bounds::SIGMA.1
                };
                Ok(Event::result(Report::Answer(self.at(k, sigma).await?)))
            }
            other => Ok(Event::Error { message: format!("the ResMem demo cannot answer {other:?}") }),
        }
    }

    async fn save(&self, header: &serde_json::Value) -> Result<Vec<SavedFile>, EngineError> {
        let models = self.networks.borrow().clone();
        KeptModels { models }.save(header).await
    }
}

/// Runs the playground and the sweep: emits `Progress`, one surface, and one measurement per
/// configuration. Between steps, and after the run (through the returned [`Trained`]), answers
/// questions.
pub async fn run<C: Control>(
    config: &ResMemConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Outcome, Trained>, EngineError> {
    let digits = Digits::load().map_err(EngineError)?;
    let data = DeviceSet::new(&digits.features(config.resolution), device);
    let trained = Trained::default();
    let mut outcome = Outcome::default();
    let mut step = 0u64;
    let Some((playground, network, steps)) =
        playground::train(config, device, control, emit, &mut step, &trained).await?
    else {
        return Ok(Ran { results: outcome, steps: step, stopped: true, trained });
    };
    let surface = playground.surface(config.k, config.sigma).await?;
    emit(Event::result(Report::Surface(surface.clone())));
    outcome.surface = Some(surface);
    *trained.playground.borrow_mut() = Some(playground);
    trained.networks.borrow_mut().push((PLANE.into(), steps, network));
    for (job, shape) in config.jobs().into_iter().enumerate() {
        let Some((trained_job, networks, steps)) =
            sweep::train(config, job, shape, &data, device, control, emit, &mut step, &trained).await?
        else {
            return Ok(Ran { results: outcome, steps: step, stopped: true, trained });
        };
        let measurement = trained_job.measure(config.k, config.sigma).await?;
        emit(Event::result(Report::Measurement(measurement.clone())));
        outcome.measurements.push(measurement);
        trained.jobs.borrow_mut().push(trained_job);
        trained.networks.borrow_mut().push((job_name(shape), steps, networks));
    }
    Ok(Ran { results: outcome, steps: step, stopped: false, trained })
}

/// The playground's base network's name in file names.
pub(super) const PLANE: &str = "plane";

/// A configuration's name in file names: `w<width>-e<epochs>`.
pub(super) fn job_name((width, epochs): (usize, usize)) -> String {
    format!("w{width}-e{epochs}")
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::resmem::ResMem;
    use crate::demos::train::drive;
    use crate::demos::{AskAfterRun, Registered, RunToEnd};
    use crate::engine::{Backend, block_on};

    fn tiny() -> ResMemConfig {
        ResMemConfig {
            points: 40,
            plane_epochs: 3,
            widths: vec![4, 8],
            epochs: vec![1],
            seeds: 2,
            ..Default::default()
        }
    }

    #[test]
    fn a_tiny_run_emits_every_event_in_order_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = tiny();
        let mut events = Vec::new();
        block_on(drive::<ResMem, _>(&config, Backend::Flex, &device, &RunToEnd, &mut |e| events.push(e)));
        let total = config.total_steps();
        assert_eq!(total, 3 * 4 + 2 * 38, "playground 3 epochs of 4 batches, 2 jobs of 38");
        assert!(matches!(events[0], Event::Started { total_steps, .. } if total_steps == total));
        assert!(matches!(events.last(), Some(Event::Finished { steps, .. }) if *steps == total));
        let kinds: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Result(r) => match ResMem::result_of(r) {
                    Some(Report::Surface(_)) => Some("surface"),
                    Some(Report::Measurement(_)) => Some("measurement"),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let a = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        assert_eq!(kinds, ["surface", "measurement", "measurement"]);
        let surface = a.surface.as_ref().unwrap();
        assert_eq!(surface.base.len(), surface.grid * surface.grid);
        assert_eq!(surface.resmem.len(), surface.base.len());
        assert_eq!(surface.points.len(), 40);
        assert_eq!(a.measurements.len(), 2);
        assert_eq!(a.measurements[1].resmem_test.len(), 2);
        let b = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        assert_eq!(a, b, "same seeds, same numbers");
    }

    #[test]
    fn questions_after_the_run_re_measure_without_retraining() {
        let device = Device::flex().autodiff();
        let config = tiny();
        let control = AskAfterRun::new([
            Query::ResMem(ResMemQuery { k: 0, sigma: f64::NAN }), // out of bounds: brought into them
            Query::ResMem(ResMemQuery { k: 1, sigma: 0.001 }),
        ]);
        let mut events = Vec::new();
        let outcome = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        block_on(drive::<ResMem, _>(&config, Backend::Flex, &device, &control, &mut |e| events.push(e)));
        let answers: Vec<&Answer> = events
            .iter()
            .filter_map(|e| match e {
                Event::Answer(r) => match ResMem::result_of(r) {
                    Some(Report::Answer(a)) => Some(a),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(answers.len(), 2);
        let (clamped, nearest) = (answers[0], answers[1]);
        let s = clamped.surface.as_ref().unwrap();
        assert_eq!((s.k, s.sigma), (1, 10.0));
        let first = outcome.surface.as_ref().unwrap();
        let one = nearest.surface.as_ref().unwrap();
        assert_eq!((one.k, one.sigma), (1, 0.001));
        assert_eq!(one.base, first.base, "the base model is not retrained");
        assert_ne!(one.resmem, first.resmem, "a new k redraws the ResMem surface");
        // With its single nearest neighbour at a tiny σ, ResMem reproduces every training label
        // (each training point is its own nearest neighbour)... unless two points share an
        // embedding, which a ReLU layer can do: require most of them.
        assert!(one.resmem_train >= 0.9, "memorised: {}", one.resmem_train);
        let m = &nearest.measurements;
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].base_test, outcome.measurements[0].base_test);
        assert_eq!((m[0].k, m[0].sigma), (1, 0.001));
    }
}

//! The training state of models that train side by side, each with its own optimiser and stream of
//! data, as a checkpoint's files ([`crate::demos::checkpoint`]), written after a round (every model
//! has taken the same steps): `<name>.safetensors` (the weights), `<name>.adamw.bpk` (the optimiser's
//! state, burn's burnpack) and `state.json`: the rounds done and, for each model, its steps, the
//! position of its stream and its parameters' ids (the optimiser's state is keyed by them, so the
//! restored weights take them back). Path-star's modes and pause-tokens' arms resume with it.

use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::{SavedFile, file, from_safetensors_with_ids, param_ids, to_safetensors};
use crate::engine::EngineError;
use crate::rng::Rng;
use crate::training::optim::Optimizer;
use burn::module::Module;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One model in training, as a checkpoint sees it.
pub struct Trainee<M> {
    /// Its name in file names (a mode's, an arm's).
    pub name: String,
    /// The weights.
    pub model: M,
    /// Its optimiser.
    pub optimizer: Optimizer,
    /// Its stream of training data.
    pub stream: Rng,
    /// Optimiser steps taken.
    pub steps: usize,
}

/// Where one model is, beside its weights and optimiser state.
#[derive(Serialize, Deserialize)]
struct Where {
    name: String,
    steps: usize,
    /// [`Rng::state`] of its stream.
    stream: u64,
    /// Parameter ids by module path.
    ids: BTreeMap<String, u64>,
}

/// `state.json`.
#[derive(Serialize, Deserialize)]
struct State {
    rounds: usize,
    models: Vec<Where>,
}

/// The files of a checkpoint of `trainees` after `rounds` rounds.
pub async fn save<M: Module>(trainees: &[Trainee<M>], rounds: usize) -> Result<Vec<SavedFile>, EngineError> {
    let mut files = Vec::new();
    let mut models = Vec::new();
    for t in trainees {
        let header = serde_json::json!({ "checkpoint": { "name": t.name, "step": t.steps } });
        let weights = to_safetensors(&t.model, &header).await?;
        files.push(SavedFile { name: format!("{}.safetensors", t.name), step: t.steps, bytes: weights });
        let state = t.optimizer.state()?;
        files.push(SavedFile { name: format!("{}.adamw.bpk", t.name), step: t.steps, bytes: state });
        let ids = param_ids(&t.model);
        models.push(Where { name: t.name.clone(), steps: t.steps, stream: t.stream.state(), ids });
    }
    let state = serde_json::to_vec(&State { rounds, models }).map_err(|e| EngineError(e.to_string()))?;
    files.push(SavedFile { name: "state.json".into(), step: 0, bytes: state });
    Ok(files)
}

/// The trainees `checkpoint` holds, restored into `fresh` (each named, built with the run's
/// settings and a fresh optimiser), and the rounds done: at most `rounds`.
pub fn restore<M: Module>(
    checkpoint: &Checkpoint,
    fresh: Vec<Trainee<M>>,
    rounds: usize,
) -> Result<(Vec<Trainee<M>>, usize), EngineError> {
    let bad = |why: String| EngineError(format!("the checkpoint does not fit these settings: {why}"));
    let state: State = serde_json::from_slice(&file(&checkpoint.files, "state.json")?.bytes)
        .map_err(|e| bad(format!("state.json: {e}")))?;
    let names: Vec<&str> = state.models.iter().map(|m| m.name.as_str()).collect();
    let expected: Vec<&str> = fresh.iter().map(|t| t.name.as_str()).collect();
    if names != expected || state.rounds > rounds {
        return Err(bad(format!("{names:?} after {} rounds, for {expected:?} of {rounds}", state.rounds)));
    }
    let mut trainees = Vec::new();
    for (w, mut t) in state.models.into_iter().zip(fresh) {
        let weights = file(&checkpoint.files, &format!("{}.safetensors", w.name))?;
        t.model = from_safetensors_with_ids(t.model, weights, w.ids)?;
        t.optimizer.load_state(file(&checkpoint.files, &format!("{}.adamw.bpk", w.name))?.bytes.clone())?;
        (t.stream, t.steps) = (Rng::new(w.stream), w.steps);
        trainees.push(t);
    }
    Ok((trainees, state.rounds))
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::data::path_star::Mode;
    use crate::demos::path_star::{PathStar, PathStarConfig};
    use crate::demos::pause_tokens::{PauseTokens, PauseTokensConfig};
    use crate::demos::train::{drive, drive_from};
    use crate::demos::{Control, Event, Flow, Train};
    use crate::engine::{Backend, block_on};
    use crate::training::optim::AdamW;
    use burn::tensor::Device;
    use std::cell::{Cell, RefCell};

    /// Runs to the end, writes a checkpoint after round `at` (if any), keeps the trained models.
    struct CheckpointAt {
        at: Option<usize>,
        rounds: Cell<usize>,
        kept: RefCell<Vec<SavedFile>>,
    }

    impl CheckpointAt {
        fn new(at: Option<usize>) -> Self {
            Self { at, rounds: Cell::new(0), kept: RefCell::default() }
        }
    }

    impl Control for CheckpointAt {
        async fn between_steps(&self) -> Flow {
            Flow::Run
        }

        fn keeps(&self) -> bool {
            true
        }

        fn keep(&self, files: Vec<SavedFile>) {
            *self.kept.borrow_mut() = files;
        }

        fn checkpoint_due(&self, _last: bool) -> bool {
            self.rounds.set(self.rounds.get() + 1);
            Some(self.rounds.get()) == self.at
        }
    }

    /// The events a page sees, without checkpoints and without the clock's fields (as the digest).
    fn seen(events: &[Event]) -> Vec<serde_json::Value> {
        events
            .iter()
            .filter(|e| !matches!(e, Event::Checkpoint(_)))
            .map(|e| crate::demos::digest::without_wall_clock(serde_json::to_value(e).unwrap()))
            .collect()
    }

    /// Runs `config` of `D` with a checkpoint after round `at`, and again from that checkpoint (through
    /// JSON, as a page stores it): the same events to the last bit of every loss, and the same trained
    /// weights. Returns the checkpoint and the trained models' files.
    fn assert_resumes<D: Train>(config: &D::Config, at: usize) -> (Checkpoint, Vec<SavedFile>) {
        let device = Device::flex().autodiff();
        let whole = CheckpointAt::new(Some(at));
        let mut events = Vec::new();
        block_on(drive::<D, _>(config, Backend::Flex, &device, &whole, &mut |e| events.push(e)));
        let checkpoint = events
            .iter()
            .find_map(|e| match e {
                Event::Checkpoint(c) => Some(c.clone()),
                _ => None,
            })
            .expect("a checkpoint");
        // The checkpoint carries every progress and result event before it, and nothing else.
        let before: Vec<Event> = events
            .iter()
            .take_while(|e| !matches!(e, Event::Checkpoint(_)))
            .filter(|e| matches!(e, Event::Progress { .. } | Event::Result(_)))
            .cloned()
            .collect();
        assert!(before.iter().any(|e| matches!(e, Event::Result(_))), "a result before the checkpoint");
        assert_eq!(checkpoint.events, before);
        let stored: Checkpoint = serde_json::from_str(&serde_json::to_string(&checkpoint).unwrap()).unwrap();
        assert_eq!(stored, checkpoint);
        let resumed = CheckpointAt::new(None);
        let mut again = Vec::new();
        let emit = &mut |e| again.push(e);
        block_on(drive_from::<D, _>(config, Some(&stored), Backend::Flex, &device, &resumed, emit));
        assert_eq!(seen(&again), seen(&events), "the same events, to the last bit of every loss");
        let kept = whole.kept.borrow().clone();
        assert!(!kept.is_empty());
        assert_eq!(*resumed.kept.borrow(), kept, "the same trained weights");
        (stored, kept)
    }

    fn path_star() -> PathStarConfig {
        PathStarConfig {
            d_model: 16,
            layers: 1,
            batch_size: 8,
            steps: 12,
            warmup_steps: 3,
            eval_every: 4,
            eval_graphs: 10,
            modes: vec![Mode::Forward, Mode::Reverse],
            ..Default::default()
        }
    }

    #[test]
    fn a_path_star_run_resumed_from_its_checkpoint_ends_bit_identical() {
        let config = path_star();
        let (stored, kept) = assert_resumes::<PathStar>(&config, 5);
        assert_eq!(stored.step, 10, "two modes, five rounds");

        // Without the optimiser's moments the run goes on differently: what the test above rules out.
        let mut forgetful = stored.clone();
        for f in &mut forgetful.files {
            if f.name.ends_with(".adamw.bpk") {
                f.bytes = Optimizer::AdamW(AdamW::new(config.learning_rate, config.clip)).state().unwrap();
            }
        }
        let device = Device::flex().autodiff();
        let fresh = CheckpointAt::new(None);
        block_on(drive_from::<PathStar, _>(
            &config,
            Some(&forgetful),
            Backend::Flex,
            &device,
            &fresh,
            &mut |_| {},
        ));
        assert!(!fresh.kept.borrow().is_empty());
        assert_ne!(*fresh.kept.borrow(), kept);

        // A checkpoint of other modes is refused with a reason.
        let other = PathStarConfig { modes: vec![Mode::Reverse, Mode::Forward], ..config };
        let mut refused = Vec::new();
        let emit = &mut |e| refused.push(e);
        block_on(drive_from::<PathStar, _>(&other, Some(&stored), Backend::Flex, &device, &fresh, emit));
        let Some(Event::Error { message }) = refused.last() else { panic!("{refused:?}") };
        assert!(message.contains("does not fit these settings"), "{message}");
    }

    #[test]
    fn a_down_scaling_run_resumed_mid_way_through_its_second_model_ends_bit_identical() {
        use crate::demos::down_scaling::{DownScaling, DownScalingConfig};
        let config = DownScalingConfig::tiny();
        let (stored, kept) = assert_resumes::<DownScaling>(&config, 11);
        assert_eq!(stored.step, 11);
        assert!(stored.files.iter().any(|f| f.name == "seed-0.safetensors"), "the first full model, done");
        assert_eq!(kept.len(), 2, "both full models at the end");
    }

    #[test]
    fn a_pause_tokens_run_resumed_from_its_checkpoint_ends_bit_identical() {
        let config = PauseTokensConfig {
            steps: 8,
            warmup_steps: 2,
            eval_every: 3,
            eval_questions: 8,
            batch_size: 8,
            ..Default::default()
        };
        let (stored, _) = assert_resumes::<PauseTokens>(&config, 4);
        assert_eq!(stored.step, 4 * config.arms.len() as u64);
    }

    /// [`crate::demos::Demo::RESUMES`] says what [`Train::resume`] does: every demo that says it
    /// resumes reads the checkpoint (an empty one fails on its missing files), every other refuses.
    #[test]
    fn a_demo_resumes_exactly_when_it_says_so() {
        let empty = Checkpoint { step: 0, events: Vec::new(), files: Vec::new() };
        let device = Device::flex().autodiff();
        for info in crate::demos::DEMOS {
            let config = crate::demos::DemoConfig::defaults(info.id).unwrap();
            let mut events = Vec::new();
            let control = CheckpointAt::new(None);
            block_on(
                config.run_from(Some(&empty), Backend::Flex, &device, &control, &mut |e| events.push(e)),
            );
            let Some(Event::Error { message }) = events.last() else { panic!("{}: {events:?}", info.id) };
            let refused = message.contains("cannot resume a run yet");
            assert_eq!(refused, !config.resumes(), "{}: {message}", info.id);
        }
    }
}

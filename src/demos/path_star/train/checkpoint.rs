//! Path-star's checkpoints ([`crate::demos::checkpoint`]), written after a round (every mode has
//! taken the same steps): each mode's weights (`<mode>.safetensors`) and AdamW state
//! (`<mode>.adamw.bpk`, burn's burnpack), and `state.json`: the rounds done and, for each mode, the
//! position of its stream of graphs and its parameters' ids (the optimiser's state is keyed by
//! them, so the restored weights take them back).

use super::run::Trainee;
use crate::data::path_star::Mode;
use crate::demos::checkpoint::Checkpoint;
use crate::demos::keep::{SavedFile, file, from_safetensors_with_ids, param_ids, to_safetensors};
use crate::demos::path_star::PathStarConfig;
use crate::engine::EngineError;
use crate::rng::Rng;
use crate::training::optim::{AdamW, Optimizer};
use burn::tensor::Device;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where one mode is, beside its weights and optimiser state.
#[derive(Serialize, Deserialize)]
struct ModeState {
    mode: Mode,
    steps: usize,
    /// [`Rng::state`] of the mode's stream of graphs.
    graphs: u64,
    /// Parameter ids by module path.
    ids: BTreeMap<String, u64>,
}

/// `state.json`.
#[derive(Serialize, Deserialize)]
struct State {
    rounds: usize,
    modes: Vec<ModeState>,
}

/// A mode's name in file names: its JSON name.
fn name(mode: Mode) -> String {
    serde_json::to_value(mode).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// The files of a checkpoint after `rounds` rounds of `trainees`.
pub(super) async fn save(trainees: &[Trainee], rounds: usize) -> Result<Vec<SavedFile>, EngineError> {
    let mut files = Vec::new();
    let mut modes = Vec::new();
    for t in trainees {
        let name = name(t.mode);
        let header = serde_json::json!({ "checkpoint": { "mode": name, "step": t.steps } });
        let weights = to_safetensors(&t.model, &header).await?;
        files.push(SavedFile { name: format!("{name}.safetensors"), step: t.steps, bytes: weights });
        files.push(SavedFile {
            name: format!("{name}.adamw.bpk"),
            step: t.steps,
            bytes: t.optimizer.state()?,
        });
        modes.push(ModeState {
            mode: t.mode,
            steps: t.steps,
            graphs: t.graphs.state(),
            ids: param_ids(&t.model),
        });
    }
    let state = serde_json::to_vec(&State { rounds, modes }).map_err(|e| EngineError(e.to_string()))?;
    files.push(SavedFile { name: "state.json".into(), step: 0, bytes: state });
    Ok(files)
}

/// The trainees of `config` as `checkpoint` left them, and the rounds done.
pub(super) fn restore(
    config: &PathStarConfig,
    checkpoint: &Checkpoint,
    device: &Device,
) -> Result<(Vec<Trainee>, usize), EngineError> {
    let bad = |why: String| EngineError(format!("the checkpoint does not fit these settings: {why}"));
    let state: State = serde_json::from_slice(&file(&checkpoint.files, "state.json")?.bytes)
        .map_err(|e| bad(format!("state.json: {e}")))?;
    let modes: Vec<Mode> = state.modes.iter().map(|m| m.mode).collect();
    if modes != config.modes || state.rounds > config.steps {
        return Err(bad(format!("modes {modes:?} after {} rounds", state.rounds)));
    }
    let mut trainees = Vec::new();
    for m in state.modes {
        let name = name(m.mode);
        let weights = file(&checkpoint.files, &format!("{name}.safetensors"))?;
        let model = from_safetensors_with_ids(config.gpt().init(config.init_seed, device), weights, m.ids)?;
        let mut optimizer = Optimizer::AdamW(AdamW::new(config.learning_rate, config.clip));
        optimizer.load_state(file(&checkpoint.files, &format!("{name}.adamw.bpk"))?.bytes.clone())?;
        trainees.push(Trainee { mode: m.mode, model, optimizer, graphs: Rng::new(m.graphs), steps: m.steps });
    }
    Ok((trainees, state.rounds))
}

// Native only: `block_on` (`wasm-pack test` builds the crate's tests for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::path_star::PathStar;
    use crate::demos::train::{drive, drive_from};
    use crate::demos::{Control, Event, Flow};
    use crate::engine::{Backend, block_on};
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

    /// The events a page sees, without checkpoints and the clock.
    fn seen(events: &[Event]) -> Vec<Event> {
        events
            .iter()
            .filter(|e| !matches!(e, Event::Checkpoint(_)))
            .map(|e| match e {
                Event::Finished { steps, .. } => Event::Finished { steps: *steps, seconds: 0.0 },
                e => e.clone(),
            })
            .collect()
    }

    #[test]
    fn a_run_resumed_from_its_checkpoint_ends_bit_identical() {
        let config = PathStarConfig {
            d_model: 16,
            layers: 1,
            batch_size: 8,
            steps: 12,
            warmup_steps: 3,
            eval_every: 4,
            eval_graphs: 10,
            modes: vec![Mode::Forward, Mode::Reverse],
            ..Default::default()
        };
        let device = Device::flex().autodiff();
        let whole = CheckpointAt::new(Some(5));
        let mut events = Vec::new();
        block_on(drive::<PathStar, _>(&config, Backend::Flex, &device, &whole, &mut |e| events.push(e)));
        let checkpoint = events
            .iter()
            .find_map(|e| match e {
                Event::Checkpoint(c) => Some(c.clone()),
                _ => None,
            })
            .expect("a checkpoint after round 5");
        assert_eq!(checkpoint.step, 10, "two modes, five rounds");
        // The checkpoint carries every progress and result event before it, and nothing else.
        let before: Vec<Event> = events
            .iter()
            .take_while(|e| !matches!(e, Event::Checkpoint(_)))
            .filter(|e| matches!(e, Event::Progress { .. } | Event::Result(_)))
            .cloned()
            .collect();
        assert!(before.iter().any(|e| matches!(e, Event::Result(_))), "the evaluation at step 4");
        assert_eq!(checkpoint.events, before);
        // Through JSON, as the page stores it.
        let stored: Checkpoint = serde_json::from_str(&serde_json::to_string(&checkpoint).unwrap()).unwrap();
        assert_eq!(stored, checkpoint);

        let resumed = CheckpointAt::new(None);
        let mut again = Vec::new();
        let emit = &mut |e| again.push(e);
        block_on(drive_from::<PathStar, _>(&config, Some(&stored), Backend::Flex, &device, &resumed, emit));
        assert_eq!(seen(&again), seen(&events), "the same events, to the last bit of every loss");
        assert!(!whole.kept.borrow().is_empty());
        assert_eq!(*resumed.kept.borrow(), *whole.kept.borrow(), "the same trained weights");

        // Without the optimiser's moments the run goes on differently: what the test above rules out.
        let mut forgetful = stored.clone();
        for f in &mut forgetful.files {
            if f.name.ends_with(".adamw.bpk") {
                let mut empty = Optimizer::AdamW(AdamW::new(config.learning_rate, config.clip));
                f.bytes = empty.state().unwrap();
                empty.load_state(f.bytes.clone()).unwrap();
            }
        }
        let fresh = CheckpointAt::new(None);
        block_on(drive_from::<PathStar, _>(
            &config,
            Some(&forgetful),
            Backend::Flex,
            &device,
            &fresh,
            &mut |_| {},
        ));
        assert_ne!(*fresh.kept.borrow(), *whole.kept.borrow());

        // A checkpoint of other modes is refused with a reason.
        let other = PathStarConfig { modes: vec![Mode::Reverse, Mode::Forward], ..config };
        let mut refused = Vec::new();
        let emit = &mut |e| refused.push(e);
        block_on(drive_from::<PathStar, _>(&other, Some(&stored), Backend::Flex, &device, &fresh, emit));
        let Some(Event::Error { message }) = refused.last() else { panic!("{refused:?}") };
        assert!(message.contains("does not fit these settings"), "{message}");
    }
}

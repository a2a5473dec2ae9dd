//! The sweep: for each width, K networks trained at once as one batched model (network k on its
//! own half), measured on every example; then the students, each batch taught by the largest
//! width's networks (network k by the teacher trained on the same half).

use super::data::Prepared;
use crate::data::digits::CLASSES;
use crate::demos::epochs::{DeviceSet, EpochTrainer, Learner, TrainerConfig};
use crate::demos::keep::KeptModels;
use crate::demos::memorisation::{Kind, Measured, MemorisationConfig, Report};
use crate::demos::{Control, Event, NoAnswers, Ran};
use crate::engine::{EngineError, read_floats, read_ints};
use crate::models::mlp::{BatchedMlp, MlpConfig};
use crate::rng::Rng;
use crate::training::loss::Loss;
use crate::training::optim::{AdamW, Optimizer};
use burn::module::Module;
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor};
use web_time::Instant;

/// Examples per forward pass when measuring (bounds the activations held at once).
const CHUNK: usize = 512;

/// Runs the sweep: emits the examples, `Progress`, and one [`Report::Measured`] per batch of
/// networks. Returns the measurements.
pub async fn run<C: Control>(
    config: &MemorisationConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Measured>, KeptModels<BatchedMlp>>, EngineError> {
    let prepared = Prepared::new(config).map_err(EngineError)?;
    emit(Event::result(Report::Examples(prepared.examples.clone())));
    let data = DeviceSet::new(&prepared.set, device);
    let mut results = Vec::new();
    let mut teacher: Option<BatchedMlp> = None;
    let mut kept = Vec::new();
    let mut step = 0u64;
    for (task, kind) in config.tasks().into_iter().enumerate() {
        let started = Instant::now();
        let trained = if kind.distilled {
            let Some(teacher) = &teacher else {
                return Err(EngineError("the students need the largest width's networks first".into()));
            };
            let soft = soft_targets(teacher, &data, config).await?;
            let sets = offset_halves(&prepared.halves, data.labels.len());
            train_batch(config, task, kind, &soft, sets, control, emit, &mut step).await?
        } else {
            train_batch(config, task, kind, &data, prepared.halves.clone(), control, emit, &mut step).await?
        };
        let Some((model, steps)) = trained else {
            return Ok(Ran { results, steps: step, stopped: true, trained: KeptModels::default() });
        };
        kept.push((kind_name(kind), steps, model.clone()));
        let predictions = predict(&model, &data.inputs, config.models).await?;
        let mut measured = measure(kind, &predictions, &prepared);
        measured.seconds = started.elapsed().as_secs_f64();
        emit(Event::result(Report::Measured(measured.clone())));
        results.push(measured);
        if !kind.distilled && kind.width == config.teacher_width() && !config.students().is_empty() {
            teacher = Some(model);
        }
    }
    Ok(Ran { results, steps: step, stopped: false, trained: KeptModels { models: kept } })
}

/// A batch's name in file names: `width-<w>`, or `student-<w>` for the distilled one.
pub(super) fn kind_name(kind: Kind) -> String {
    format!("{}-{}", if kind.distilled { "student" } else { "width" }, kind.width)
}

/// The batch of `config.models` networks of `kind` before training, for inputs of `dim` pixels.
pub(super) fn initial(config: &MemorisationConfig, kind: Kind, dim: usize, device: &Device) -> BatchedMlp {
    let stream = if kind.distilled { "student-init" } else { "init" };
    // Keyed by width and network, never by task position: a split run trains the same networks.
    let seeds: Vec<u64> = (0..config.models as u64)
        .map(|k| Rng::for_component(config.init_seed, stream, ((kind.width as u64) << 16) | k).next_u64())
        .collect();
    MlpConfig { inputs: dim, hidden: kind.width, classes: CLASSES }.init(&seeds, device)
}

/// Trains one batch of K networks of `kind.width` on `data` (network k on `sets[k]`): the trained
/// batch and the steps each network took; `None` when the control stopped the run.
#[allow(clippy::too_many_arguments)]
async fn train_batch<C: Control>(
    config: &MemorisationConfig,
    task: usize,
    kind: Kind,
    data: &DeviceSet,
    sets: Vec<Vec<usize>>,
    control: &C,
    emit: &mut impl FnMut(Event),
    step: &mut u64,
) -> Result<Option<(BatchedMlp, usize)>, EngineError> {
    let models = config.models as u64;
    let learner = Learner {
        model: initial(config, kind, data.dim, &data.inputs.device()),
        optimizer: Optimizer::AdamW(AdamW::adam(config.learning_rate)),
    };
    let loss = if kind.distilled {
        Loss::SoftCrossEntropy { temperature: config.temperature as f32 }
    } else {
        Loss::SoftmaxCrossEntropy
    };
    let trainer_config = TrainerConfig {
        sets,
        orders: (0..models).map(|k| Rng::for_component(config.data_seed, "order", k)).collect(),
        batch_size: config.batch_size,
        epochs: config.epochs,
        task,
        total_steps: config.total_steps(),
        loss,
    };
    let mut trainer = EpochTrainer::new(trainer_config, vec![learner]);
    for _ in 0..config.epochs {
        if trainer.epoch(data, control, emit, step, &NoAnswers).await? {
            return Ok(None);
        }
    }
    Ok(Some((trainer.model().clone(), trainer.steps())))
}

/// The halves as indices into the K-fold replicated set of [`soft_targets`].
fn offset_halves(halves: &[Vec<usize>], n: usize) -> Vec<Vec<usize>> {
    halves.iter().enumerate().map(|(k, h)| h.iter().map(|&i| k * n + i).collect()).collect()
}

/// The students' training set: every example once per network, `[K·n, 64]`, with network k's
/// soft targets softmax(teacher_k(x) / T) `[K·n, 10]`, on the device (no read back).
async fn soft_targets(
    teacher: &BatchedMlp,
    data: &DeviceSet,
    config: &MemorisationConfig,
) -> Result<DeviceSet, EngineError> {
    let (n, k) = (data.labels.len(), config.models);
    // Forward passes without autodiff: on an autodiff model they would keep every chunk's
    // activations for a backward pass that never comes (tests/cost.rs measured 1.2 GB).
    let (plain_teacher, plain_inputs) = (teacher.valid(), data.inputs.clone().without_autodiff());
    let mut chunks = Vec::new();
    for lo in (0..n).step_by(CHUNK) {
        chunks.push(chunk_probabilities(
            &plain_teacher,
            &plain_inputs,
            lo,
            CHUNK.min(n - lo),
            config.temperature,
        ));
    }
    let targets = Tensor::cat(chunks, 1).reshape([k * n, data.classes]).autodiff(); // [K·n, 10]
    let inputs = data.inputs.clone().unsqueeze_dim::<3>(0).repeat_dim(0, k).reshape([k * n, data.dim]);
    // A read keeps the teacher's graph from growing into the students' steps on lazy backends.
    let _ = read_floats(targets.clone().slice([0..1, 0..1])).await?;
    Ok(DeviceSet { inputs, targets, labels: data.labels.repeat(k), dim: data.dim, classes: data.classes })
}

/// Softmax(teacher(x)/T) of rows `lo..lo + rows`, every network: `[K, rows, 10]`, detached.
#[inline(never)]
fn chunk_probabilities(
    teacher: &BatchedMlp,
    inputs: &Tensor<2>,
    lo: usize,
    rows: usize,
    t: f64,
) -> Tensor<3> {
    let logits = chunk_logits(teacher, inputs, lo, rows);
    softmax(logits / t as f32, 2).detach()
}

/// Logits `[K, rows, 10]` of every network on rows `lo..lo + rows` of `inputs [n, 64]`.
#[inline(never)]
fn chunk_logits(model: &BatchedMlp, inputs: &Tensor<2>, lo: usize, rows: usize) -> Tensor<3> {
    let x = inputs.clone().narrow(0, lo, rows).unsqueeze_dim::<3>(0).repeat_dim(0, model.models());
    model.forward(x.detach()).detach()
}

/// Each network's predicted class of every example, `[K][n]`.
async fn predict(model: &BatchedMlp, inputs: &Tensor<2>, models: usize) -> Result<Vec<Vec<u8>>, EngineError> {
    let n = inputs.dims()[0];
    // Without autodiff, as in `soft_targets`.
    let (model, inputs) = (model.valid(), inputs.clone().without_autodiff());
    let mut out = vec![Vec::with_capacity(n); models];
    for lo in (0..n).step_by(CHUNK) {
        let rows = CHUNK.min(n - lo);
        let classes = read_ints(chunk_logits(&model, &inputs, lo, rows).argmax(2)).await?; // [K, rows]
        for (k, chunk) in classes.chunks(rows).enumerate() {
            out[k].extend(chunk.iter().map(|&c| c as u8));
        }
    }
    Ok(out)
}

/// In- and out-accuracies of every example, and the networks' train and test accuracies.
fn measure(kind: Kind, predictions: &[Vec<u8>], prepared: &Prepared) -> Measured {
    let ex = &prepared.examples;
    let n = ex.len();
    let (mut hits_in, mut hits_out) = (vec![0u32; n], vec![0u32; n]);
    let (mut train, mut test) = (0.0, 0.0);
    for (k, predicted) in predictions.iter().enumerate() {
        let mut inside = vec![false; n];
        prepared.halves[k].iter().for_each(|&i| inside[i] = true);
        let (mut train_hits, mut test_hits, mut test_count) = (0usize, 0usize, 0usize);
        for i in 0..n {
            let hit = predicted[i] == ex.given[i];
            if inside[i] {
                hits_in[i] += u32::from(hit);
                train_hits += usize::from(hit);
            } else {
                hits_out[i] += u32::from(hit);
                if !ex.flipped(i) {
                    test_hits += usize::from(hit);
                    test_count += 1;
                }
            }
        }
        train += train_hits as f64 / prepared.halves[k].len().max(1) as f64;
        test += test_hits as f64 / test_count.max(1) as f64;
    }
    let models = predictions.len();
    let share = |hits: u32, of: usize| if of == 0 { 0.0 } else { hits as f32 / of as f32 };
    Measured {
        kind,
        in_accuracy: (0..n).map(|i| share(hits_in[i], ex.in_count[i] as usize)).collect(),
        out_accuracy: (0..n).map(|i| share(hits_out[i], models - ex.in_count[i] as usize)).collect(),
        train_accuracy: train / models as f64,
        test_accuracy: test / models as f64,
        seconds: 0.0,
    }
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::RunToEnd;
    use crate::demos::memorisation::Distillation;
    use crate::engine::block_on;

    fn tiny() -> MemorisationConfig {
        MemorisationConfig {
            widths: vec![4, 8],
            models: 4,
            examples: 1797,
            epochs: 1,
            batch_size: 256,
            student_widths: vec![4],
            ..Default::default()
        }
    }

    #[test]
    fn a_tiny_run_measures_every_batch_and_is_reproducible() {
        let device = Device::flex().autodiff();
        let config = tiny();
        let mut events = Vec::new();
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |e| events.push(e))).unwrap();
        assert_eq!((ran.steps, ran.stopped), (config.total_steps(), false));
        assert_eq!(ran.steps, 3 * 4);
        let kinds: Vec<Kind> = ran.results.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, config.tasks());
        assert_eq!(events.iter().filter(|e| matches!(e, Event::Result(_))).count(), 4);
        for m in &ran.results {
            assert_eq!(m.in_accuracy.len(), config.examples);
            assert!(m.in_accuracy.iter().chain(&m.out_accuracy).all(|a| (0.0..=1.0).contains(a)));
            assert!((0.0..=1.0).contains(&m.test_accuracy) && m.test_accuracy > 0.0);
        }
        let again = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap().results;
        let strip =
            |v: &[Measured]| v.iter().map(|m| Measured { seconds: 0.0, ..m.clone() }).collect::<Vec<_>>();
        assert_eq!(strip(&ran.results), strip(&again), "same seeds, same numbers");
        let off = MemorisationConfig { distillation: Distillation::Off, ..config };
        let r = block_on(run(&off, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!(r.results.len(), 2);
    }

    #[test]
    fn measure_counts_in_and_out_hits() {
        let config = MemorisationConfig { models: 2, ..tiny() };
        let prepared = Prepared::new(&config).unwrap();
        // Network 0 right on every given label, network 1 always class 0.
        let predictions = vec![prepared.examples.given.clone(), vec![0u8; config.examples]];
        let m = measure(Kind { width: 4, distilled: false }, &predictions, &prepared);
        let i = prepared.halves[0][0];
        let expect = |k: usize| if prepared.examples.given[i] == 0 || k == 0 { 1.0 } else { 0.0 };
        let in1 = prepared.halves[1].contains(&i);
        let (in_acc, out_acc) =
            if in1 { ((expect(0) + expect(1)) / 2.0, 0.0) } else { (expect(0), expect(1)) };
        assert_eq!((m.in_accuracy[i], m.out_accuracy[i]), (in_acc, out_acc));
        let given = &prepared.examples.given;
        let zeros =
            prepared.halves[1].iter().filter(|&&j| given[j] == 0).count() as f64 / config.half() as f64;
        assert!((m.train_accuracy - (1.0 + zeros) / 2.0).abs() < 1e-12, "{}", m.train_accuracy);
    }
}

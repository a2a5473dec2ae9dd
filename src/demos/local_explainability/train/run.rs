//! The zoo: for each (seed, width), the networks of every λ train as one batched model on the
//! same batches from the same initialisation (only λ differs), and are measured at each of
//! `steps` ([`super::probes`]).

use super::super::config::{Job, LocalExplainabilityConfig, REG_NEIGHBOURS, REG_POINTS, REG_SIGMA};
use super::super::diabetes::{FEATURES, TRAIN};
use super::super::results::Measurement;
use super::probes::Probes;
use super::split::Split;
use crate::demos::keep::KeptModels;
use crate::demos::{Control, Event, NoAnswers, Ran, StepReport, after_step};
use crate::engine::{EngineError, read_floats};
use crate::models::deep_mlp::{self, BatchedDeepMlp};
use crate::rng::Rng;
use crate::training::optim::{AdamW, Optimizer};
use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

/// Rows a measurement evaluates at once (bounds the activations' memory).
const EVAL_CHUNK: usize = 16_384;

/// Runs the zoo: emits `Progress` and one [`Measurement`] per network and measurement step.
pub async fn run<C: Control>(
    config: &LocalExplainabilityConfig,
    device: &Device,
    control: &C,
    emit: &mut impl FnMut(Event),
) -> Result<Ran<Vec<Measurement>, KeptModels<BatchedDeepMlp>>, EngineError> {
    let split = Split::load(config.data_seed).map_err(EngineError)?;
    let probes = Probes::new(config, &split);
    let mut step = 0u64;
    let mut results = Vec::new();
    let mut kept = Vec::new();
    for (index, job) in config.jobs().into_iter().enumerate() {
        let mut job_run = JobRun { config, index, job, split: &split, probes: &probes, device };
        let Some(model) = job_run.train(control, emit, &mut step, &mut results).await? else {
            return Ok(Ran { results, steps: step, stopped: true, trained: KeptModels::default() });
        };
        kept.push((job_name(job), config.last_step(), model));
    }
    Ok(Ran { results, steps: step, stopped: false, trained: KeptModels { models: kept } })
}

/// A batch's name in file names: `seed-<s>-width-<w>` (one network per λ).
pub(super) fn job_name(job: Job) -> String {
    format!("seed-{}-width-{}", job.seed, job.width)
}

/// The batch of `job` before training: one network per λ, all from the same initialisation.
pub(super) fn initial(config: &LocalExplainabilityConfig, job: Job, device: &Device) -> BatchedDeepMlp {
    let key = (job.seed * 10_007 + job.width) as u64;
    let init = Rng::for_component(config.init_seed, "explain-init", key).next_u64();
    let widths = [FEATURES, job.width, job.width, 1];
    deep_mlp::init(&widths, &vec![init; config.sorted_lambdas().len()], device)
}

struct JobRun<'a> {
    config: &'a LocalExplainabilityConfig,
    index: usize,
    job: Job,
    split: &'a Split,
    probes: &'a Probes,
    device: &'a Device,
}

/// One step's inputs: the batch and the regulariser's neighbourhoods, with the projections that
/// take the network's outputs there to the residuals of their affine least-squares fits.
struct StepInputs {
    /// `[M, B + REG_POINTS·REG_NEIGHBOURS, FEATURES]`: the batch, then the neighbours.
    inputs: Tensor<3>,
    /// `[M, B, 1]`.
    targets: Tensor<3>,
    /// `[M·REG_POINTS, REG_NEIGHBOURS, REG_NEIGHBOURS]`: I − A(AᵀA)⁻¹Aᵀ per neighbourhood.
    projections: Tensor<3>,
}

impl JobRun<'_> {
    async fn train<C: Control>(
        &mut self,
        control: &C,
        emit: &mut impl FnMut(Event),
        step: &mut u64,
        results: &mut Vec<Measurement>,
    ) -> Result<Option<BatchedDeepMlp>, EngineError> {
        let config = self.config;
        let lambdas = config.sorted_lambdas();
        let models = lambdas.len();
        let key = (self.job.seed * 10_007 + self.job.width) as u64;
        let mut model = initial(config, self.job, self.device);
        let mut optimizer = Optimizer::AdamW(AdamW::adam(config.learning_rate));
        let lambda = Tensor::<1>::from_data(
            TensorData::new(lambdas.iter().map(|&l| l as f32).collect(), [models]),
            self.device,
        );
        let mut order = Rng::for_component(config.data_seed, "explain-order", key);
        let mut noise = Rng::for_component(config.data_seed, "explain-reg", key);
        let mut queue: Vec<usize> = Vec::new();
        let checkpoints = config.checkpoints();
        let last = config.last_step();
        let report_every = (last / 100).max(1);
        let total_steps = config.total_steps();
        for taken in 1..=last {
            let batch = next_batch(&mut queue, &mut order, config.batch_size);
            let inputs = self.step_inputs(&batch, models, &mut noise);
            let (next, losses) = take_step(&mut optimizer, model, &inputs, &lambda);
            model = next;
            *step += 1;
            let due = (taken - 1).is_multiple_of(report_every) || taken == last;
            let report = StepReport { task: self.index, step: *step, total_steps, losses };
            if after_step(control, emit, due, report, &NoAnswers).await? {
                return Ok(None);
            }
            if checkpoints.contains(&taken) {
                for m in self.measure(&model, &lambdas, taken).await? {
                    emit(Event::result(m.clone()));
                    results.push(m);
                }
            }
        }
        Ok(Some(model))
    }

    fn step_inputs(&self, batch: &[usize], models: usize, noise: &mut Rng) -> StepInputs {
        let b = batch.len();
        let mut rows: Vec<f32> = Vec::with_capacity((b + REG_POINTS * REG_NEIGHBOURS) * FEATURES);
        for &i in batch {
            rows.extend(self.split.train_x[i * FEATURES..(i + 1) * FEATURES].iter().map(|&v| v as f32));
        }
        let mut projections = Vec::with_capacity(REG_POINTS * REG_NEIGHBOURS * REG_NEIGHBOURS);
        for &i in batch.iter().cycle().take(REG_POINTS) {
            let centre = &self.split.train_x[i * FEATURES..(i + 1) * FEATURES];
            let offsets: Vec<Vec<f64>> = (0..REG_NEIGHBOURS)
                .map(|_| (0..FEATURES).map(|_| REG_SIGMA * noise.normal()).collect())
                .collect();
            for d in &offsets {
                rows.extend(centre.iter().zip(d).map(|(c, o)| (c + o) as f32));
            }
            projections.extend(residual_projection(&offsets));
        }
        let targets: Vec<f32> = batch.iter().map(|&i| self.split.train_y[i] as f32).collect();
        let n = rows.len() / FEATURES;
        let per_model = |v: Vec<f32>| v.repeat(models);
        StepInputs {
            inputs: Tensor::from_data(TensorData::new(per_model(rows), [models, n, FEATURES]), self.device),
            targets: Tensor::from_data(TensorData::new(per_model(targets), [models, b, 1]), self.device),
            projections: Tensor::from_data(
                TensorData::new(
                    per_model(projections),
                    [models * REG_POINTS, REG_NEIGHBOURS, REG_NEIGHBOURS],
                ),
                self.device,
            ),
        }
    }

    /// Every network of the batch measured at the probes.
    async fn measure(
        &self,
        model: &BatchedDeepMlp,
        lambdas: &[f64],
        steps: usize,
    ) -> Result<Vec<Measurement>, EngineError> {
        let valid = model.valid();
        let models = lambdas.len();
        let inner = self.device.clone().without_autodiff();
        let len = self.probes.len();
        let mut outputs = vec![Vec::with_capacity(len); models];
        for lo in (0..len).step_by(EVAL_CHUNK) {
            let hi = (lo + EVAL_CHUNK).min(len);
            let rows = self.probes.rows[lo * FEATURES..hi * FEATURES].to_vec().repeat(models);
            let x = Tensor::<3>::from_data(TensorData::new(rows, [models, hi - lo, FEATURES]), &inner);
            let f = read_floats(valid.forward(x)).await?;
            for (m, out) in outputs.iter_mut().enumerate() {
                out.extend(f[m * (hi - lo)..(m + 1) * (hi - lo)].iter().map(|&v| f64::from(v)));
            }
        }
        Ok(lambdas
            .iter()
            .zip(outputs)
            .map(|(&lambda, f)| {
                let (train_mse, test_mse) = self.probes.errors(&f, self.split);
                Measurement {
                    job: self.index,
                    width: self.job.width,
                    lambda,
                    seed: self.job.seed,
                    steps,
                    train_mse,
                    test_mse,
                    nf: self.probes.fidelity(&f),
                    explanations: self.probes.generalisation(&f),
                    slice: self.probes.slice(&f),
                }
            })
            .collect())
    }
}

/// One Adam step on every network: its batch MSE plus λ × the mean squared residual of the
/// affine fits around the regulariser's points. Returns each network's loss `[M]`. (Kept out of
/// the async loop: tensor code inlined into a future's state machine slows release builds.)
#[inline(never)]
fn take_step(
    optimizer: &mut Optimizer,
    model: BatchedDeepMlp,
    step: &StepInputs,
    lambda: &Tensor<1>,
) -> (BatchedDeepMlp, Tensor<1>) {
    let [models, batch, _] = step.targets.dims();
    optimizer.step(model, |m: &BatchedDeepMlp| {
        let out = m.forward(step.inputs.clone()); // [M, B + R, 1]
        let rows = out.dims()[1];
        let fit = out.clone().slice([0..models, 0..batch, 0..1]);
        let mse = (fit - step.targets.clone()).powi_scalar(2).sum_dim(1).reshape([models]) / batch as f32;
        let around =
            out.slice([0..models, batch..rows, 0..1]).reshape([models * REG_POINTS, REG_NEIGHBOURS, 1]);
        let residuals = step.projections.clone().matmul(around); // [M·P, N, 1]
        let penalty = residuals
            .powi_scalar(2)
            .reshape([models, REG_POINTS * REG_NEIGHBOURS])
            .sum_dim(1)
            .reshape([models])
            / (REG_POINTS * REG_NEIGHBOURS) as f32;
        mse + penalty * lambda.clone()
    })
}

/// The next `size` training indices: walks seeded permutations of the training set, across their
/// ends, so every batch is full.
fn next_batch(queue: &mut Vec<usize>, order: &mut Rng, size: usize) -> Vec<usize> {
    while queue.len() < size {
        let mut next = order.permutation(TRAIN);
        next.reverse();
        next.append(queue);
        *queue = next;
    }
    let at = queue.len() - size;
    let mut batch = queue.split_off(at);
    batch.reverse();
    batch
}

/// I − A(AᵀA)⁻¹Aᵀ for the affine design A = [1, offsets] of one neighbourhood (row-major).
fn residual_projection(offsets: &[Vec<f64>]) -> Vec<f32> {
    let n = offsets.len();
    let k = FEATURES + 1;
    let design: Vec<Vec<f64>> =
        offsets.iter().map(|d| std::iter::once(1.0).chain(d.iter().copied()).collect()).collect();
    let mut gram = vec![vec![0.0; k]; k];
    for row in &design {
        for a in 0..k {
            for b in 0..k {
                gram[a][b] += row[a] * row[b];
            }
        }
    }
    // Columns of (AᵀA)⁻¹Aᵀ, one solve per neighbour.
    let solved: Vec<Vec<f64>> = design
        .iter()
        .map(|row| crate::training::probe::solve(gram.clone(), row.clone()).unwrap_or_else(|| vec![0.0; k]))
        .collect();
    let mut out = Vec::with_capacity(n * n);
    for (i, row) in design.iter().enumerate() {
        for (j, column) in solved.iter().enumerate() {
            let hat: f64 = row.iter().zip(column).map(|(a, b)| a * b).sum();
            out.push((f64::from(u8::from(i == j)) - hat) as f32);
        }
    }
    out
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::demos::RunToEnd;
    use crate::demos::keep::SavedFile;
    use crate::demos::local_explainability::LocalExplainability;
    use crate::engine::block_on;

    #[test]
    fn the_projection_removes_affine_functions_and_keeps_the_rest() {
        let mut rng = Rng::new(3);
        let offsets: Vec<Vec<f64>> =
            (0..REG_NEIGHBOURS).map(|_| (0..FEATURES).map(|_| rng.normal()).collect()).collect();
        let p = residual_projection(&offsets);
        let apply = |f: &[f64]| -> Vec<f64> {
            (0..REG_NEIGHBOURS)
                .map(|i| (0..REG_NEIGHBOURS).map(|j| f64::from(p[i * REG_NEIGHBOURS + j]) * f[j]).sum())
                .collect()
        };
        let affine: Vec<f64> = offsets.iter().map(|d| 1.5 + 2.0 * d[0] - d[7]).collect();
        assert!(apply(&affine).iter().all(|r| r.abs() < 1e-4));
        let curved: Vec<f64> = offsets.iter().map(|d| d[0] * d[0]).collect();
        assert!(apply(&curved).iter().map(|r| r * r).sum::<f64>() > 0.1);
    }

    #[test]
    fn batches_are_full_and_cover_the_training_set() {
        let (mut queue, mut rng) = (Vec::new(), Rng::new(0));
        let seen: Vec<usize> = (0..7).flat_map(|_| next_batch(&mut queue, &mut rng, 32)).collect();
        let mut first: Vec<usize> = seen[..TRAIN].to_vec();
        first.sort_unstable();
        assert_eq!(first, (0..TRAIN).collect::<Vec<_>>());
    }

    #[test]
    fn a_tiny_zoo_is_measured_and_reproducible() {
        let device = Device::flex().autodiff();
        let config = LocalExplainabilityConfig {
            widths: vec![8],
            steps: vec![5, 20],
            seeds: 1,
            eval_points: 4,
            ..Default::default()
        };
        let ran = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!((ran.steps, ran.results.len()), (20, 6));
        let m = &ran.results[5];
        assert_eq!((m.width, m.lambda, m.steps, m.nf.len()), (8, 100.0, 20, 4));
        assert!(m.train_mse > 0.0 && m.nf.iter().all(|f| f.nf >= 0.0 && f.mnf >= 0.0));
        let again = block_on(run(&config, &device, &RunToEnd, &mut |_| {})).unwrap();
        assert_eq!(ran.results, again.results);
        // The batch is kept, and loads back; the file of one width does not load as another.
        use crate::demos::{Train, keep::assert_round_trip};
        let load =
            |c: &LocalExplainabilityConfig, f: &[_]| block_on(LocalExplainability::load(c, f, &device));
        let files = assert_round_trip(&ran.trained, |f| load(&config, f));
        assert_eq!(
            (files.len(), files[0].name.as_str(), files[0].step),
            (1, "seed-0-width-8.safetensors", 20)
        );
        let renamed: Vec<SavedFile> = files
            .iter()
            .map(|f| SavedFile { name: "seed-0-width-16.safetensors".into(), ..f.clone() })
            .collect();
        let wide = LocalExplainabilityConfig { widths: vec![16], ..config };
        let err = load(&wide, &renamed).err().expect("width 8 is not width 16");
        assert!(err.0.contains("not a model of these settings"), "{}", err.0);
    }
}

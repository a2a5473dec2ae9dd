//! Browser tests (wasm-bindgen-test in headless Chromium, in a dedicated worker as the app
//! trains): the real training loops (the digits MLPs, the path-star GPT) take a few steps on flex
//! and on WebGPU and both give the same losses to a tolerance; a small ResMem run (training, the
//! on-device kNN search, a re-measurement asked after the run) gives the same surfaces and
//! accuracies on both; SGD and SAM (two passes, the gradient norm on the device) train alike on
//! both, probes included; the uniform-convergence sweep (sigmoid loss, per-epoch margins, slices)
//! measures alike on both; the memorisation sweep (K networks on their own halves, Adam, a
//! distilled student on soft targets) measures alike on both; the down-scaling model (token
//! shift, frozen embeddings, pruning on the host, an answer after the run) measures alike on both.
//! Run through `.ci/run` (see README).
#![cfg(target_arch = "wasm32")]

use minima::data::path_star::Mode;
use minima::demos::disagreement::DisagreementConfig;
use minima::demos::distillation::{
    Classifier, Distillation, DistillationConfig, Report as DistillationReport,
};
use minima::demos::down_scaling::{
    Answer as DsAnswer, DownScalingConfig, DownScalingQuery, Measured as DsMeasured, Report as DsReport,
};
use minima::demos::memorisation::{Measured, Memorisation, MemorisationConfig, Report as MemReport};
use minima::demos::path_star::PathStarConfig;
use minima::demos::resmem::{Answer, Outcome, Report, ResMemConfig, ResMemQuery};
use minima::demos::sam::{Checkpoint, Sam, SamConfig};
use minima::demos::uniform_convergence::{Report as UcReport, UniformConvergence, UniformConvergenceConfig};
use minima::demos::{AskAfterRun, Control, DemoConfig, DemoResult, Event, Flow, Query, Registered};
use minima::engine::{Backend, init_device};
use std::cell::Cell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Reports every step and stops after `steps` of them.
struct StopAfter {
    left: Cell<u32>,
    reported: Cell<bool>,
}

impl Control for StopAfter {
    async fn between_steps(&self) -> Flow {
        if !self.reported.replace(true) {
            return Flow::Report;
        }
        self.reported.set(false);
        let left = self.left.get();
        self.left.set(left.saturating_sub(1));
        if left <= 1 { Flow::Stop } else { Flow::Run }
    }
}

const STEPS: u32 = 6;

fn digits() -> DemoConfig {
    DemoConfig::Disagreement(DisagreementConfig {
        widths: vec![32],
        train_sizes: vec![100],
        epochs: vec![1],
        ..Default::default()
    })
}

/// The reference GPT (2 layers, width 64, 2 heads) on a smaller batch, without warm-up: the first
/// steps of teacher forcing, before any evaluation.
fn gpt() -> DemoConfig {
    DemoConfig::PathStar(PathStarConfig {
        batch_size: 16,
        modes: vec![Mode::Forward],
        warmup_steps: 0,
        eval_every: 1000,
        eval_graphs: 1,
        ..Default::default()
    })
}

/// The loss of each of the first [`STEPS`] steps of `config` on `backend`.
async fn losses(config: DemoConfig, backend: Backend) -> Vec<f32> {
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let mut losses = Vec::new();
    let mut stopped = false;
    config
        .run(backend, &device, &StopAfter { left: Cell::new(STEPS), reported: Cell::new(false) }, &mut |e| {
            match e {
                Event::Progress { loss, .. } => losses.push(loss),
                Event::Stopped { .. } => stopped = true,
                Event::Error { message } => panic!("{backend:?}: {message}"),
                _ => {}
            }
        })
        .await;
    assert!(stopped, "the control's stop was honoured");
    losses
}

#[wasm_bindgen_test]
async fn flex_trains_in_the_browser() {
    let flex = losses(digits(), Backend::Flex).await;
    assert_eq!(flex.len(), STEPS as usize, "{flex:?}");
    assert!(flex.iter().all(|l| l.is_finite() && *l > 0.0), "{flex:?}");
    // Ten classes, PyTorch-style initialisation on 0–16 pixel inputs: natively the first loss
    // is 3.16 with these seeds; the browser must compute the same.
    assert!((flex[0] - 3.16).abs() < 0.01, "{flex:?}");
}

fn assert_close(what: &str, flex: &[f32], gpu: &[f32]) {
    assert_eq!(gpu.len(), flex.len(), "{what}");
    for (step, (a, b)) in flex.iter().zip(gpu).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 + 1e-3 * a.abs(),
            "{what}, step {step}: flex {a} vs WebGPU {b}\n{flex:?}\n{gpu:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn webgpu_matches_flex() {
    let flex = losses(digits(), Backend::Flex).await;
    let gpu = losses(digits(), Backend::Wgpu).await;
    assert_close("digits MLPs", &flex, &gpu);
}

#[wasm_bindgen_test]
async fn the_gpt_trains_alike_on_flex_and_webgpu() {
    let flex = losses(gpt(), Backend::Flex).await;
    assert_eq!(flex.len(), STEPS as usize, "{flex:?}");
    // 54 tokens, near-uniform logits at initialisation: the first loss is close to ln 54 = 3.99.
    assert!((flex[0] - 54f32.ln()).abs() < 0.1, "{flex:?}");
    assert!(flex[STEPS as usize - 1] < flex[0], "the loss falls: {flex:?}");
    let gpu = losses(gpt(), Backend::Wgpu).await;
    assert_close("path-star GPT", &flex, &gpu);
}

/// A small ResMem run on `backend`: what it measured, and its answer for k = 1, σ = 0.01.
async fn resmem(backend: Backend) -> (Outcome, Answer) {
    let config = ResMemConfig {
        points: 40,
        plane_epochs: 1,
        widths: vec![8],
        epochs: vec![1],
        seeds: 2,
        ..Default::default()
    };
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let control = AskAfterRun::new([Query::ResMem(ResMemQuery { k: 1, sigma: 0.01 })]);
    let mut outcome = Outcome::default();
    let mut answer = None;
    DemoConfig::ResMem(config)
        .run(backend, &device, &control, &mut |e| match e {
            Event::Result(DemoResult::ResMem(Report::Surface(s))) => outcome.surface = Some(s),
            Event::Result(DemoResult::ResMem(Report::Measurement(m))) => outcome.measurements.push(m),
            Event::Result(DemoResult::ResMem(Report::Answer(a))) => answer = Some(a),
            Event::Error { message } => panic!("{backend:?}: {message}"),
            _ => {}
        })
        .await;
    (outcome, answer.unwrap_or_else(|| panic!("{backend:?}: no answer")))
}

/// Largest difference between two surfaces' cells, and the fraction of cells that differ by more
/// than 0.05 (a tie between two neighbours can fall either way under float rounding).
fn surface_gap(a: &[f32], b: &[f32]) -> (f32, f64) {
    assert_eq!(a.len(), b.len());
    let gaps: Vec<f32> = a.iter().zip(b).map(|(x, y)| (x - y).abs()).collect();
    let max = gaps.iter().copied().fold(0.0, f32::max);
    (max, gaps.iter().filter(|g| **g > 0.05).count() as f64 / gaps.len() as f64)
}

#[wasm_bindgen_test]
async fn resmem_runs_and_answers_alike_on_flex_and_webgpu() {
    let (flex, flex_answer) = resmem(Backend::Flex).await;
    let (gpu, gpu_answer) = resmem(Backend::Wgpu).await;
    for (what, a, b) in [
        ("surface", flex.surface.as_ref().unwrap(), gpu.surface.as_ref().unwrap()),
        ("answer", flex_answer.surface.as_ref().unwrap(), gpu_answer.surface.as_ref().unwrap()),
    ] {
        let (base_max, _) = surface_gap(&a.base, &b.base);
        assert!(base_max < 1e-3, "{what}: base surfaces differ by {base_max}");
        let (_, resmem_off) = surface_gap(&a.resmem, &b.resmem);
        assert!(resmem_off <= 0.02, "{what}: {resmem_off} of the ResMem cells differ");
        assert!(
            (a.resmem_test - b.resmem_test).abs() <= 0.03,
            "{what}: {} vs {}",
            a.resmem_test,
            b.resmem_test
        );
    }
    assert_eq!(flex_answer.surface.as_ref().unwrap().k, 1);
    // Lists are compared only after their lengths: a zip over a short list checks nothing.
    assert_eq!(flex.measurements.len(), 1, "one digits configuration measured");
    assert_eq!(gpu.measurements.len(), flex.measurements.len());
    assert_eq!(gpu_answer.measurements.len(), flex_answer.measurements.len());
    for (a, b) in flex
        .measurements
        .iter()
        .chain(&flex_answer.measurements)
        .zip(gpu.measurements.iter().chain(&gpu_answer.measurements))
    {
        assert_eq!((a.resmem_test.len(), b.resmem_test.len(), b.base_test.len()), (2, 2, 2), "2 seeds each");
        for (x, y) in a.resmem_test.iter().zip(&b.resmem_test).chain(a.base_test.iter().zip(&b.base_test)) {
            assert!((x - y).abs() <= 0.01, "digits: flex {a:?}\nWebGPU {b:?}");
        }
    }
}

/// Runs `config` to the end on `backend`: every step's loss and every result.
async fn run_to_end(config: DemoConfig, backend: Backend) -> (Vec<f32>, Vec<DemoResult>) {
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let (mut losses, mut results) = (Vec::new(), Vec::new());
    config
        .run(
            backend,
            &device,
            &StopAfter { left: Cell::new(u32::MAX), reported: Cell::new(false) },
            &mut |e| match e {
                Event::Progress { loss, .. } => losses.push(loss),
                Event::Result(r) => results.push(r),
                Event::Error { message } => panic!("{backend:?}: {message}"),
                _ => {}
            },
        )
        .await;
    (losses, results)
}

/// A small SGD-vs-SAM run on `backend`: its losses and its checkpoints.
async fn sam(backend: Backend) -> (Vec<f32>, Vec<Checkpoint>) {
    // One epoch of 8 batches of 128, full ρ from the start, 2 networks per method.
    let config = SamConfig { epochs: 1, ramp_epochs: 0, batch_size: 128, seeds: 2, ..Default::default() };
    let (losses, results) = run_to_end(DemoConfig::Sam(config), backend).await;
    (losses, results.iter().filter_map(|r| Sam::result_of(r).cloned()).collect())
}

#[wasm_bindgen_test]
async fn sgd_and_sam_train_alike_on_flex_and_webgpu() {
    let (flex_losses, flex) = sam(Backend::Flex).await;
    let (gpu_losses, gpu) = sam(Backend::Wgpu).await;
    assert_eq!(flex_losses.len(), 16, "every step of both methods reported: {flex_losses:?}");
    assert_close("SGD and SAM losses", &flex_losses, &gpu_losses);
    assert_eq!(gpu_losses.len(), flex_losses.len());
    assert_eq!(flex.len(), 2);
    assert_eq!(gpu.len(), flex.len());
    for (a, b) in flex.iter().zip(&gpu) {
        assert_eq!(
            (a.hard_probe.len(), b.hard_probe.len(), b.train_accuracy.len()),
            (2, 2, 2),
            "2 networks each"
        );
        assert_eq!((a.method, a.epoch), (b.method, b.epoch));
        for (x, y) in
            a.train_accuracy.iter().chain(&a.hard_probe).zip(b.train_accuracy.iter().chain(&b.hard_probe))
        {
            assert!((x - y).abs() <= 0.01, "flex {a:?}\nWebGPU {b:?}");
        }
    }
}

/// A small uniform-convergence sweep on `backend`: its losses, measurements and last slice.
async fn uniform_convergence(backend: Backend) -> (Vec<f32>, Vec<UcReport>) {
    // Two sizes (1 and 2 steps per epoch), 4 epochs each: the margin of 50 is never reached.
    let config = UniformConvergenceConfig {
        dim: 20,
        width: 64,
        train_sizes: vec![32, 64],
        max_epochs: 4,
        margin: 50.0,
        batch_size: 32,
        ..Default::default()
    };
    let (losses, results) = run_to_end(DemoConfig::UniformConvergence(config), backend).await;
    (losses, results.iter().filter_map(|r| UniformConvergence::result_of(r).cloned()).collect())
}

#[wasm_bindgen_test]
async fn the_uniform_convergence_sweep_measures_alike_on_flex_and_webgpu() {
    let (flex_losses, flex) = uniform_convergence(Backend::Flex).await;
    let (gpu_losses, gpu) = uniform_convergence(Backend::Wgpu).await;
    assert_eq!(flex_losses.len(), 12, "4 + 8 steps, each reported: {flex_losses:?}");
    // Two logits, each a sigmoid near 1/2 at initialisation: close to ln 2.
    assert!((flex_losses[0] - 2f32.ln()).abs() < 0.3, "{flex_losses:?}");
    assert_close("uniform-convergence losses", &flex_losses, &gpu_losses);
    assert_eq!(flex.len(), 4, "a measurement and a slice per size: {flex:?}");
    assert_eq!(gpu.len(), flex.len());
    for (a, b) in flex.iter().zip(&gpu) {
        match (a, b) {
            (UcReport::Measurement(a), UcReport::Measurement(b)) => {
                assert_eq!((a.train_size, a.epochs), (b.train_size, b.epochs));
                for (x, y) in [
                    (a.test_error, b.test_error),
                    (a.projected_error, b.projected_error),
                    (a.train_error, b.train_error),
                ] {
                    assert!((x - y).abs() <= 0.01, "flex {a:?}\nWebGPU {b:?}");
                }
                assert!((a.distance_hidden - b.distance_hidden).abs() <= 1e-3 * a.distance_hidden.max(1.0));
            }
            (UcReport::Slice(a), UcReport::Slice(b)) => {
                assert_eq!((a.point, a.surfaces.len()), (b.point, b.surfaces.len()));
                let (gap, _) = surface_gap(&a.surfaces[0].values, &b.surfaces[0].values);
                assert!(gap <= 0.01, "slice surfaces differ by {gap}");
            }
            _ => panic!("reports out of order: flex {a:?}\nWebGPU {b:?}"),
        }
    }
}

/// A small memorisation sweep on `backend`: its losses and measurements.
async fn memorisation(backend: Backend) -> (Vec<f32>, Vec<Measured>) {
    // Widths 4 and 16, 4 networks each, 2 epochs of 4 batches of 256; then one width-4 student.
    let config = MemorisationConfig {
        widths: vec![4, 16],
        models: 4,
        epochs: 2,
        batch_size: 256,
        student_widths: vec![4],
        ..Default::default()
    };
    let (losses, results) = run_to_end(DemoConfig::Memorisation(config), backend).await;
    let measured =
        results.iter().filter_map(|r| Memorisation::result_of(r).and_then(MemReport::measured).cloned());
    (losses, measured.collect())
}

#[wasm_bindgen_test]
async fn the_memorisation_sweep_measures_alike_on_flex_and_webgpu() {
    let (flex_losses, flex) = memorisation(Backend::Flex).await;
    let (gpu_losses, gpu) = memorisation(Backend::Wgpu).await;
    assert_eq!(flex_losses.len(), 3 * 8, "3 batches of networks × 8 steps, each reported: {flex_losses:?}");
    // Ten classes, near-uniform logits at initialisation: the first loss is close to ln 10.
    assert!((flex_losses[0] - 10f32.ln()).abs() < 0.3, "{flex_losses:?}");
    assert_close("memorisation losses", &flex_losses, &gpu_losses);
    assert_eq!(flex.len(), 3, "one measurement per batch: {flex:?}");
    assert_eq!(gpu.len(), flex.len());
    for (a, b) in flex.iter().zip(&gpu) {
        assert_eq!(a.kind, b.kind);
        assert!(
            (a.test_accuracy - b.test_accuracy).abs() <= 0.01,
            "flex {} vs WebGPU {}",
            a.test_accuracy,
            b.test_accuracy
        );
        let differ = a.in_accuracy.iter().zip(&b.in_accuracy).filter(|(x, y)| x != y).count();
        assert!(differ <= 20, "{differ} of 1,797 in-accuracies differ between flex and WebGPU");
    }
}

/// A small down-scaling run on `backend`, every step reported: its losses, its measured model
/// and its answer at 50 % sparsity, asked after the run.
async fn down_scaling(backend: Backend) -> (Vec<f32>, DsMeasured, DsAnswer) {
    // One full model on 256 facts, 8 steps of 32 closed-book and 64 open-book questions.
    let config = DownScalingConfig {
        facts: 256,
        seeds: 1,
        dense_widths: vec![0],
        steps: 8,
        closed_batch: 32,
        open_batch: 64,
        sparsities: vec![0, 50],
        eval_questions: 256,
        ..Default::default()
    };
    let device = init_device(backend).await.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let control = AskAfterRun::new([Query::DownScaling(DownScalingQuery { sparsity: 0.5 })]);
    let (mut losses, mut measured, mut answer) = (Vec::new(), None, None);
    DemoConfig::DownScaling(config)
        .run(backend, &device, &control, &mut |e| match e {
            Event::Progress { loss, .. } => losses.push(loss),
            Event::Result(DemoResult::DownScaling(DsReport::Measured(m))) => measured = Some(m),
            Event::Result(DemoResult::DownScaling(DsReport::Answer(a))) => answer = Some(a),
            Event::Error { message } => panic!("{backend:?}: {message}"),
            _ => {}
        })
        .await;
    let measured = measured.unwrap_or_else(|| panic!("{backend:?}: nothing measured"));
    (losses, measured, answer.unwrap_or_else(|| panic!("{backend:?}: no answer")))
}

#[wasm_bindgen_test]
async fn the_down_scaling_model_trains_prunes_and_answers_alike_on_flex_and_webgpu() {
    let (flex_losses, flex, flex_answer) = down_scaling(Backend::Flex).await;
    let (gpu_losses, gpu, gpu_answer) = down_scaling(Backend::Wgpu).await;
    // 64 values, near-uniform logits at initialisation: the first loss is close to ln 64.
    assert!((flex_losses[0] - 64f32.ln()).abs() < 0.3, "{flex_losses:?}");
    assert_close("down-scaling losses", &flex_losses, &gpu_losses);
    assert_eq!(flex.points.len(), 2, "{flex:?}");
    for (a, b) in flex.points.iter().zip(&gpu.points) {
        assert!(
            (a.facts - b.facts).abs() <= 0.02 && (a.in_context - b.in_context).abs() <= 0.02,
            "flex {a:?} vs WebGPU {b:?}"
        );
    }
    // Pruned again after the run, each backend's answer at 50 % is what it measured at 50 %.
    for (m, a) in [(&flex, &flex_answer), (&gpu, &gpu_answer)] {
        assert_eq!(a.models.len(), 1);
        assert_eq!(a.models[0].1, m.points[1], "the answer re-measures the same pruned model");
        assert_eq!(a.examples.len(), 12);
    }
}

/// A small distillation run on `backend`: every step's loss and the classifier view.
async fn distillation(backend: Backend) -> (Vec<f32>, Classifier) {
    // 2 seeds, 200 digits, a 64-32-10 MLP, 2 + 2 epochs of 64.
    let config = DistillationConfig {
        train_size: 200,
        widths: vec![32],
        batch_size: 64,
        epochs: 2,
        student_epochs: 2,
        seeds: 2,
        ..Default::default()
    };
    let (losses, results) = run_to_end(DemoConfig::Distillation(config), backend).await;
    let classifier = results
        .iter()
        .find_map(|r| Distillation::result_of(r).and_then(DistillationReport::classifier).cloned())
        .unwrap_or_else(|| panic!("{backend:?}: no classifier view"));
    (losses, classifier)
}

#[wasm_bindgen_test]
async fn distillation_trains_and_measures_alike_on_flex_and_webgpu() {
    let (flex_losses, flex) = distillation(Backend::Flex).await;
    let (gpu_losses, gpu) = distillation(Backend::Wgpu).await;
    assert_eq!(
        flex_losses.len(),
        2 * 2 * 4,
        "teachers then students, 4 steps an epoch, each reported: {flex_losses:?}"
    );
    // Ten classes, near-uniform logits at initialisation: the first loss is close to ln 10.
    assert!((flex_losses[0] - 10f32.ln()).abs() < 0.3, "{flex_losses:?}");
    assert_close("distillation losses", &flex_losses, &gpu_losses);
    assert_eq!((flex.pairs.len(), gpu.pairs.len()), (2, 2));
    for (a, b) in flex.pairs.iter().zip(&gpu.pairs) {
        assert!((a.slope - b.slope).abs() <= 0.01, "flex {a:?}\nWebGPU {b:?}");
        assert!((a.test_accuracy.0 - b.test_accuracy.0).abs() <= 0.01, "flex {a:?}\nWebGPU {b:?}");
    }
}

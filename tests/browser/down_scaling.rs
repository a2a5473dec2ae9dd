//! The down-scaling model (token shift, frozen embeddings, pruning on the host, an answer after
//! the run) measures alike on flex and WebGPU.

use super::*;
use minima::demos::down_scaling::{
    Answer as DsAnswer, DownScalingConfig, DownScalingQuery, Measured as DsMeasured, Report as DsReport,
};
use minima::demos::{AskAfterRun, Query};

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
            Event::Answer(DemoResult::DownScaling(DsReport::Answer(a))) => answer = Some(a),
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

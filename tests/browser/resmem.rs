//! A small ResMem run (training, the on-device kNN search, a re-measurement asked after the run)
//! gives the same surfaces and accuracies on flex and WebGPU.

use super::*;
use minima::demos::resmem::{Answer, Outcome, Report, ResMemConfig, ResMemQuery};
use minima::demos::{AskAfterRun, Query};

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
            Event::Answer(DemoResult::ResMem(Report::Answer(a))) => answer = Some(a),
            Event::Error { message } => panic!("{backend:?}: {message}"),
            _ => {}
        })
        .await;
    (outcome, answer.unwrap_or_else(|| panic!("{backend:?}: no answer")))
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

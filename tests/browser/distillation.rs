//! Distillation (teachers, then students on their soft targets) trains and measures alike on
//! flex and WebGPU.

use super::*;
use minima::demos::Registered;
use minima::demos::distillation::{
    Classifier, Distillation, DistillationConfig, Report as DistillationReport,
};

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

//! The memorisation sweep (K networks on their own halves, Adam, a distilled student on soft
//! targets) measures alike on flex and WebGPU.

use super::*;
use minima::demos::Registered;
use minima::demos::memorisation::{Measured, Memorisation, MemorisationConfig, Report as MemReport};

/// A small memorisation sweep on `backend`: its losses and measurements.
async fn memorisation(backend: Backend) -> (Vec<f32>, Vec<Measured>) {
    // Widths 4 and 16, 4 networks each, 2 epochs of 4 batches of 256; then one width-4 student.
    let config = MemorisationConfig {
        widths: vec![4, 16],
        models: 4,
        examples: 1797,
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

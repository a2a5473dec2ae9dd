//! SGD and SAM (two passes, the gradient norm on the device) train alike on flex and WebGPU,
//! probes included.

use super::*;
use minima::demos::Registered;
use minima::demos::sam::{Checkpoint, Sam, SamConfig};

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

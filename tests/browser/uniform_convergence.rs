//! The uniform-convergence sweep (sigmoid loss, per-epoch margins, slices) measures alike on flex
//! and WebGPU.

use super::*;
use minima::demos::Registered;
use minima::demos::uniform_convergence::{Report as UcReport, UniformConvergence, UniformConvergenceConfig};

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

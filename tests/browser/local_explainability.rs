//! The local-explainability zoo (Adam, the fidelity penalty's batched projections, the probes'
//! forward passes) trains and measures alike on flex and WebGPU.

use super::*;
use minima::demos::Registered;
use minima::demos::local_explainability::{LocalExplainability, LocalExplainabilityConfig, Measurement};

/// A small zoo on `backend`: one width, λ 0 and 100, one seed, 12 steps, 4 measured patients.
async fn zoo(backend: Backend) -> (Vec<f32>, Vec<Measurement>) {
    let config = LocalExplainabilityConfig {
        widths: vec![16],
        lambdas: vec![0.0, 100.0],
        steps: vec![6, 12],
        seeds: 1,
        eval_points: 4,
        ..Default::default()
    };
    let (losses, results) = run_to_end(DemoConfig::LocalExplainability(config), backend).await;
    (losses, results.iter().filter_map(|r| LocalExplainability::result_of(r).cloned()).collect())
}

#[wasm_bindgen_test]
async fn the_zoo_trains_and_measures_alike_on_flex_and_webgpu() {
    let (flex_losses, flex) = zoo(Backend::Flex).await;
    let (gpu_losses, gpu) = zoo(Backend::Wgpu).await;
    assert_eq!(flex_losses.len(), 12, "every step reported: {flex_losses:?}");
    assert_close("MSE + penalty", &flex_losses, &gpu_losses);
    assert_eq!((flex.len(), gpu.len()), (4, 4), "2 networks × 2 measurement steps");
    for (a, b) in flex.iter().zip(&gpu) {
        assert_eq!((a.lambda, a.steps), (b.lambda, b.steps));
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-3 + 1e-2 * x.abs().max(y.abs());
        assert!(close(a.train_mse, b.train_mse) && close(a.test_mse, b.test_mse), "{a:?} vs {b:?}");
        for (f, g) in a.nf.iter().zip(&b.nf) {
            assert!(close(f.mnf, g.mnf) && close(f.nf, g.nf), "σ {}: {f:?} vs {g:?}", f.sigma);
        }
    }
}

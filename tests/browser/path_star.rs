//! The path-star GPT: its first steps of teacher forcing train alike on flex and WebGPU.

use super::*;
use minima::data::path_star::Mode;
use minima::demos::path_star::PathStarConfig;

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

//! The pause-tokens GPT: its first steps with pauses and with a chain of thought train alike on
//! flex and WebGPU.

use super::*;
use minima::data::pointer::Arm;
use minima::demos::pause_tokens::PauseTokensConfig;

/// The default GPT (2 layers, width 64, 4 heads) on a smaller batch, without warm-up.
fn gpt(arm: Arm) -> DemoConfig {
    DemoConfig::PauseTokens(PauseTokensConfig {
        batch_size: 16,
        arms: vec![arm],
        warmup_steps: 0,
        eval_every: 1000,
        eval_questions: 1,
        ..Default::default()
    })
}

#[wasm_bindgen_test]
async fn the_gpt_trains_alike_on_flex_and_webgpu() {
    for arm in [Arm::Pause, Arm::Cot] {
        let flex = losses(gpt(arm), Backend::Flex).await;
        assert_eq!(flex.len(), STEPS as usize, "{flex:?}");
        // 10 tokens, near-uniform logits at initialisation: the first loss is near ln 10 = 2.30. The
        // head is tied to the token embedding, so the read position's own input token (the pause,
        // for every question) starts with a logit near 1: about ln(9 + e) = 2.47 with pauses.
        assert!((flex[0] - 10f32.ln()).abs() < 0.3, "{flex:?}");
        assert!(flex[STEPS as usize - 1] < flex[0], "the loss falls: {flex:?}");
        let gpu = losses(gpt(arm), Backend::Wgpu).await;
        assert_close("pause-tokens GPT", &flex, &gpu);
    }
}

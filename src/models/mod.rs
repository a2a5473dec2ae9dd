//! Models. Each pairs a `#[derive(Module)]` struct with a config whose defaults are documented.
//! Models are "batched": a leading model dimension `M` trains several independent networks in
//! one set of kernels, which is what makes a sweep of runs fast on a GPU.

pub mod deep_mlp;
pub mod gpt;
pub mod mlp;
pub mod shift_gpt;

//! minima: small neural networks, trained in the browser (WebGPU or CPU) or natively, reproduce
//! results from deep-learning research.
//!
//! The crate has two sides, each a Cargo feature, so that the page can be built without burn:
//! - Describing (always built, no burn): [`demos`] (the one list of demos; each demo's config,
//!   settings table, result types and references), [`settings`] (tables → URLs, controls,
//!   bounds), [`embed`] (embedding options, the `postMessage` protocol, exports), [`data`]
//!   (pure generators and loaders), [`metrics`], [`rng`], [`session`] (what a page knows about a
//!   run, from its events), and [`engine::Backend`].
//! - Training (`train` feature: burn): [`engine`]'s devices and async reads, `models`,
//!   `training` (losses, optimisers, the epoch loop), each demo's `train/` folder, the `cli`
//!   (native) and the Web `worker` (wasm32). Its backends are features of their own: `cpu`
//!   (burn's flex) and `gpu` (burn's wgpu); the browser's two worker modules have one each.
//! - The page (`page` feature, wasm32 only): `app`, the yew user interface. It sends commands to
//!   a worker and renders the events that come back.

// Lets files shared with `bench/` (src/bench_entry/sam_step_time.rs) name the crate `minima` from inside it too.
extern crate self as minima;

pub mod data;
pub mod demos;
pub mod embed;
pub mod engine;
pub mod estimate;
pub mod format;
pub mod metrics;
pub mod rng;
pub mod session;
pub mod settings;

#[cfg(feature = "train")]
pub mod models;
#[cfg(feature = "train")]
pub mod training;

#[cfg(all(feature = "train", not(target_arch = "wasm32")))]
pub mod cli;

#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub mod app;
#[cfg(all(feature = "train", target_arch = "wasm32"))]
pub mod bench_entry;
#[cfg(all(feature = "train", target_arch = "wasm32"))]
pub mod heap;
#[cfg(all(feature = "page", target_arch = "wasm32"))]
pub mod pages;
#[cfg(all(feature = "train", target_arch = "wasm32"))]
pub mod worker;

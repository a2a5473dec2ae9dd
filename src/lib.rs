//! minima: small neural networks, trained in the browser (WebGPU or CPU) or natively, reproduce
//! results from deep-learning research.
//!
//! The crate is layered so that each layer knows only the ones below it:
//! - [`rng`], [`engine`]: seeded randomness and the compute device (burn's `flex` CPU backend, or
//!   `wgpu` on WebGPU / a native GPU), with async tensor reads that work in the browser.
//! - [`data`], [`models`], [`training`]: datasets, models, optimiser steps and metrics.
//! - [`experiments`]: one module per demo; a `Config` plus a run that emits [`experiments::Event`]s
//!   and honours a [`experiments::Control`] (pause, step, stop). No DOM, no worker.
//! - [`settings`]: one declarative table per demo that drives URL state, validation and controls.
//! - [`embed`]: embedding options, the `postMessage` protocol and result exports (no DOM).
//! - `cli` (native only): the command-line runner behind `src/bin/minima.rs`.
//! - `worker` and `app` (wasm32 only): the Web Worker entry point and the yew user interface.

pub mod data;
pub mod embed;
pub mod engine;
pub mod experiments;
pub mod models;
pub mod rng;
pub mod settings;
pub mod training;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench_entry;
#[cfg(target_arch = "wasm32")]
pub mod worker;

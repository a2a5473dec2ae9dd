//! The compute engine: which burn device a run uses ([`Backend`], described without burn), and,
//! in the `train` build, how it is initialised and how tensors are read back. All reads are
//! async because synchronous reads panic on WebGPU in the browser.

#[cfg(feature = "train")]
use burn::tensor::{Device, Int, Tensor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the tensors live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// burn's `flex` backend: pure-Rust CPU. Always available.
    #[default]
    Flex,
    /// burn's `wgpu` backend: WebGPU in the browser, Vulkan/Metal/DX12 natively (`gpu` feature).
    Wgpu,
}

impl Backend {
    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Backend::Flex => "CPU (burn flex)",
            Backend::Wgpu if cfg!(target_arch = "wasm32") => "WebGPU (burn wgpu)",
            Backend::Wgpu => "GPU (burn wgpu)",
        }
    }

    /// The backend's value in URLs and stored keys: `flex` or `webgpu`.
    pub fn key(self) -> &'static str {
        match self {
            Backend::Flex => "flex",
            Backend::Wgpu => "webgpu",
        }
    }

    /// Parses `flex`/`cpu` or `wgpu`/`webgpu`/`gpu`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "flex" | "cpu" => Some(Backend::Flex),
            "wgpu" | "webgpu" | "gpu" => Some(Backend::Wgpu),
            _ => None,
        }
    }
}

/// Why the engine could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineError(pub String);

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EngineError {}

/// Runs the wasm module's static constructors, once. cubecl registers its IR types and kernels
/// with `inventory`, whose registrations are such constructors; burn's wgpu backend fails
/// without them ("Expected type cube.f32 to implement dyn SizedType").
///
/// Calling `__wasm_call_ctors` ourselves also matters for speed: a module that never calls it is
/// linked "command-style", and wasm-ld then re-runs every constructor at the start of *every*
/// exported function — every event handler, timer and promise callback. Measured before this:
/// 0.1–0.7 s of constructors per call, on the page's main thread and in the worker.
/// Natively the constructors run before `main`; this does nothing there.
pub fn run_static_constructors() {
    #[cfg(target_arch = "wasm32")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            unsafe extern "C" {
                fn __wasm_call_ctors();
            }
            // SAFETY: synthesised by wasm-ld; the `Once` runs it a single time per instance.
            unsafe { __wasm_call_ctors() }
        });
    }
}

#[cfg(feature = "train")]
/// Creates the autodiff-enabled device for `backend`. In a browser, WebGPU initialisation is
/// asynchronous and may fail (no adapter, missing features, lost device): the error says why.
pub async fn init_device(backend: Backend) -> Result<Device, EngineError> {
    run_static_constructors();
    match backend {
        #[cfg(feature = "cpu")]
        Backend::Flex => Ok(Device::flex().autodiff()),
        #[cfg(not(feature = "cpu"))]
        Backend::Flex => Err(EngineError(
            "this is the WebGPU worker module, without the CPU backend: CPU runs use www/worker.js".into(),
        )),
        Backend::Wgpu => init_wgpu().await,
    }
}

#[cfg(feature = "train")]
/// The wgpu runtime registers one server per device and refuses a second registration, so the
/// device is initialised once per thread (a worker, a test run) and handed out again after.
#[cfg(feature = "gpu")]
async fn init_wgpu() -> Result<Device, EngineError> {
    thread_local! {
        static WGPU: std::cell::RefCell<Option<Device>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(device) = WGPU.with(|d| d.borrow().clone()) {
        return Ok(device);
    }
    let device = Device::wgpu_options()
        .init_async()
        .await
        .map(Device::autodiff)
        .map_err(|e| EngineError(format!("WebGPU/wgpu initialisation failed: {e}")))?;
    WGPU.with(|d| *d.borrow_mut() = Some(device.clone()));
    Ok(device)
}

#[cfg(all(feature = "train", not(feature = "gpu")))]
async fn init_wgpu() -> Result<Device, EngineError> {
    Err(EngineError(if cfg!(target_arch = "wasm32") {
        "this is the CPU worker module, without WebGPU: WebGPU runs use www/worker-webgpu.js".into()
    } else {
        "this build has no GPU backend: rebuild with `--features gpu`".into()
    }))
}

#[cfg(feature = "train")]
/// Reads a float tensor back to the host, row-major.
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, EngineError> {
    let data =
        tensor.into_data_async().await.map_err(|e| EngineError(format!("reading a tensor failed: {e:?}")))?;
    data.try_into_vec_as::<f32>().map_err(|e| EngineError(format!("tensor data: {e:?}")))
}

#[cfg(feature = "train")]
/// Reads an integer tensor back to the host, row-major. (The backend's int type varies: i32 on
/// WebGPU, i64 on flex; this converts.)
pub async fn read_ints<const D: usize>(tensor: Tensor<D, Int>) -> Result<Vec<i64>, EngineError> {
    let data =
        tensor.into_data_async().await.map_err(|e| EngineError(format!("reading a tensor failed: {e:?}")))?;
    data.try_into_vec_as::<i64>().map_err(|e| EngineError(format!("tensor data: {e:?}")))
}

/// Runs a future to completion on the current thread (native only: the CLI, tests, benches).
#[cfg(not(target_arch = "wasm32"))]
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    futures_lite::future::block_on(future)
}

// Native only: they read tensors with `block_on` (`wasm-pack test` builds them for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "cpu")]
    fn flex_round_trip() {
        let device = block_on(init_device(Backend::Flex)).unwrap();
        let t = Tensor::<2>::from_floats([[1.0, 2.0], [3.0, 4.5]], &device);
        assert_eq!(block_on(read_floats(t)).unwrap(), vec![1.0, 2.0, 3.0, 4.5]);
        let i = Tensor::<1, Int>::from_ints([3, -1, 7], &device);
        assert_eq!(block_on(read_ints(i)).unwrap(), vec![3, -1, 7]);
    }

    #[test]
    fn backend_names_parse() {
        assert_eq!(Backend::parse("CPU"), Some(Backend::Flex));
        assert_eq!(Backend::parse("webgpu"), Some(Backend::Wgpu));
        assert_eq!(Backend::parse("tpu"), None);
    }
}

//! `minima`: runs any experiment from a JSON config natively; see [`minima::cli`].

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    minima::cli::main()
}

/// The command-line runner is native only; this keeps wasm32 builds of the test targets working.
#[cfg(target_arch = "wasm32")]
fn main() {}

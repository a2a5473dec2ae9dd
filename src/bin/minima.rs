//! `minima`: runs any experiment from a JSON config natively; see [`minima::cli`].

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    keep_freed_memory();
    minima::cli::main()
}

/// glibc's malloc gives every freed block over 128 KiB back to the kernel and takes it again on the
/// next step, so a training step's tensors cost page faults: the down-scaling science run spent 25
/// of 40 s in the kernel. Blocks up to 32 MiB (the largest threshold glibc accepts) now come from
/// the heap, which keeps up to 1 GiB of freed memory: 0.8 s in the kernel. The native test runner
/// sets the same through the environment (`scripts/native-tests.mjs`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    // glibc's <malloc.h>: M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
    const M_TRIM_THRESHOLD: i32 = -1;
    const M_MMAP_THRESHOLD: i32 = -3;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: mallopt only sets malloc's parameters; it is called before any thread starts.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
    }
}

#[cfg(all(not(target_arch = "wasm32"), not(all(target_os = "linux", target_env = "gnu"))))]
fn keep_freed_memory() {}

/// The command-line runner is native only; this keeps wasm32 builds of the test targets working.
#[cfg(target_arch = "wasm32")]
fn main() {}

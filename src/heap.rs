//! The training worker's heap (wasm32 only): the system allocator, plus a note of the last
//! allocation that failed. In the browser a failed allocation aborts the module ("unreachable");
//! `www/worker.js` then asks [`failed_allocation`] and tells the page that the worker ran out of
//! memory, and how much it asked for, instead of a bare trap. Recording the size allocates
//! nothing, so it works when memory is exhausted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;

/// Bytes of the last allocation that failed; 0 when none has.
static FAILED: AtomicUsize = AtomicUsize::new(0);
/// Whether the module has panicked (the panic hook has reported it).
static PANICKED: AtomicBool = AtomicBool::new(false);

/// The system allocator, noting failures.
pub struct NotingAllocator;

fn note(pointer: *mut u8, size: usize) -> *mut u8 {
    if pointer.is_null() {
        FAILED.store(size, Ordering::Relaxed);
    }
    pointer
}

// SAFETY: every call is forwarded unchanged to `System`; only a failure is noted.
unsafe impl GlobalAlloc for NotingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(unsafe { System.alloc(layout) }, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(unsafe { System.realloc(ptr, layout, new_size) }, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: NotingAllocator = NotingAllocator;

/// Bytes of the last allocation that failed (0: none), for `www/worker.js` after a trap.
#[wasm_bindgen]
pub fn failed_allocation() -> f64 {
    FAILED.load(Ordering::Relaxed) as f64
}

/// Whether the module panicked (its message has been posted), for `www/worker.js` after a trap.
#[wasm_bindgen]
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

/// Marks the module as panicked (the worker's panic hook calls this).
pub fn mark_panicked() {
    PANICKED.store(true, Ordering::Relaxed);
}

/// Allocates 256 MiB blocks, never freed, until one fails (the wasm heap ends at 4 GiB): a real
/// out-of-memory abort, for the tests of the worker's message.
pub fn exhaust() -> ! {
    let mut blocks = Vec::new();
    loop {
        let mut block = Vec::<u8>::with_capacity(256 << 20);
        block.push(1);
        blocks.push(block);
        std::hint::black_box(&blocks);
    }
}

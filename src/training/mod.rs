//! Training (the `train` build only): losses, optimiser steps, schedules, probes and kNN memory,
//! shared by every demo; pure tensor maths, no run protocol (the epoch loop that reports through it
//! is `demos::epochs`).

pub mod grads;
pub mod knn_memory;
pub mod loss;
pub mod optim;
pub mod probe;
pub mod sam;
pub mod schedule;

//! Training (the `train` build only): losses, optimiser steps, the epoch loop, probes, shared
//! by every demo.

pub mod epochs;
pub mod grads;
pub mod knn_memory;
pub mod loss;
pub mod optim;
pub mod probe;
pub mod sam;
pub mod schedule;

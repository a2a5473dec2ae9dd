//! Training: losses, optimiser steps and metrics, shared by every experiment.

pub mod epochs;
pub mod grads;
pub mod loss;
pub mod metrics;
pub mod optim;
pub mod probe;
pub mod sam;
pub mod schedule;

//! Training: losses, optimiser steps and metrics, shared by every experiment.

pub mod loss;
pub mod metrics;
pub mod optim;

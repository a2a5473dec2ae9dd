"""NumPy reference for the uniform-convergence demo (Nagarajan & Kolter, NeurIPS 2019, the
authors' notebook, Part 2, scaled down): two concentric spheres (radii 1 and 1.2) in d dimensions,
a one-hidden-layer ReLU network (Glorot-uniform weights and biases), sigmoid cross-entropy on the
two logits against the one-hot label (mean over the batch and both logits, as the authors' code),
plain SGD (lr 0.5, batch 64) until 99 % of training margins are >= 8. Independent of minima's code
and random streams: its numbers are a reference, not the same run.

    python3 bench/reference/uniform_convergence_numpy.py [d] [m,m,...] > bench/reference/uniform_convergence_numpy.log
"""
import sys
import time

import numpy as np

d = int(sys.argv[1]) if len(sys.argv) > 1 else 100
sizes = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "256,512,1024,2048").split(",")]
width, lr, batch, margin, share, max_epochs, radii = 1000, 0.5, 64, 8.0, 0.99, 1000, (1.0, 1.2)


def spheres(rng, n):
    x = rng.standard_normal((n, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.arange(n) % 2
    rng.shuffle(y)
    return x * np.where(y == 1, radii[1], radii[0])[:, None].astype(np.float32), y


def glorot(rng, shape):
    fan_in, fan_out = shape if len(shape) == 2 else (shape[0], shape[0])
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype(np.float32)


print(f"numpy {np.__version__}; d={d} width={width} lr={lr} batch={batch} margin={margin} share={share}")
test_x, test_y = spheres(np.random.default_rng(1), 4096)
for m in sizes:
    rng = np.random.default_rng(0)
    x, y = spheres(rng, m)
    init = np.random.default_rng(2)
    w1, b1, w2, b2 = glorot(init, (d, width)), glorot(init, (width,)), glorot(init, (width, 2)), glorot(init, (2,))
    w1_0, w2_0 = w1.copy(), w2.copy()

    def logits(inputs):
        return np.maximum(inputs @ w1 + b1, 0) @ w2 + b2

    start = time.time()
    for epoch in range(1, max_epochs + 1):
        order = rng.permutation(m)
        for lo in range(0, m, batch):
            i = order[lo:lo + batch]
            inputs, targets = x[i], np.eye(2, dtype=np.float32)[y[i]]
            hidden = np.maximum(inputs @ w1 + b1, 0)
            z = hidden @ w2 + b2
            g = (1 / (1 + np.exp(-z)) - targets) / z.size
            g_hidden = (g @ w2.T) * (hidden > 0)
            w2 -= lr * hidden.T @ g
            b2 -= lr * g.sum(0)
            w1 -= lr * inputs.T @ g_hidden
            b1 -= lr * g_hidden.sum(0)
        z = logits(x)
        margins = np.where(y == 1, z[:, 1] - z[:, 0], z[:, 0] - z[:, 1])
        if np.mean(margins >= margin) >= share:
            break
    test_error = np.mean(logits(test_x).argmax(1) != test_y)
    projected = x * np.where(y == 1, radii[0] / radii[1], radii[1] / radii[0])[:, None]
    projected_error = np.mean(logits(projected).argmax(1) != 1 - y)
    print(f"m={m} epochs={epoch} test_error={test_error:.3f} projected_error={projected_error:.3f} "
          f"distance_hidden={np.linalg.norm(w1 - w1_0):.2f} distance_output={np.linalg.norm(w2 - w2_0):.2f} "
          f"seconds={time.time() - start:.1f}", flush=True)

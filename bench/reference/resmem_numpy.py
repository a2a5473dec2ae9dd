"""NumPy reference for the ResMem demo (Yang, Lukasik, Nagarajan et al., NeurIPS 2023) on the
digits sweep: the 8x8 digits of data/digits.bin (raw pixels 0-16), the first 1,200 for training and
the last 597 for testing; a one-hidden-layer ReLU MLP (PyTorch-style uniform initialisation) trained
by plain SGD (batch 32, mean cross-entropy); then ResMem: the training residuals
onehot(y) - softmax(f(x)), the k = 5 nearest training points in the L2-normalised hidden layer,
weighted by softmax(-distance / sigma) with sigma = 0.05, added to softmax(f(x)). Widths 8 and 32
after 5 epochs at lr 0.01 (the demo's defaults), and width 256 after 100 epochs at lr 0.05 (a base
that interpolates its training set); 5 seeds each. Independent of minima's code and random
streams: its numbers are a reference, not the same run.

Install and run (from the repository root):
    python3 -m venv .venv-reference && .venv-reference/bin/pip install numpy==2.4.6
    .venv-reference/bin/python bench/reference/resmem_numpy.py > bench/reference/resmem_numpy.log
"""
import numpy as np

from digits import digits

SEEDS, BATCH, K, SIGMA, TEST = 5, 32, 5, 0.05, 597
RUNS = [(8, 5, 0.01), (32, 5, 0.01), (256, 100, 0.05)]


def softmax(z):
    p = np.exp(z - z.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def train(x, y, width, epochs, lr, rng):
    b1_, b2_ = 1 / np.sqrt(64), 1 / np.sqrt(width)
    w1, b1 = rng.uniform(-b1_, b1_, (64, width)), rng.uniform(-b1_, b1_, width)
    w2, b2 = rng.uniform(-b2_, b2_, (width, 10)), rng.uniform(-b2_, b2_, 10)
    for _ in range(epochs):
        for batch in np.array_split(rng.permutation(len(y)), int(np.ceil(len(y) / BATCH))):
            xb, yb = x[batch], y[batch]
            h = np.maximum(xb @ w1 + b1, 0)
            p = softmax(h @ w2 + b2)
            p[np.arange(len(yb)), yb] -= 1
            g = p / len(yb)
            gh = (g @ w2.T) * (h > 0)
            w2 -= lr * h.T @ g
            b2 -= lr * g.sum(0)
            w1 -= lr * xb.T @ gh
            b1 -= lr * gh.sum(0)
    return lambda v: (np.maximum(v @ w1 + b1, 0), softmax(np.maximum(v @ w1 + b1, 0) @ w2 + b2))


def resmem(net, x, y, xt):
    h, p = net(x)
    residual = np.eye(10)[y] - p
    ht, pt = net(xt)
    unit = lambda a: a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    d = np.sqrt(np.maximum(((unit(ht)[:, None, :] - unit(h)[None, :, :]) ** 2).sum(-1), 0))
    nearest = np.argsort(d, axis=1)[:, :K]
    dk = np.take_along_axis(d, nearest, 1)
    w = softmax(-dk / SIGMA)
    return pt + (w[:, :, None] * residual[nearest]).sum(1)


def main():
    x, y = digits()
    (x, y), (xt, yt) = (x[:-TEST], y[:-TEST]), (x[-TEST:], y[-TEST:])
    print(f"numpy {np.__version__}; digits raw 8x8; train {len(y)}, test {len(yt)}; k {K}, sigma {SIGMA}; {SEEDS} seeds")
    for width, epochs, lr in RUNS:
        rows = []
        for seed in range(SEEDS):
            net = train(x, y, width, epochs, lr, np.random.default_rng(100 * width + seed))
            base_train = np.mean(net(x)[1].argmax(1) == y)
            base_test = np.mean(net(xt)[1].argmax(1) == yt)
            res_test = np.mean(resmem(net, x, y, xt).argmax(1) == yt)
            rows.append((base_train, base_test, res_test))
            print(f"width={width} epochs={epochs} lr={lr} seed={seed} base_train={base_train:.3f} base_test={base_test:.3f} resmem_test={res_test:.3f}")
        r = np.array(rows)
        gain = 100 * (r[:, 2] - r[:, 1])
        print(
            f"summary width={width} epochs={epochs} lr={lr} base_train={r[:, 0].mean():.3f} base_test={r[:, 1].mean():.3f} "
            f"resmem_test={r[:, 2].mean():.3f} gain_points={gain.mean():.1f}±{gain.std(ddof=1):.1f} "
            f"interpolating_seeds={int((r[:, 0] == 1.0).sum())}"
        )


if __name__ == "__main__":
    main()

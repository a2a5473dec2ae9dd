"""NumPy reference for the disagreement demo (Jiang, Nagarajan, Baek & Kolter, ICLR 2022) at the
demo's default sweep: the 8x8 digits of data/digits.bin average-pooled to 4x4 (pixel units 0-16),
the last 597 images as the test set, training sets drawn from the first 1,200; for each width
(32, 128) and training size (100, 200), 4 one-hidden-layer ReLU networks trained by plain SGD
(lr 0.05, batch 8, mean cross-entropy, PyTorch-style uniform initialisation), measured after 50
and 200 epochs. AllDiff: each network its own data, order and initialisation; DiffData: its own
data, the same initialisation and order of positions; DiffInit: the same data and order, its own
initialisation.
Independent of minima's code and random streams: its numbers are a reference, not the same run.

Install and run (from the repository root):
    python3 -m venv .venv-reference && .venv-reference/bin/pip install numpy==2.4.6
    .venv-reference/bin/python bench/reference/disagreement_numpy.py > bench/reference/disagreement_numpy.log
"""
import itertools

import numpy as np

from digits import digits as load_digits

WIDTHS, SIZES, EPOCHS, MODELS, LR, BATCH, TEST = (32, 128), (100, 200), (50, 200), 4, 0.05, 8, 597


def digits():
    pixels, labels = load_digits()
    pooled = pixels.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).reshape(-1, 16)
    return pooled, labels


def train(x, y, width, seed_init, seed_order, epochs_at):
    """One network; its test predictions after each epoch count in `epochs_at`."""
    init = np.random.default_rng(seed_init)
    order = np.random.default_rng(seed_order)
    b1_, b2_ = 1 / np.sqrt(16), 1 / np.sqrt(width)
    w1, b1 = init.uniform(-b1_, b1_, (16, width)), init.uniform(-b1_, b1_, width)
    w2, b2 = init.uniform(-b2_, b2_, (width, 10)), init.uniform(-b2_, b2_, 10)
    out = {}
    for epoch in range(1, max(epochs_at) + 1):
        for batch in np.array_split(order.permutation(len(x)), max(1, len(x) // BATCH)):
            xb, yb = x[batch], y[batch]
            h = np.maximum(xb @ w1 + b1, 0)
            z = h @ w2 + b2
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            g = p / len(yb)
            gh = (g @ w2.T) * (h > 0)
            w2 -= LR * h.T @ g
            b2 -= LR * g.sum(axis=0)
            w1 -= LR * xb.T @ gh
            b1 -= LR * gh.sum(axis=0)
        if epoch in epochs_at:
            out[epoch] = (w1.copy(), b1.copy(), w2.copy(), b2.copy())
    return out


def main():
    x, y = digits()
    xt, yt = x[-TEST:], y[-TEST:]
    print(f"numpy {np.__version__}; digits pooled 4x4; widths {WIDTHS}; n {SIZES}; epochs {EPOCHS}; {MODELS} networks")
    for randomness in ("AllDiff", "DiffData", "DiffInit"):
        ratios, errors = [], []
        for width, n in itertools.product(WIDTHS, SIZES):
            pool = np.random.default_rng(1000 + n).permutation(len(x) - TEST)
            nets = []
            for m in range(MODELS):
                part = m if randomness in ("AllDiff", "DiffData") else 0
                idx = pool[part * n : (part + 1) * n]
                seed_init = 10 * (m if randomness in ("AllDiff", "DiffInit") else 0) + width
                seed_order = 20_000 + 10 * (m if randomness == "AllDiff" else 0) + n
                nets.append(train(x[idx], y[idx], width, seed_init, seed_order, EPOCHS))
            for epoch in EPOCHS:
                preds = []
                for net in nets:
                    w1, b1, w2, b2 = net[epoch]
                    preds.append((np.maximum(xt @ w1 + b1, 0) @ w2 + b2).argmax(axis=1))
                err = np.mean([np.mean(p != yt) for p in preds])
                dis = np.mean([np.mean(a != b) for a, b in itertools.combinations(preds, 2)])
                ratios.append(dis / err)
                errors.append(err)
                print(f"{randomness} width={width} n={n} epoch={epoch} test_error={err:.3f} disagreement={dis:.3f} ratio={dis / err:.3f}")
        print(
            f"{randomness} mean_test_error={np.mean(errors):.3f} mean_ratio={np.mean(ratios):.3f} "
            f"ratio_range={min(ratios):.2f}-{max(ratios):.2f} test_error_range={min(errors):.3f}-{max(errors):.3f}"
        )


if __name__ == "__main__":
    main()

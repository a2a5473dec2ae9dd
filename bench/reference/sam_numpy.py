"""NumPy reference for the SAM demo (Springer, Nagarajan & Raghunathan, ICLR 2024) at the demo's
defaults: each of 72 inputs joins an easy feature (+-0.2 on one of 8 coordinates, its sign the
label) and a hard one (an 8x8 digit of data/digits.bin, pixels / 16, label digit >= 5). The 1,797
digits split into training (898), probe training (449) and probe test (450); on the probe sets the
easy sign is drawn independently of the digit. An MLP 72-64-16-2 (ReLU, PyTorch-style uniform
initialisation) trains 60 epochs with plain SGD (lr 0.05, batch 32, mean cross-entropy); SAM
(rho ramped linearly from 0 to 0.2 over the first 10 epochs) takes the gradient at
w + rho g / ||g||. Both methods start from the same weights and see the same batches. A linear
probe (features standardised, L2 logistic regression with C = 1, by Newton's method) on the
16-unit layer measures how well each feature is encoded. Run at the defaults, then with the easy
feature absent (0) on 10 % of the training examples. Independent of minima's code and random
streams: its numbers are a reference, not the same run.

Install and run (from the repository root):
    python3 -m venv .venv-reference && .venv-reference/bin/pip install numpy==2.4.6
    .venv-reference/bin/python bench/reference/sam_numpy.py > bench/reference/sam_numpy.log
"""
import numpy as np

from digits import digits as load_digits

SEEDS, EPOCHS, LR, BATCH, RHO, RAMP, EASY_A = 8, 60, 0.05, 32, 0.2, 10, 0.2


def digits():
    pixels, labels = load_digits()
    return pixels / 16.0, (labels >= 5).astype(np.int64)


def splits(rng, absent):
    pixels, hard = digits()
    order = rng.permutation(len(hard))
    parts = order[:898], order[898 : 898 + 449], order[898 + 449 :]
    out = []
    for i, idx in enumerate(parts):
        easy = hard[idx] if i == 0 else rng.integers(0, 2, len(idx))
        block = np.zeros((len(idx), 8))
        block[:, 0] = np.where(easy == 1, EASY_A, -EASY_A)
        if i == 0:
            block[rng.permutation(len(idx))[: round(absent * len(idx))], 0] = 0.0
        out.append((np.hstack([block, pixels[idx]]), hard[idx], easy))
    return out


def init(rng):
    sizes = [(72, 64), (64, 16), (16, 2)]
    params = []
    for fan_in, fan_out in sizes:
        bound = 1 / np.sqrt(fan_in)
        params += [rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)]
    return params


def forward(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h1 = np.maximum(x @ w1 + b1, 0)
    h2 = np.maximum(h1 @ w2 + b2, 0)
    return h1, h2, h2 @ w3 + b3


def grads(params, x, y):
    w1, b1, w2, b2, w3, b3 = params
    h1, h2, z = forward(params, x)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    g3 = p / len(y)
    g2 = (g3 @ w3.T) * (h2 > 0)
    g1 = (g2 @ w2.T) * (h1 > 0)
    return [x.T @ g1, g1.sum(0), h1.T @ g2, g2.sum(0), h2.T @ g3, g3.sum(0)]


def probe(train_x, train_y, test_x, test_y, c=1.0):
    mean, std = train_x.mean(0), train_x.std(0)
    std[std == 0] = 1
    a = np.hstack([(train_x - mean) / std, np.ones((len(train_x), 1))])
    t = np.hstack([(test_x - mean) / std, np.ones((len(test_x), 1))])
    w = np.zeros(a.shape[1])
    reg = np.eye(a.shape[1])
    reg[-1, -1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        g = reg @ w + c * a.T @ (p - train_y)
        h = reg + c * (a.T * (p * (1 - p))) @ a + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(np.mean(((t @ w) > 0) == (test_y == 1)))


def run(absent):
    gaps, hard = [], {"sgd": [], "sam": []}
    for seed in range(SEEDS):
        rng = np.random.default_rng(seed)
        (x, y, _), (px, ph, pe), (tx, th, te) = splits(rng, absent)
        start = init(rng)
        nets = {"sgd": [p.copy() for p in start], "sam": [p.copy() for p in start]}
        for epoch in range(EPOCHS):
            rho = RHO * min(1.0, epoch / RAMP) if RAMP else RHO
            for batch in np.array_split(rng.permutation(len(y)), len(y) // BATCH):
                xb, yb = x[batch], y[batch]
                for method, params in nets.items():
                    g = grads(params, xb, yb)
                    if method == "sam" and rho > 0:
                        norm = np.sqrt(sum((gi**2).sum() for gi in g))
                        g = grads([p + rho * gi / (norm + 1e-12) for p, gi in zip(params, g)], xb, yb)
                    for p, gi in zip(params, g):
                        p -= LR * gi
        result = {}
        for method, params in nets.items():
            train = float(np.mean(forward(params, x)[2].argmax(1) == y))
            feats = lambda v: forward(params, v)[1]
            hard_probe = probe(feats(px), ph, feats(tx), th)
            easy = probe(feats(px), pe, feats(tx), te)
            result[method] = (train, hard_probe, easy)
            hard[method].append(hard_probe)
            print(f"absent={absent} seed={seed} method={method} train={train:.3f} hard_probe={hard_probe:.3f} easy_probe={easy:.3f}")
        gaps.append(result["sam"][1] - result["sgd"][1])
    gaps = np.array(gaps)
    print(
        f"summary absent={absent} seeds={SEEDS} sgd_hard={np.mean(hard['sgd']):.3f}±{np.std(hard['sgd'], ddof=1):.3f} "
        f"sam_hard={np.mean(hard['sam']):.3f}±{np.std(hard['sam'], ddof=1):.3f} mean_gap_points={100 * gaps.mean():.1f} "
        f"sam_higher={int((gaps > 0).sum())}"
    )


def main():
    print(f"numpy {np.__version__}; MLP 72-64-16-2; {EPOCHS} epochs, lr {LR}, batch {BATCH}; SAM rho {RHO} ramped over {RAMP}")
    for absent in (0.0, 0.1):
        run(absent)


if __name__ == "__main__":
    main()

"""NumPy reference for the local-explainability demo (Li, Nagarajan, Plumb & Talwalkar, "A Learning
Theoretic Perspective on Local Explainability", ICLR 2021), in the demo's own definitions:

- Data: data/diabetes.tsv (442 x 10), features and target standardised over all 442 rows, a seeded
  50/50 split (221 training, 221 test patients).
- Models: ReLU MLPs 10-w-w-1 (PyTorch-style uniform initialisation), Adam lr 1e-3, batches of 32
  walked through seeded permutations, mean squared error plus lambda x the ExpO-style fidelity
  penalty: around the first 16 points of each batch, 20 neighbours from N(x, 0.5^2 I), and the
  mean squared residual of the least-squares affine fit to the model on them. Each network is
  measured after 200 and after 3,000 steps (the short model is the long one seen early).
- Fidelity at the first 100 test points, for sigma in {0.1, 0.25, 0.5, 1}: an explanation at x is
  the least-squares affine fit to the model on K = 32 points from N(x, sigma^2 I).
  NF(x) = mean squared difference between the explanation at x and the model on 32 fresh points
  of that neighbourhood; MNF(x) = mean over 8 neighbours x' ~ N(x, sigma^2 I) of the squared
  difference at x between the explanation fitted around x' and the model (the data density is
  treated as locally flat: the mirrored neighbourhood is N(x, sigma^2 I) itself).
- Explanation generalisation (lambda = 0, 3,000 steps): at each of those test points, an affine
  explanation of the model fitted by Gaussian-kernel weighted least squares on the 221 training
  points; its weighted error there (in-sample) against the same weighted error on the other
  test points (held out), and the effective sample size (sum w)^2 / sum w^2 of the training
  weights.
- Generalisation gap = test MSE - training MSE (standardised target).

Independent of minima's code and random streams: its numbers are a reference, not the same run.

Install and run (from the repository root):
    python3 -m venv .venv-reference && .venv-reference/bin/pip install numpy==2.4.6
    .venv-reference/bin/python bench/reference/local_explainability_numpy.py \
        > bench/reference/local_explainability_numpy.log
"""
import sys
import time

import numpy as np

WIDTHS, LAMBDAS, SEEDS, CHECKPOINTS = (16, 64, 256), (0.0, 10.0, 100.0), 3, (200, 3000)
BATCH, REG_POINTS, REG_NEIGHBOURS, REG_SIGMA, LR = 32, 16, 20, 0.5, 1e-3
SIGMAS, EVAL_POINTS, K, MIRRORS = (0.1, 0.25, 0.5, 1.0), 100, 32, 8


def diabetes():
    rows = [line.split("\t") for line in open("data/diabetes.tsv").read().splitlines()[1:]]
    values = np.array(rows, dtype=np.float64)
    x, y = values[:, :10], values[:, 10]
    return (x - x.mean(0)) / x.std(0), (y - y.mean()) / y.std()


def affine_design(z, centre):
    d = z - centre
    return np.concatenate([np.ones((*d.shape[:-1], 1)), d], axis=-1)


def residual_projection(z, centre):
    """I - A (A^T A)^-1 A^T for the affine design A of points z [.., n, 10] around centre."""
    a = affine_design(z, centre)
    pinv = np.linalg.pinv(a)
    return np.eye(z.shape[-2]) - a @ pinv


class Mlp:
    def __init__(self, width, rng):
        sizes = [10, width, width, 1]
        self.params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1 / np.sqrt(fan_in)
            self.params += [rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def forward(self, x, keep=False):
        w1, b1, w2, b2, w3, b3 = self.params
        h1 = np.maximum(x @ w1 + b1, 0)
        h2 = np.maximum(h1 @ w2 + b2, 0)
        out = (h2 @ w3 + b3)[..., 0]
        return (out, (x, h1, h2)) if keep else out

    def backward(self, cache, grad_out):
        w1, b1, w2, b2, w3, b3 = self.params
        x, h1, h2 = cache
        g = grad_out[:, None]
        gw3, gb3 = h2.T @ g, g.sum(0)
        g2 = (g @ w3.T) * (h2 > 0)
        gw2, gb2 = h1.T @ g2, g2.sum(0)
        g1 = (g2 @ w2.T) * (h1 > 0)
        return [x.T @ g1, g1.sum(0), gw2, gb2, gw3, gb3]

    def adam(self, grads, b1=0.9, b2=0.999, eps=1e-8):
        self.t += 1
        for i, g in enumerate(grads):
            self.m[i] = b1 * self.m[i] + (1 - b1) * g
            self.v[i] = b2 * self.v[i] + (1 - b2) * g * g
            m_hat, v_hat = self.m[i] / (1 - b1**self.t), self.v[i] / (1 - b2**self.t)
            self.params[i] -= LR * m_hat / (np.sqrt(v_hat) + eps)


def train(x, y, width, lam, rng, on_checkpoint):
    net = Mlp(width, rng)
    order, at = rng.permutation(len(y)), 0
    for step in range(1, max(CHECKPOINTS) + 1):
        if at + BATCH > len(y):
            order, at = np.concatenate([order[at:], rng.permutation(len(y))]), 0
        batch, at = order[at : at + BATCH], at + BATCH
        out, cache = net.forward(x[batch], keep=True)
        grad = 2 * (out - y[batch]) / BATCH
        grads = net.backward(cache, grad)
        if lam > 0:
            centres = x[batch[:REG_POINTS]]
            z = centres[:, None, :] + REG_SIGMA * rng.standard_normal((REG_POINTS, REG_NEIGHBOURS, 10))
            proj = residual_projection(z, centres[:, None, :])  # [16, 20, 20]
            f, zcache = net.forward(z.reshape(-1, 10), keep=True)
            r = np.einsum("pij,pj->pi", proj, f.reshape(REG_POINTS, REG_NEIGHBOURS))
            # d/df of lam * mean(r^2) = lam * 2 P^T r / n (P symmetric).
            gf = lam * 2 * np.einsum("pij,pi->pj", proj, r) / r.size
            grads = [a + b for a, b in zip(grads, net.backward(zcache, gf.reshape(-1)))]
        net.adam(grads)
        if step in CHECKPOINTS:
            on_checkpoint(step, net)


def fidelity(net, centres, sigma, rng):
    """(NF, MNF) at each centre, as defined in the module's docstring."""
    n = len(centres)
    fit_z = centres[:, None, :] + sigma * rng.standard_normal((n, K, 10))
    fresh = centres[:, None, :] + sigma * rng.standard_normal((n, K, 10))
    coef = np.einsum("pij,pj->pi", np.linalg.pinv(affine_design(fit_z, centres[:, None, :])), net.forward(fit_z))
    explained = np.einsum("pki,pi->pk", affine_design(fresh, centres[:, None, :]), coef)
    nf = ((explained - net.forward(fresh)) ** 2).mean(1)
    mirrors = centres[:, None, :] + sigma * rng.standard_normal((n, MIRRORS, 10))
    z = mirrors[:, :, None, :] + sigma * rng.standard_normal((n, MIRRORS, K, 10))
    design = affine_design(z, mirrors[:, :, None, :])
    coef = np.einsum("pmij,pmj->pmi", np.linalg.pinv(design), net.forward(z))
    at_centre = np.einsum("pmi,pmi->pm", affine_design(centres[:, None, :], mirrors), coef)
    mnf = ((at_centre - net.forward(centres)[:, None]) ** 2).mean(1)
    return nf.mean(), mnf.mean()


def explanation_generalisation(net, x_train, centres, held_out, sigma):
    """(in-sample error, held-out error, effective sample size), averaged over the centres."""
    f_train, f_held = net.forward(x_train), net.forward(held_out)
    ins, outs, ess = [], [], []
    for i, c in enumerate(centres):
        w = np.exp(-((x_train - c) ** 2).sum(1) / (2 * sigma**2))
        a = affine_design(x_train, c)
        v = w / w.max()  # the same fit; the ridge is relative to the largest diagonal entry
        gram = a.T @ (a * v[:, None])
        gram += 1e-9 * gram.diagonal().max() * np.eye(11)
        coef = np.linalg.solve(gram, a.T @ (v * f_train))
        ins.append((w * (a @ coef - f_train) ** 2).sum() / w.sum())
        keep = np.arange(len(held_out)) != i
        wh = np.exp(-((held_out[keep] - c) ** 2).sum(1) / (2 * sigma**2))
        err = (affine_design(held_out[keep], c) @ coef - f_held[keep]) ** 2
        outs.append((wh * err).sum() / wh.sum())
        ess.append(w.sum() ** 2 / (w**2).sum())
    return np.mean(ins), np.mean(outs), np.mean(ess)


def spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return np.corrcoef(ra, rb)[0, 1]


def main():
    started = time.time()
    x, y = diabetes()
    split = np.random.default_rng(0).permutation(len(y))
    tr, te = split[: len(y) // 2], split[len(y) // 2 :]
    centres = x[te[:EVAL_POINTS]]
    zoo = []
    for width in WIDTHS:
        for lam in LAMBDAS:
            for seed in range(SEEDS):
                rng = np.random.default_rng([seed, width, int(lam)])

                def checkpoint(step, net):
                    gap = ((net.forward(x[te]) - y[te]) ** 2).mean() - ((net.forward(x[tr]) - y[tr]) ** 2).mean()
                    fid = [fidelity(net, centres, s, np.random.default_rng([seed, 7, int(100 * s)])) for s in SIGMAS]
                    row = dict(width=width, lam=lam, seed=seed, steps=step, gap=gap, nf=[f[0] for f in fid],
                               mnf=[f[1] for f in fid])
                    if lam == 0 and step == max(CHECKPOINTS):
                        row["explain"] = [explanation_generalisation(net, x[tr], centres, x[te], s) for s in (0.5, 1.0)]
                    zoo.append(row)
                    print(f"width {width:3d} lambda {lam:5.0f} seed {seed} steps {step:4d}: gap {gap:.3f} "
                          f"NF {' '.join(f'{v:.2e}' for v in row['nf'])} MNF {' '.join(f'{v:.2e}' for v in row['mnf'])}")
                    sys.stdout.flush()

                train(x[tr], y[tr], width, lam, rng, checkpoint)
    mnf05 = np.array([r["mnf"][2] for r in zoo])
    nf05 = np.array([r["nf"][2] for r in zoo])
    gaps = np.array([r["gap"] for r in zoo])
    print(f"\nzoo of {len(zoo)} models (widths {WIDTHS}, lambdas {LAMBDAS}, {SEEDS} seeds, steps {CHECKPOINTS})")
    for i, s in enumerate(SIGMAS):
        print(f"Spearman(MNF@{s}, gap) = {spearman([r['mnf'][i] for r in zoo], gaps):.3f}; "
              f"Spearman(NF@{s}, gap) = {spearman([r['nf'][i] for r in zoo], gaps):.3f}")
    for widths in ((16, 64), (16, 64, 256)):
        keep = [i for i, r in enumerate(zoo) if r["width"] in widths]
        print(f"widths {widths}: Spearman(MNF@0.5, gap) = {spearman(mnf05[keep], gaps[keep]):.3f} over {len(keep)}")
    short = [i for i, r in enumerate(zoo) if r["steps"] == min(CHECKPOINTS)]
    print(f"short-trained only: Spearman(MNF@0.5, gap) = {spearman(mnf05[short], gaps[short]):.3f}")
    rising = sum(all(np.diff(r["nf"]) > 0) and all(np.diff(r["mnf"]) > 0) for r in zoo)
    print(f"NF and MNF rise with sigma in {rising} of {len(zoo)} models")
    for width in WIDTHS:
        long = [r for r in zoo if r["width"] == width and r["steps"] == max(CHECKPOINTS)]
        for lam in LAMBDAS[1:]:
            g0 = np.mean([r["gap"] for r in long if r["lam"] == 0])
            g1 = np.mean([r["gap"] for r in long if r["lam"] == lam])
            m0 = np.mean([r["mnf"][2] for r in long if r["lam"] == 0])
            m1 = np.mean([r["mnf"][2] for r in long if r["lam"] == lam])
            print(f"width {width}, {max(CHECKPOINTS)} steps, lambda 0 -> {lam:.0f}: gap {g0:.3f} -> {g1:.3f} "
                  f"(cut {100 * (1 - g1 / g0):.0f} %), MNF@0.5 {m0:.2e} -> {m1:.2e} ({m0 / m1:.1f}x lower)")
    for r in zoo:
        if "explain" in r:
            (i5, o5, e5), (i1, o1, e1) = r["explain"]
            print(f"explanations, width {r['width']} seed {r['seed']}: sigma 0.5 in {i5:.2e} held-out {o5:.2e} "
                  f"({o5 / i5:.1f}x, ESS {e5:.1f}); sigma 1 in {i1:.2e} held-out {o1:.2e} ({o1 / i1:.2f}x, "
                  f"ESS {e1:.1f}); gap shrinks {(o5 - i5) / (o1 - i1):.1f}x")
    print(f"\n{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

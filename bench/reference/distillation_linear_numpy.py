"""NumPy reference for the distillation demo's exact view (Nagarajan, Menon, Bhojanapalli, Mobahi &
Kumar, NeurIPS 2023, §5: distillation exaggerates gradient descent's bias toward the top
eigendirections) at the demo's defaults: linear regression with n = 200 examples in d = 20
dimensions, the eigenvalues of X^T X / n log-evenly spaced from 1 to 1e-3, labels y = X w* + noise
(standard deviation 0.1), full-batch gradient descent from zero with step 1 for T = 100 steps; a
teacher on y, then a student on the teacher's predictions. Along eigenvector j it prints the share
of the least-squares solution each reached, beside the closed forms 1 - (1 - eta lambda_j)^T
(teacher) and its square (student). Independent of minima's code and random streams: X, w* and the
noise are drawn here (3 seeds).

Install and run (from the repository root):
    python3 -m venv .venv-reference && .venv-reference/bin/pip install numpy==2.4.6
    .venv-reference/bin/python bench/reference/distillation_linear_numpy.py \
        > bench/reference/distillation_linear_numpy.log
"""
import numpy as np

N, D, HI, LO, NOISE, STEP, T, SEEDS = 200, 20, 1.0, 1e-3, 0.1, 1.0, 100, 3


def problem(rng):
    lam = HI * (LO / HI) ** (np.arange(D) / (D - 1))
    z, _ = np.linalg.qr(rng.standard_normal((N, D)))  # Z^T Z = I
    q, _ = np.linalg.qr(rng.standard_normal((D, D)))
    x = np.sqrt(N) * z @ np.diag(np.sqrt(lam)) @ q.T  # X^T X / n = Q diag(lam) Q^T
    y = x @ rng.standard_normal(D) + NOISE * rng.standard_normal(N)
    return lam, q, x, y


def descend(x, targets):
    w = np.zeros(D)
    for _ in range(T):
        w -= STEP * x.T @ (x @ w - targets) / N
    return w


def main():
    print(f"# n={N} d={D} eigenvalues {HI:g}..{LO:g} noise={NOISE} step={STEP} T={T} seeds={SEEDS}")
    shares = []
    for seed in range(SEEDS):
        lam, q, x, y = problem(np.random.default_rng(seed))
        teacher = descend(x, y)
        student = descend(x, x @ teacher)
        least_squares = (q.T @ (x.T @ y / N)) / lam
        shares.append((lam, (q.T @ teacher) / least_squares, (q.T @ student) / least_squares))
    print("j eigenvalue teacher(seeds) closed student(seeds) closed")
    for j in range(D):
        lam = shares[0][0][j]
        closed = 1 - (1 - STEP * lam) ** T
        t = " ".join(f"{s[1][j]:.4f}" for s in shares)
        s = " ".join(f"{s[2][j]:.4f}" for s in shares)
        print(f"j={j} eigenvalue={lam:.4f} teacher={t} closed={closed:.4f} student={s} closed={closed**2:.4f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write data/diabetes.tsv, the diabetes regression data that minima embeds.

Source: scikit-learn's `sklearn/datasets/data/diabetes_data_raw.csv.gz` and
`diabetes_target.csv.gz` (442 patients; read from scikit-learn 1.5.2), the data of Efron, Hastie,
Johnstone & Tibshirani, "Least Angle Regression" (Annals of Statistics, 2004). See data/README.md.

Usage: python3 data/make_diabetes.py [path/to/sklearn/datasets/data]
Without a path, it reads the copy inside an installed scikit-learn.

Format: a header line, then one patient per line, tab-separated: the ten raw baseline variables
(age, sex, bmi, bp, s1..s6) as printed in the source, then the target (disease progression one
year after baseline) as an integer.
"""
import gzip
import os
import sys

HEADER = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]


def source_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    import sklearn  # noqa: only to locate the shipped files

    return os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data")


def main():
    folder = source_dir()
    with gzip.open(os.path.join(folder, "diabetes_data_raw.csv.gz"), "rt") as f:
        rows = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(folder, "diabetes_target.csv.gz"), "rt") as f:
        targets = [float(line) for line in f if line.strip()]
    if len(rows) != 442 or len(targets) != 442 or any(len(r) != 10 for r in rows):
        raise SystemExit("expected 442 rows of 10 values and 442 targets")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "diabetes.tsv")
    with open(out, "w") as f:
        f.write("\t".join(HEADER) + "\n")
        for row, target in zip(rows, targets):
            assert target == int(target)
            f.write("\t".join(row + [str(int(target))]) + "\n")
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()

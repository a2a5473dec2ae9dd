#!/usr/bin/env python3
"""Write data/digits.bin, the compact copy of the 8x8 handwritten digits that minima embeds.

Source: scikit-learn's `sklearn/datasets/data/digits.csv.gz` (1,797 rows; 64 pixel values 0..16
then the label), itself the test part of UCI "Optical Recognition of Handwritten Digits"
(Alpaydin & Kaynak, 1998). See data/README.md for provenance and licence.

Usage: python3 data/make_digits.py [path/to/digits.csv.gz]
Without a path, it reads the copy inside an installed scikit-learn.

Format (little-endian):
  bytes 0..4   magic b"MND1"
  bytes 4..6   u16 count (1797)
  then count * 64 bytes: pixels row-major, each 0..16
  then count bytes: labels 0..9
"""
import gzip
import os
import struct
import sys


def source_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    import sklearn  # noqa: only to locate the shipped file

    return os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "digits.csv.gz")


def main():
    rows = []
    with gzip.open(source_path(), "rt") as f:
        for line in f:
            values = [int(float(v)) for v in line.strip().split(",") if v]
            if len(values) != 65:
                raise SystemExit(f"expected 65 values per row, got {len(values)}")
            rows.append(values)
    pixels = bytearray()
    labels = bytearray()
    for r in rows:
        if not all(0 <= p <= 16 for p in r[:64]) or not 0 <= r[64] <= 9:
            raise SystemExit("value out of range")
        pixels.extend(r[:64])
        labels.append(r[64])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.bin")
    with open(out, "wb") as f:
        f.write(b"MND1" + struct.pack("<H", len(rows)) + bytes(pixels) + bytes(labels))
    print(f"wrote {out}: {len(rows)} images, {6 + len(pixels) + len(labels)} bytes")


if __name__ == "__main__":
    main()

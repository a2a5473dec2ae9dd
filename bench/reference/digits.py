"""The 8x8 digits of data/digits.bin (its format: data/make_digits.py), for the NumPy references:
pixels as float64 (0-16) in rows of 64, and labels 0-9."""
import numpy as np


def digits():
    raw = open("data/digits.bin", "rb").read()
    assert raw[:4] == b"MND1"
    count = int.from_bytes(raw[4:6], "little")
    pixels = np.frombuffer(raw[6 : 6 + 64 * count], dtype=np.uint8).reshape(count, 64).astype(np.float64)
    labels = np.frombuffer(raw[6 + 64 * count : 6 + 65 * count], dtype=np.uint8).astype(np.int64)
    return pixels, labels

"""PyTorch reference for the path-star demo's kept models: loads each `<mode>.safetensors` that
`minima run path-star --save DIR` wrote into a nanoGPT written here from the architecture alone
(token and learned position embeddings; pre-LayerNorm blocks of causal multi-head attention and a
4x GELU MLP; final LayerNorm; output head tied to the token embedding; LayerNorm eps 1e-5; burn's
Linear stores its weight as [in, out]) and compares its logits with the ones minima computed with
the same weights on the same held-out graphs (DIR/<mode>.probe.json). The safetensors format is read
here too (8-byte header length, JSON header, little-endian data), so nothing of minima's is used.

Install and run (from the repository root):
    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch==2.5.1 numpy==2.4.6
    target/release/minima run path-star --save /tmp/path-star-kept > /dev/null
    .venv-torch/bin/python bench/reference/path_star_logits.py /tmp/path-star-kept \
        > bench/reference/path_star_logits.log
"""
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}


def read_safetensors(path):
    """The tensors of a .safetensors file by name, and its metadata."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    data = raw[8 + n :]
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        start, end = t["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
        tensors[name] = torch.from_numpy(array.copy()).double()
    return tensors, meta


def layer_norm(x, w, prefix):
    return torch.nn.functional.layer_norm(x, x.shape[-1:], w[f"{prefix}.gamma"], w[f"{prefix}.beta"], eps=1e-5)


def linear(x, w, prefix):
    return x @ w[f"{prefix}.weight"] + w[f"{prefix}.bias"]


def gpt(tokens, w, layers, heads):
    """Logits [B, T, vocabulary] of `tokens` [B, T] (float64)."""
    b, t = tokens.shape
    x = w["token"][tokens] + w["position"][:t]
    d = x.shape[-1]
    hd = d // heads
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    for i in range(layers):
        p = f"blocks.{i}"
        qkv = linear(layer_norm(x, w, f"{p}.ln1"), w, f"{p}.attn.qkv")
        q, k, v = (qkv[..., j * d : (j + 1) * d].reshape(b, t, heads, hd).transpose(1, 2) for j in range(3))
        scores = (q @ k.transpose(2, 3)) / math.sqrt(hd)
        att = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + linear(y, w, f"{p}.attn.proj")
        h = torch.nn.functional.gelu(linear(layer_norm(x, w, f"{p}.ln2"), w, f"{p}.fc"))
        x = x + linear(h, w, f"{p}.fc_proj")
    return layer_norm(x, w, "ln_f") @ w["token"].T


def main(folder):
    folder = Path(folder)
    probes = [json.loads(p.read_text()) for p in sorted(folder.glob("*.probe.json"))]
    print(f"torch {torch.__version__}, float64; {folder.name}: {len(probes)} modes")
    worst_all = 0.0
    for entry in probes:
        weights, meta = read_safetensors(folder / f"{entry['mode']}.safetensors")
        header = json.loads(meta["minima"])
        config = header["config"]
        tokens = torch.tensor(entry["tokens"])
        ours = gpt(tokens, weights, config["layers"], config["heads"])
        theirs = torch.tensor(entry["logits"], dtype=torch.float64).reshape(entry["shape"])
        worst = (ours - theirs).abs().max().item()
        agree = (ours.argmax(-1) == theirs.argmax(-1)).double().mean().item()
        worst_all = max(worst_all, worst)
        print(
            f"mode={entry['mode']} step={header['model']['step']} graphs={tokens.shape[0]} positions={tokens.shape[1]}"
            f" tensors={len(weights)} max_abs_diff={worst:.2e} logit_scale={theirs.abs().max().item():.2f}"
            f" argmax_agree={agree:.4f}"
        )
    print(f"largest difference {worst_all:.2e}: {'match' if worst_all < 1e-4 else 'MISMATCH'} (tolerance 1e-4)")
    return 0 if worst_all < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

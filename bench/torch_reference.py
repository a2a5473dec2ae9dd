"""PyTorch reference for benches/steps.rs: the same batched one-hidden-layer MLPs (M networks,
16 inputs, batch 8, plain SGD lr 0.05), timed per optimiser step on CPU and CUDA.
Prints numbers; asserts nothing. `python3 bench/torch_reference.py`"""
import time

import torch


def rate(device, models, width, steps=2500):
    g = torch.Generator().manual_seed(0)
    x = (torch.rand(1797, 16, generator=g) * 16).to(device)
    y = torch.randint(0, 10, (1797,), generator=g).to(device)
    w1 = (torch.rand(models, 16, width, generator=g) - 0.5).to(device).requires_grad_()
    b1 = torch.zeros(models, 1, width, device=device, requires_grad=True)
    w2 = (torch.rand(models, width, 10, generator=g) - 0.5).to(device).requires_grad_()
    b2 = torch.zeros(models, 1, 10, device=device, requires_grad=True)
    opt = torch.optim.SGD([w1, b1, w2, b2], lr=0.05)
    idx = torch.randint(0, 1200, (steps, models * 8), generator=g).to(device)
    for warm in (True, False):
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        for s in range(20 if warm else steps):
            i = idx[s]
            logits = torch.relu(x[i].view(models, 8, 16) @ w1 + b1) @ w2 + b2
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 10), y[i], reduction="sum") / 8
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if device == "cuda":
            torch.cuda.synchronize()
    return steps / (time.perf_counter() - start)


for device in ["cpu"] + (["cuda"] if torch.cuda.is_available() else []):
    for models, width in [(2, 32), (4, 32), (4, 128), (8, 128)]:
        print(f"pytorch {torch.__version__} {device}: width {width}, {models} networks, batch 8: {rate(device, models, width):.1f} steps/s")

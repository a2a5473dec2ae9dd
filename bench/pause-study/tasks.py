"""The pause-token study's tasks: batches of token sequences with per-position targets.

Every task writes a sequence of token ids and a target per position (-100 where no loss is taken):
the model reads position t and predicts targets[t]. All tasks share one vocabulary so that the
pretrain-then-finetune protocol can mix them:

    0 .. VALUES-1      values (bits, residues mod m, array indices)
    PAUSE              the learnable <pause> token (also the filler "." of Pfau et al.)
    SEP                ends the question
    TASK + i           the task's name, first in every sequence (one token per task)

Middle sections (between SEP and the answer), the study's arms:
    none   the answer is read at SEP (or at the query) itself
    pause  M pause tokens are appended and the answer is read at the last one
    cot    chain of thought: the model writes the intermediate results (teacher-forced in
           training, generated greedily in evaluation) and the answer after the last of them
"""
import itertools

import torch

VALUES = 64
PAUSE = VALUES
SEP = VALUES + 1
TASK = VALUES + 2
TASKS = ["parity", "three_sum", "pointer"]
VOCAB = TASK + len(TASKS)
IGNORE = -100


def _frame(task, body, middle, answer, cot=None, pauses=0, query=None):
    """Joins [task token] body [SEP] query middle into tokens and targets (batch-first long tensors).

    body: [B, n] tokens; query: [B, q] tokens after SEP or None; cot: [B, K] intermediate tokens;
    pauses: M pause tokens; answer: [B]. The answer is the target of the last position; a chain of
    thought's tokens are the targets of the positions just before them."""
    b, device = body.shape[0], body.device
    head = torch.full((b, 1), TASK + TASKS.index(task), device=device, dtype=torch.long)
    sep = torch.full((b, 1), SEP, device=device, dtype=torch.long)
    parts = [head, body, sep] + ([query] if query is not None else [])
    if middle == "pause":
        parts.append(torch.full((b, pauses), PAUSE, device=device, dtype=torch.long))
    elif middle == "cot":
        parts.append(cot)
    elif middle != "none":
        raise ValueError(f"unknown middle {middle!r}")
    tokens = torch.cat(parts, dim=1)
    targets = torch.full_like(tokens, IGNORE)
    targets[:, -1] = answer
    if middle == "cot" and cot.shape[1] > 0:
        k = cot.shape[1]
        targets[:, -k - 1:-1] = cot
    return tokens, targets


def parity(batch, n, middle, pauses, gen):
    """Parity of n uniform bits (London & Kanade): the answer is their sum mod 2. Its chain of
    thought is the running parity after each bit."""
    bits = torch.randint(0, 2, (batch, n), generator=gen, device=gen.device)
    running = bits.cumsum(1) % 2
    return _frame("parity", bits, middle, running[:, -1], cot=running[:, :-1], pauses=pauses)


def three_sum(batch, n, m, middle, pauses, gen):
    """3SUM mod m (after Pfau, Merrill & Bowman): do three of the n residues sum to 0 mod m? Half
    the examples are positive (drawn by rejection). Its chain of thought is the n(n-1)/2 pair sums
    (x_i + x_j) mod m, i < j, in order; the answer is 1 if some x_k, k > j, closes a pair to 0."""
    triples = torch.tensor(list(itertools.combinations(range(n), 3)), device=gen.device)
    pairs = torch.tensor(list(itertools.combinations(range(n), 2)), device=gen.device)
    chosen = []
    need = {0: batch - batch // 2, 1: batch // 2}
    while need[0] > 0 or need[1] > 0:
        x = torch.randint(0, m, (4 * batch, n), generator=gen, device=gen.device)
        label = ((x[:, triples].sum(-1) % m) == 0).any(-1).long()
        for value in (0, 1):
            take = x[label == value][: need[value]]
            need[value] -= take.shape[0]
            chosen.append((take, torch.full((take.shape[0],), value, device=gen.device)))
    x = torch.cat([c[0] for c in chosen])
    label = torch.cat([c[1] for c in chosen])
    order = torch.randperm(batch, generator=gen, device=gen.device)
    x, label = x[order], label[order]
    cot = x[:, pairs].sum(-1) % m
    return _frame("three_sum", x, middle, label, cot=cot, pauses=pauses)


def pointer(batch, n, hops, middle, pauses, gen):
    """k-hop pointer chasing: an array a of n indices (a uniform random permutation of 0..n-1, so
    that no value is likelier than another, as it would be under a random function) and a start s;
    the answer is a^k(s). Sequence: a[0] .. a[n-1] SEP s [middle]. Its chain of thought is
    a(s), a(a(s)), .., a^(k-1)(s), each written by the model, then the answer."""
    device = gen.device
    a = torch.rand((batch, n), generator=gen, device=device).argsort(dim=1)  # a permutation
    s = torch.randint(0, n, (batch, 1), generator=gen, device=device)
    walk = [s[:, 0]]
    for _ in range(hops):
        walk.append(a.gather(1, walk[-1][:, None])[:, 0])
    cot = torch.stack(walk[1:-1], dim=1) if hops > 1 else s[:, :0]
    return _frame("pointer", a, middle, walk[-1], cot=cot, pauses=pauses, query=s)


def make(spec, batch, middle, gen):
    """A batch of the task that spec names (a dict: task and its parameters)."""
    task = spec["task"]
    pauses = spec.get("pauses", 0)
    if task == "parity":
        return parity(batch, spec["n"], middle, pauses, gen)
    if task == "three_sum":
        return three_sum(batch, spec["n"], spec["m"], middle, pauses, gen)
    if task == "pointer":
        return pointer(batch, spec["n"], spec["hops"], middle, pauses, gen)
    raise ValueError(f"unknown task {task!r}")


def insert_pauses(tokens, rate, gen):
    """The paper's pretraining with pauses: pause tokens at random positions (about rate of the
    sequence, never before the task token), the loss on predicting a pause ignored. Returns new
    tokens and next-token targets over the whole sequence (language modelling)."""
    b, t = tokens.shape
    count = max(1, round(rate * t))
    out_len = t + count
    # Positions 1..out_len-1 hold the pauses (sorted, distinct); the rest keep the tokens in order.
    keys = torch.rand((b, out_len - 1), generator=gen, device=gen.device)
    slots = keys.argsort(dim=1)[:, :count] + 1
    is_pause = torch.zeros((b, out_len), dtype=torch.bool, device=tokens.device)
    is_pause.scatter_(1, slots, True)
    out = torch.full((b, out_len), PAUSE, dtype=torch.long, device=tokens.device)
    out[~is_pause] = tokens.reshape(-1)
    lm = torch.full_like(out, IGNORE)
    lm[:, :-1] = out[:, 1:]
    lm[:, :-1][is_pause[:, 1:]] = IGNORE
    return out, lm


def language_model_targets(tokens):
    """Next-token targets over the whole sequence (pretraining without pauses)."""
    lm = torch.full_like(tokens, IGNORE)
    lm[:, :-1] = tokens[:, 1:]
    return lm

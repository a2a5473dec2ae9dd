"""One run of the pause-token study (study.py's plan), logged as JSON lines."""
import json
import math
import time

import torch

import tasks
from model import Gpt, answer_accuracy, loss

MAX_LEN = 128


def middles(arm):
    """(training middle, evaluation middle) of an arm; "mixed" trains half the batch on each."""
    return {"none": ("none", "none"), "pause": ("pause", "pause"), "cot": ("cot", "cot"),
            "mixed": ("mixed", "pause")}[arm]


def batch_of(spec, size, middle, gen):
    if middle != "mixed":
        return tasks.make(spec, size, middle, gen)
    a = tasks.make(spec, size // 2, "cot", gen)
    b = tasks.make(spec, size - size // 2, "pause", gen)
    if a[0].shape[1] != b[0].shape[1]:
        raise ValueError("mixed supervision needs as many pauses as chain-of-thought tokens")
    return torch.cat([a[0], b[0]]), torch.cat([a[1], b[1]])


def generated_tokens(spec, middle):
    """How many tokens before the answer the model writes itself in evaluation."""
    if middle != "cot":
        return 0
    return {"parity": lambda: spec["n"] - 1, "three_sum": lambda: spec["n"] * (spec["n"] - 1) // 2,
            "pointer": lambda: spec["hops"] - 1}[spec["task"]]()


def optimiser(model, run, steps):
    opt = torch.optim.AdamW(model.parameters(), lr=run["lr"], weight_decay=run["weight_decay"])

    def factor(step):  # linear warm-up, then cosine to a tenth
        if step < run["warmup"]:
            return (step + 1) / run["warmup"]
        progress = (step - run["warmup"]) / max(1, steps - run["warmup"])
        return 0.1 + 0.45 * (1 + math.cos(math.pi * min(1.0, progress)))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, factor)


def train(model, run, steps, next_batch, evaluate, emit, phase):
    opt, schedule = optimiser(model, run, steps)
    running, count = 0.0, 0
    for step in range(1, steps + 1):
        tokens, targets = next_batch()
        value = loss(model, tokens, targets)
        opt.zero_grad(set_to_none=True)
        value.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        schedule.step()
        if step % 50 == 0 or step == steps:  # reading the loss waits for the device: not every step
            running, count = running + value.item(), count + 1
        if step % run["eval_every"] == 0 or step == steps:
            line = {"phase": phase, "step": step, "loss": round(running / max(1, count), 4)}
            line.update(evaluate())
            emit(line)
            running, count = 0.0, 0
    return line


def cpu_name():
    """"CPU: <model name>, N threads" (the threads PyTorch uses)."""
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown"
    return f"CPU: {model}, {torch.get_num_threads()} threads"


def run_logged(run, path, date):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = True
    seed = run["seed"]
    gen = torch.Generator(device=device).manual_seed(seed)
    eval_gen = torch.Generator(device=device).manual_seed(1_000_003 + seed)
    torch.manual_seed(seed)
    started = time.time()
    with open(path, "w") as log:
        def emit(line):
            log.write(json.dumps(line) + "\n")
            log.flush()

        name = torch.cuda.get_device_name() if device == "cuda" else cpu_name()
        emit({"run": run["name"], "spec": run["spec"], "model": run["model"], "steps": run["steps"],
              "seed": seed, "date": date, "device": name, "torch": torch.__version__})
        model = Gpt(tasks.VOCAB, MAX_LEN, **run["model"]).to(device)
        spec = run["spec"]
        if spec["task"] == "pretrain":
            result = pretrain_then_finetune(model, run, gen, eval_gen, emit)
        else:
            train_middle, eval_middle = middles(spec["arm"])
            held_out = tasks.make(spec, run["eval_size"], eval_middle, eval_gen)
            k = generated_tokens(spec, eval_middle)

            def evaluate():
                model.eval()
                accuracy = answer_accuracy(model, *held_out, k)
                model.train()
                return {"accuracy": round(accuracy, 4)}

            last = train(model, run, run["steps"], lambda: batch_of(spec, run["batch"], train_middle, gen),
                         evaluate, emit, "train")
            result = {"accuracy": last["accuracy"]}
        emit({"end": "finished", "seconds": round(time.time() - started, 1), **result})


def pretrain_then_finetune(model, run, gen, eval_gen, emit):
    """The paper's protocol: pretraining (language modelling on the corpus's tasks written with
    their chains of thought, with or without pauses inserted), then finetuning a copy on the
    downstream task's bare answer without and with appended pauses. Returns the four arms'
    accuracies under the paper's names for this run's pretraining."""
    spec = run["spec"]
    corpus = spec["corpus"]
    turn = {"i": 0}

    def pretrain_batch():
        part = corpus[turn["i"] % len(corpus)]
        turn["i"] += 1
        tokens, _ = tasks.make(part, run["batch"], "cot", gen)
        if spec["pretrain_pauses"]:
            return tasks.insert_pauses(tokens, spec["pause_rate"], gen)
        return tokens, tasks.language_model_targets(tokens)

    train(model, run, run["steps"], pretrain_batch, lambda: {}, emit, "pretrain")
    pretrained = {k: v.clone() for k, v in model.state_dict().items()}
    downstream = spec["finetune"]
    result = {}
    for middle in ("none", "pause"):
        model.load_state_dict(pretrained)
        same_examples = torch.Generator(device=eval_gen.device).manual_seed(eval_gen.initial_seed())
        held_out = tasks.make(downstream, run["eval_size"], middle, same_examples)

        def evaluate():
            model.eval()
            accuracy = answer_accuracy(model, *held_out, 0)
            model.train()
            return {"accuracy": round(accuracy, 4)}

        last = train(model, run, spec["finetune_steps"],
                     lambda: tasks.make(downstream, run["batch"], middle, gen), evaluate, emit,
                     f"finetune-{middle}")
        result[middle] = last["accuracy"]
    pre = "pauses" if spec["pretrain_pauses"] else "plain"
    return {"accuracy": result, "pretraining": pre}

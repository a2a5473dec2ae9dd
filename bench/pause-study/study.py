#!/usr/bin/env python3
"""The pause-token study: does appending learnable <pause> tokens help a small transformer, and
where? Every run of the plan below, PARALLEL at a time, each in its own process (CUDA when there is
one, else CPU), each logged to bench/pause-study/logs/RUN.jsonl: a first line {run, spec, date,
device}, one line per evaluation {step, accuracy, loss}, and a last line {end, seconds}. A run
without its end line (cut by the deadline, or the session ended) is run again; done runs are kept.

    python3 bench/pause-study/study.py [--only PREFIX] [--parallel 2] [--deadline SECONDS] [--scale 1]
    python3 bench/pause-study/study.py --list                 the plan, one run a line
    python3 bench/pause-study/study.py --only three_sum-pfau-mixed-s0 --scale 0.01 --logs timing
                                                              a step's time, in bench/pause-study/timing/
    node scripts/readme-numbers.mjs                           the tables (docs/studies/pause-tokens.md)

--scale multiplies every run's steps (0.01 checks the script end to end in a minute); --logs names
another folder for the logs (beside this script), so that a scaled run never counts as a finished
one. Every study run writes the whole plan to bench/pause-study/plan.jsonl, which the generated
tables read to list what has not run. Prints one line per run; asserts nothing. bench/device-pause-study.sh runs it on a lent GPU.

The plan (issue text: Goyal et al., ICLR 2024; Pfau, Merrill & Bowman 2024; London & Kanade 2025):
  pointer    k-hop pointer chasing (8 pointers, chance 1/8), 2 layers, k = 2, 3, 4: no extra tokens,
             8 pauses, chain of thought. The contrast: pauses add width, chain of thought depth.
  parity     parity of n = 20 and 40 bits, 2 layers: none vs n pauses (London & Kanade).
  three_sum  3SUM mod 30 of 6 residues: none, 15 pauses (one per pair, Pfau's filler), Pfau's mixed
             supervision (half chain of thought, half filler; judged on filler) and chain of thought;
             2 layers width 64, Pfau's 4 layers at width 128 (what a CPU can run) and at their 384.
  pretrain   the paper's four arms: language modelling on a mix of the three tasks written with their
             chains of thought, with or without pauses at random positions (10 %, loss ignored on
             them), then finetuning on 3SUM's bare answer with or without 15 appended pauses.
Seeds 0, 1, 2 for every run (data, evaluation set and initial weights follow the seed).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(HERE, "logs")
PLAN = os.path.join(HERE, "plan.jsonl")
SEEDS = [0, 1, 2]
SMALL = {"layers": 2, "d_model": 64, "heads": 4}
MID = {"layers": 4, "d_model": 128, "heads": 4}
PFAU = {"layers": 4, "d_model": 384, "heads": 6}
TRAIN = {"batch": 128, "lr": 1e-3, "weight_decay": 0.01, "warmup": 100, "eval_every": 500, "eval_size": 2048}


def plan():
    """Every run, most important first (the device's deadline may cut the tail)."""
    runs = []

    def add(name, spec, model, steps, **extra):
        for seed in SEEDS:
            runs.append({"name": f"{name}-s{seed}", "spec": spec, "model": model, "steps": steps,
                         "seed": seed, **TRAIN, **extra})

    for hops in (2, 3, 4):
        for arm, pauses in (("none", 0), ("pause", 8), ("cot", 0)):
            spec = {"task": "pointer", "n": 8, "hops": hops, "arm": arm, "pauses": pauses}
            add(f"pointer-k{hops}-{arm}", spec, SMALL, 4000)
    for size, model in (("small", SMALL), ("mid", MID), ("pfau", PFAU)):
        for arm in ("none", "pause", "mixed", "cot"):
            spec = {"task": "three_sum", "n": 6, "m": 30, "arm": arm, "pauses": 15}
            add(f"three_sum-{size}-{arm}", spec, model, 5000)
    for n in (20, 40):
        for arm, pauses in (("none", 0), ("pause", n)):
            add(f"parity-n{n}-{arm}", {"task": "parity", "n": n, "arm": arm, "pauses": pauses}, SMALL, 5000)
    for size, model in (("small", SMALL), ("pfau", PFAU)):
        for pre in ("plain", "pauses"):
            spec = {"task": "pretrain", "pretrain_pauses": pre == "pauses", "pause_rate": 0.1,
                    "corpus": [{"task": "parity", "n": 20}, {"task": "three_sum", "n": 6, "m": 30},
                               {"task": "pointer", "n": 8, "hops": 3}],
                    "finetune": {"task": "three_sum", "n": 6, "m": 30, "pauses": 15}, "finetune_steps": 2000}
            add(f"pretrain-{size}-{pre}", spec, model, 4000)
    return runs


def log_path(name):
    return os.path.join(LOGS, f"{name}.jsonl")


def done(name):
    try:
        with open(log_path(name)) as f:
            lines = f.read().splitlines()
        return bool(lines) and "end" in json.loads(lines[-1])
    except (OSError, ValueError):
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--deadline", type=float, default=math.inf)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--logs", default="logs")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    global LOGS
    LOGS = os.path.join(HERE, args.logs)
    runs = [r for r in plan() if r["name"].startswith(args.only)]
    if args.list:
        for r in runs:
            print(json.dumps(r))
        return
    if args.one:
        from train import run_logged

        run = next(r for r in plan() if r["name"] == args.one)
        run["steps"] = max(1, round(run["steps"] * args.scale))
        if "finetune_steps" in run["spec"]:
            run["spec"]["finetune_steps"] = max(1, round(run["spec"]["finetune_steps"] * args.scale))
        run["eval_every"] = max(1, min(run["eval_every"], run["steps"]))
        date = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        run_logged(run, log_path(run["name"]), date)
        return
    os.makedirs(LOGS, exist_ok=True)
    with open(PLAN, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in plan())
    todo = [r["name"] for r in runs if not done(r["name"])]
    print(f"{len(runs) - len(todo)} of {len(runs)} runs done; {len(todo)} to run, {args.parallel} at a time",
          flush=True)
    deadline = time.time() + args.deadline
    active = {}
    while todo or active:
        while todo and len(active) < args.parallel:
            name = todo.pop(0)
            cmd = [sys.executable, os.path.abspath(__file__), "--one", name, "--scale", str(args.scale),
                   "--logs", args.logs]
            active[name] = (subprocess.Popen(cmd, cwd=HERE), time.time())
        time.sleep(0.5)
        for name, (child, started) in list(active.items()):
            if child.poll() is not None:
                del active[name]
                state = "done" if done(name) else f"failed (exit {child.returncode})"
                print(f"  {name}: {state} in {time.time() - started:.0f} s{final(name)}", flush=True)
        if time.time() > deadline:
            for name, (child, _) in active.items():
                child.kill()
                print(f"  {name}: cut by the deadline (runs again next time)", flush=True)
            print(f"deadline: {len(todo)} runs not started", flush=True)
            return


def final(name):
    try:
        with open(log_path(name)) as f:
            last = json.loads(f.read().splitlines()[-1])
        return f", accuracy {last['accuracy']}" if "accuracy" in last else ""
    except (OSError, ValueError, IndexError):
        return ""


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The path-star study's remaining runs (issue 17) in parallel, for a lent GPU (or here, on flex).

Reads a plan written by `node bench/path-star-study.mjs --plan d,l ...` (one JSON line per run:
name, config, stop_at) and runs each with `minima run path-star --backend B`, PARALLEL at a time.
Each run's log has the study's format, so that copied into bench/path-star-study/ it is read like
the native ones: a first line {run, config, date, backend}, every event but progress, and a last
line {end, seconds}: "reached" (stopped at the first evaluation >= stop_at), "finished" or
"error". A run cut by the deadline gets no end line, so the study runs it again.

    python3 bench/device-path-star-study.py PLAN MINIMA OUT_DIR [--backend wgpu] [--parallel 10] [--deadline 540]

Prints one line per evaluation and per run; asserts nothing. bench/device-path-star-study.sh is the
device check that calls it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone


def run(entry, args, deadline, lock):
    name, config, stop_at = entry["name"], entry["config"], entry.get("stop_at")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
    log_path = os.path.join(args.out, f"{name}.jsonl")
    started = time.time()
    with open(log_path, "w") as log:
        date = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        log.write(json.dumps({"run": name, "config": config, "date": date, "backend": args.backend}) + "\n")
        child = subprocess.Popen(
            [args.minima, "run", "path-star", "--config", f.name, "--backend", args.backend],
            stdout=subprocess.PIPE,
            text=True,
        )
        end = "finished"
        for line in child.stdout:
            if time.time() > deadline:
                child.kill()
                end = None
                break
            event = json.loads(line)
            if event.get("event") == "progress":
                continue
            log.write(line if line.endswith("\n") else line + "\n")
            result = event.get("result", {}) if event.get("event") == "result" else {}
            if result.get("kind") == "evaluation":
                with lock:
                    print(f"  {name} step {result['step']:>5}: exact {result['exact_match']:.3f}", flush=True)
                if stop_at is not None and result["exact_match"] >= stop_at:
                    end = "reached"
                    child.kill()
                    break
            elif event.get("event") == "error":
                end = "error"
        child.wait()
        seconds = round(time.time() - started, 2)
        if end is not None:
            log.write(json.dumps({"end": end, "seconds": seconds}) + "\n")
    with lock:
        print(f"{name}: {end or 'cut by the deadline'} after {seconds} s", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("minima")
    parser.add_argument("out")
    parser.add_argument("--backend", default="wgpu")
    parser.add_argument("--parallel", type=int, default=10)
    parser.add_argument("--deadline", type=float, default=540.0, help="seconds from now; later runs are cut")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(args.plan) as f:
        queue = [json.loads(line) for line in f if line.strip()]
    print(f"{len(queue)} runs, {args.parallel} at a time, on {args.backend}", flush=True)
    deadline = time.time() + args.deadline
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                entry = queue.pop(0)
            if time.time() > deadline:
                continue
            run(entry, args, deadline, lock)

    threads = [threading.Thread(target=worker) for _ in range(max(1, args.parallel))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())

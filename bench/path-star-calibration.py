"""Path-star calibration: can a cheaper setting decide the claims (reverse exact match >= 0.95;
teacher forcing: every teacher-forced position after the decision >= 0.95) in fewer FLOPs than the
defaults (batch 128, width 64, AdamW 1e-3, about 450-750 steps)? Runs `minima run path-star` once per
(candidate, mode, seed), evaluating 500 held-out graphs every 50 steps, and stops a run at the first
evaluation that decides its claim. Prints a line per run; appends one JSON line per run (the
candidate's overrides, the step that decided, the wall time, every evaluation) to the log.

    cargo test --release --test check --no-run       # builds target/release/minima
    python3 bench/path-star-calibration.py '{"b64": {"steps": 1000, "batch_size": 64}}' 0,1 reverse \
        bench/results-path-star-calibration-DATE.jsonl
"""
import json, os, subprocess, sys, tempfile, time
MINIMA = os.environ.get("MINIMA", os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "minima"))
cands = json.loads(sys.argv[1])   # {"name": {overrides}}
seeds = [int(s) for s in sys.argv[2].split(",")]
modes = sys.argv[3].split(",")
out = open(sys.argv[4], "a")
for name, over in cands.items():
    for mode in modes:
        for seed in seeds:
            cfg = {"modes": [mode], "data_seed": seed, "init_seed": seed, "eval_graphs": 500, "eval_every": 50}
            cfg.update(over)
            path = os.path.join(tempfile.gettempdir(), f"path-star-{name}-{mode}-{seed}.json")
            json.dump(cfg, open(path, "w"))
            t0 = time.time()
            p = subprocess.Popen([MINIMA, "run", "path-star", "--config", path], stdout=subprocess.PIPE, text=True)
            evals, decided = [], None
            for line in p.stdout:
                try: ev = json.loads(line)
                except Exception: continue
                r = ev.get("result") or {}
                if r.get("kind") != "evaluation": continue
                evals.append((r["step"], r["exact_match"], [round(x, 3) for x in r["forced"]], round(time.time() - t0, 1)))
                if mode == "reverse" and r["exact_match"] >= 0.95: decided = r["step"]
                if mode == "forward" and all(a >= 0.95 for a in r["forced"][2:]): decided = r["step"]
                if decided: break
            p.kill(); p.wait()
            rec = {"cand": name, "over": over, "mode": mode, "seed": seed, "decided": decided,
                   "wall": round(time.time() - t0, 1), "evals": evals}
            out.write(json.dumps(rec) + "\n"); out.flush()
            print(name, mode, seed, "decided", decided, "wall", rec["wall"], evals[-1][:2] if evals else None, flush=True)

"""Memorisation calibration: which setting shows both halves of the paper's headline within a
minute? Runs `minima run memorisation` (label-trained networks only) per named config and sorts
every example's memorisation curve over the widths by the demo's rule (src/demos/memorisation/
analysis.rs: CHANGE 0.15, TOLERANCE 0.1; memorised = some width scores >= 0.25): the shares of
increasing, decreasing, cap-shaped and flat curves among the memorised clean and flipped examples,
the mean scores and test accuracy per width. A config with "null": W and "reps": R trains width W
R times from init seeds 0..R-1 on the same halves and reads the runs as R widths: what noise alone
sorts as changing. Appends one JSON line per config to the log; prints the same, and for each run
the shares of its first 3, 4, ... widths.

    cargo test --release --test check --no-run       # builds target/release/minima
    python3 bench/memorisation-calibration.py \
        '{"defaults": {}, "null": {"null": 64, "reps": 6}}' bench/results-memorisation-calibration-DATE.jsonl
"""
import json, os, subprocess, sys, tempfile, time
MINIMA = os.environ.get("MINIMA", os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "minima"))
def classify(c):
    first, last = c[0], c[-1]; peak = trough = first; fell = rose = 0.0
    for s in c:
        peak, trough = max(peak, s), min(trough, s); fell, rose = max(fell, peak - s), max(rose, s - trough)
    top = max(c)
    if last - first >= 0.15 and fell <= 0.1: return "inc"
    if first - last >= 0.15 and rose <= 0.1: return "dec"
    if top - first >= 0.15 and top - last >= 0.15: return "cap"
    return "flat"
def run(cfg):
    path = os.path.join(tempfile.gettempdir(), "memorisation-calibration.json"); json.dump(cfg, open(path, "w"))
    t0 = time.time(); ex = None; meas = []
    p = subprocess.run([MINIMA, "run", "memorisation", "--config", path], capture_output=True, text=True)
    for line in p.stdout.splitlines():
        e = json.loads(line); r = e.get("result") or {}
        if r.get("type") == "examples": ex = r
        if r.get("type") == "measured" and not r["kind"]["distilled"]: meas.append(r)
    return ex, meas, time.time() - t0
def analyse(ex, meas, label):
    meas.sort(key=lambda m: m["kind"]["width"])
    n = len(ex["given"]); K = ex["models"]
    curves = [[m["in_accuracy"][i] - m["out_accuracy"][i] for m in meas] for i in range(n)]
    est = [0 < ex["in_count"][i] < K for i in range(n)]
    flipped = [ex["given"][i] != ex["truth"][i] for i in range(n)]
    out = {"label": label, "widths": [m["kind"]["width"] for m in meas], "test": [round(m["test_accuracy"], 3) for m in meas]}
    for name, sel in (("clean", lambda i: not flipped[i]), ("flipped", lambda i: flipped[i])):
        mem = [i for i in range(n) if est[i] and sel(i) and max(curves[i]) >= 0.25]
        cls = [classify(curves[i]) for i in mem]
        cnt = {k: cls.count(k) for k in ("inc", "dec", "cap", "flat")}
        tot = max(len(mem), 1)
        out[name] = {"memorised": len(mem), **{k: round(v / tot, 3) for k, v in cnt.items()},
                     "dec+cap": round((cnt["dec"] + cnt["cap"]) / tot, 3)}
        out[name + "_mean"] = [round(sum(curves[i][w] for i in range(n) if sel(i) and est[i]) / max(1, sum(1 for i in range(n) if sel(i) and est[i])), 3) for w in range(len(meas))]
    return out
if __name__ == "__main__":
    cfgs = json.loads(sys.argv[1]); log = open(sys.argv[2], "a")
    for name, cfg in cfgs.items():
        if cfg.get("null"):  # the same width, several init seeds: curves that noise alone makes
            w = cfg.pop("null"); reps = cfg.pop("reps"); meas = []; secs = 0
            for s in range(reps):
                ex, m, t = run({**cfg, "widths": [w], "init_seed": s, "distillation": "off"}); secs += t
                m[0]["kind"]["width"] = s; meas += m
            out = analyse(ex, meas, name); out["seconds"] = round(secs, 1)
        else:
            ex, meas, t = run({**cfg, "distillation": "off"}); out = analyse(ex, meas, name); out["seconds"] = round(t, 1)
            for k in range(3, len(meas)):
                sub = analyse(ex, sorted(meas, key=lambda m: m["kind"]["width"])[:k], f"{name}[:{k}]")
                print(json.dumps({x: sub[x] for x in ("label", "widths", "clean", "flipped_mean")}), flush=True)
        out["cfg"] = cfg
        log.write(json.dumps(out) + "\n"); log.flush(); print(json.dumps(out), flush=True)

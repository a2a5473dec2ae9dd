#!/usr/bin/env python3
"""The pause-token study's tables, from its logs alone: bench/pause-study/summary.json (read by
scripts/readme-numbers.mjs and the page's references) and summary.md (the README block's text).

    python3 bench/pause-study/summarise.py

A setting is a run's name without its seed; its accuracy is the final evaluation's (2,048 held-out
examples), reported as the mean over finished seeds with their minimum and maximum. Plain Python
(no PyTorch needed)."""
import json
import os
import statistics
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(HERE, "logs")
ARMS = {("plain", "none"): "no pauses", ("plain", "pause"): "pauses in finetuning only",
        ("pauses", "none"): "pauses in pretraining only", ("pauses", "pause"): "pauses in both"}


def read_runs():
    runs = []
    for name in sorted(os.listdir(LOGS)) if os.path.isdir(LOGS) else []:
        with open(os.path.join(LOGS, name)) as f:
            lines = [json.loads(line) for line in f if line.strip()]
        if lines and "end" in lines[-1]:
            runs.append((lines[0], lines[-1]))
    return runs


def settings(runs):
    """{setting: {"seeds": [...], "accuracy": [...], "device": ..., "steps": ...}}"""
    table = defaultdict(lambda: {"seeds": [], "accuracy": [], "devices": set()})
    for head, end in runs:
        base = head["run"].rsplit("-s", 1)[0]
        if isinstance(end["accuracy"], dict):  # pretrain-then-finetune: two arms per run
            for middle, accuracy in end["accuracy"].items():
                key = f"{base.rsplit('-', 1)[0]}-{end['pretraining']}-{middle}"
                table[key]["seeds"].append(head["seed"])
                table[key]["accuracy"].append(accuracy)
                table[key]["devices"].add(head["device"])
                table[key]["arm"] = ARMS[(end["pretraining"], middle)]
        else:
            table[base]["seeds"].append(head["seed"])
            table[base]["accuracy"].append(end["accuracy"])
            table[base]["devices"].add(head["device"])
            table[base]["arm"] = head["spec"]["arm"]
        table_key = base if not isinstance(end["accuracy"], dict) else None
        if table_key:
            table[table_key]["steps"] = head["steps"]
            table[table_key]["model"] = head["model"]
    out = {}
    for key, row in sorted(table.items()):
        acc = row["accuracy"]
        out[key] = {"arm": row["arm"], "seeds": sorted(row["seeds"]), "mean": round(statistics.mean(acc), 4),
                    "min": min(acc), "max": max(acc), "devices": sorted(row["devices"]),
                    **({"steps": row["steps"], "model": row["model"]} if "steps" in row else {})}
    return out


def markdown(summary):
    lines = ["| setting | arm | accuracy: mean (min–max) | seeds |", "| --- | --- | --- | --- |"]
    for key, row in summary.items():
        setting = key.rsplit("-", 1)[0]
        lines.append(f"| {setting} | {row['arm']} | {row['mean']:.3f} ({row['min']:.3f}–{row['max']:.3f}) "
                     f"| {len(row['seeds'])} |")
    return "\n".join(lines) + "\n"


def main():
    summary = settings(read_runs())
    with open(os.path.join(HERE, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    text = markdown(summary)
    with open(os.path.join(HERE, "summary.md"), "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()

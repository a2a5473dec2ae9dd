#!/usr/bin/env bash
# Device check for the SAM demo on a lent GPU: the default run (SGD and SAM, 5 seeds, 60 epochs)
# natively on burn's wgpu backend (Vulkan) and on flex — the same probes are expected — and the
# SAM-vs-SGD step time. Expects gpu-bin/minima.gz and gpu-bin/steps.gz (built with
# `--features gpu`) and the Vulkan loader packages in .gl/. Prints numbers; asserts nothing.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
for b in minima steps; do gunzip -c gpu-bin/$b.gz > /tmp/$b && chmod +x /tmp/$b; done
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for b in wgpu flex; do
  echo "== default SAM run on $b"
  timeout 200 /tmp/minima run sam --backend "$b" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e["event"] == "result":  # {"event": "result", "demo": "sam", "result": {checkpoint}}
        e = dict(e["result"], event="sam")
    if e["event"] == "sam" and e["epoch"] % 20 == 0:
        m = lambda v: sum(v) / len(v)
        print("%s epoch %d: train %.3f hard %.3f easy %.3f" % (e["method"], e["epoch"], m(e["train_accuracy"]), m(e["hard_probe"]), m(e["easy_probe"])))
    elif e["event"] in ("finished", "error"):
        print(e)
'
done
echo "== SAM vs SGD step time"
timeout 200 /tmp/steps wgpu | grep SAM

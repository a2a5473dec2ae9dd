#!/usr/bin/env bash
# The check run on a lent machine with a real GPU: the same training loop natively on flex and
# on burn's wgpu backend (Vulkan), the first losses of both (they must agree), and steps/s.
# Expects gpu-bin/minima.gz (built with `--features gpu`, stripped, gzipped) and the Vulkan
# loader packages in .gl/. Prints numbers; asserts nothing.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
gunzip -c gpu-bin/minima.gz > /tmp/minima && chmod +x /tmp/minima
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
rate() { # config-json backend label
  echo "$1" > /tmp/c.json
  timeout 150 /tmp/minima run disagreement --config /tmp/c.json --backend "$2" | python3 -c '
import json, sys
label = sys.argv[1]
for line in sys.stdin:
    e = json.loads(line)
    if e["event"] == "finished":
        steps, seconds = e["steps"], e["seconds"]
        print(f"{label}: {steps / seconds:.1f} steps/s ({steps} steps in {seconds:.2f} s)")
    elif e["event"] == "error":
        print(label + ": error: " + e["message"])
' "$3"
}
for b in flex wgpu; do
  echo "== first losses on $b"
  echo '{"widths":[32],"train_sizes":[100],"epochs":[1]}' > /tmp/one.json
  timeout 120 /tmp/minima run disagreement --config /tmp/one.json --backend "$b" 2>&1 | sed -n 2,5p
done
for b in flex wgpu; do
  for m in 2 4 8; do
    for w in 32 128; do
      rate "{\"widths\":[$w],\"train_sizes\":[200],\"epochs\":[100],\"models\":$m,\"randomness\":\"diffinit\"}" "$b" "$b width $w, $m networks, batch 8"
    done
  done
done
echo "== default sweep (15,200 steps) on wgpu"
timeout 200 /tmp/minima run disagreement --backend wgpu | tail -1
echo "== PyTorch reference"; timeout 120 python3 bench/torch_reference.py

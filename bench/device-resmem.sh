#!/usr/bin/env bash
# Device check for ResMem on a lent GPU: the default run (playground + digits sweep) natively on
# flex and on burn's wgpu backend (Vulkan) — the same numbers are expected from both — and the
# native benchmark, whose last lines time the kNN step. Expects gpu-bin/minima.gz and
# gpu-bin/steps.gz (built with `--features gpu`, gzipped) and the Vulkan loader packages in .gl/.
# Prints numbers; asserts nothing.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
for b in minima steps; do gunzip -c gpu-bin/$b.gz > /tmp/$b && chmod +x /tmp/$b; done
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
cat > /tmp/summarise.py <<'PY'
import json, sys
mean = lambda v: sum(v) / len(v)
for line in sys.stdin:
    e = json.loads(line)
    kind = e["event"]
    if kind == "result":  # {"event": "result", "demo": "resmem", "result": {"kind": …, …}}
        e = e["result"]
        kind = e["kind"]
    if kind == "surface":
        print("playground: base train %.3f test %.3f; ResMem train %.3f test %.3f"
              % (e["base_train"], e["base_test"], e["resmem_train"], e["resmem_test"]))
    elif kind == "measurement":
        print("width %3d, %3d epochs: base train %.3f test %.3f -> ResMem %.3f"
              % (e["width"], e["epochs"], mean(e["base_train"]), mean(e["base_test"]), mean(e["resmem_test"])))
    elif kind == "finished":
        print("finished %d steps in %.2f s" % (e["steps"], e["seconds"]))
    elif kind == "error":
        print("error: " + e["message"])
PY
for b in flex wgpu; do
  echo "== default ResMem run on $b"
  timeout 150 /tmp/minima run resmem --backend "$b" | python3 /tmp/summarise.py
done
echo "== native benchmark on wgpu"
timeout 240 /tmp/steps wgpu
echo "== native benchmark on flex (kNN lines)"
timeout 120 /tmp/steps flex | grep ResMem

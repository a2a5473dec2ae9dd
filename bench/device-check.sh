#!/usr/bin/env bash
# The GPU check run on a lent machine with a real GPU (see the device notes in the issue log):
# native steps/s on flex and on wgpu (Vulkan), and the first losses of the same run on both.
# Expects ./minima-gpu and ./steps-gpu, built here with `--features gpu`, and the Vulkan
# loader packages in .gl/.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo '{"widths":[32],"train_sizes":[100],"epochs":[1]}' > /tmp/one.json
for b in flex wgpu; do
  echo "== first losses on $b"
  timeout 120 ./gpu-bin/minima run disagreement --config /tmp/one.json --backend "$b" | head -6
done
for b in flex wgpu; do
  echo "== steps/s on $b"
  timeout 200 ./gpu-bin/steps "$b"
done
echo "== default sweep on wgpu"
timeout 200 ./gpu-bin/minima run disagreement --backend wgpu | tail -1

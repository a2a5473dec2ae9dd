#!/usr/bin/env bash
# Device check for the path-star GPT: native wgpu (Vulkan) on the lent GPU, the reference run
# (teacher forcing and reverse, 1,500 steps each), evaluations every 250 steps.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
gunzip -c gpu-bin/minima.gz > /tmp/minima && chmod +x /tmp/minima
nvidia-smi --query-gpu=name --format=csv,noheader
echo '{"modes":["forward","reverse"],"steps":1500,"eval_every":250}' > /tmp/ps.json
timeout 420 /tmp/minima run path-star --config /tmp/ps.json --backend wgpu | grep -v '"progress"'
echo '{"modes":["teacherless"],"steps":1500,"eval_every":500}' > /tmp/tl.json
timeout 100 /tmp/minima run path-star --config /tmp/tl.json --backend wgpu | grep -v '"progress"'

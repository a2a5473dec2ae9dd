#!/usr/bin/env bash
# Device check for issue 17's study: the remaining runs of the path-star ladder (d = 4, 5 and
# l = 5, 6), 10 at a time on native wgpu (Vulkan) on the lent GPU, for at most 9 minutes. Expects
# gpu-bin/minima.gz (built with `--features gpu`, stripped, gzipped), the Vulkan loader packages in
# .gl/ and the plan, written here first:
#   node bench/path-star-study.mjs --plan --teacherless 4,5 5,5 4,6 5,6 > bench/path-star-study/plan.jsonl
# The logs come back as $OUT/study.tar.gz: unpack it into bench/path-star-study/, then
#   node bench/path-star-study.mjs --summarise && node scripts/readme-numbers.mjs
# Runs cut by the deadline have no end line and are planned again. Prints numbers; asserts nothing.
set -u
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
gunzip -c gpu-bin/minima.gz > /tmp/minima && chmod +x /tmp/minima
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
mkdir -p /tmp/study
python3 bench/device-path-star-study.py bench/path-star-study/plan.jsonl /tmp/minima /tmp/study \
  --backend wgpu --parallel 10 --deadline 540
tar -czf "${OUT:-/tmp}/study.tar.gz" -C /tmp/study .

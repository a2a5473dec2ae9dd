#!/usr/bin/env bash
# One device call for the GPU studies, side by side on the lent GPU, each for at most DEADLINE
# seconds (default 420); WHICH (default both) is pause, path-star or both:
#   bash bench/device-studies.sh [DEADLINE] [WHICH]
#   - the path-star ladder's remaining runs (bench/device-path-star-study.sh's work: native wgpu on
#     Vulkan, 6 at a time), from bench/path-star-study/plan.jsonl;
#   - the pause-token study (bench/pause-study/study.py: PyTorch on CUDA, 10 runs at a time).
# Expects what bench/device-path-star-study.sh expects (gpu-bin/minima.gz and .gl/, both ignored:
# name them in the call's carry; the plan) and an
# empty or resumable bench/pause-study/logs/. The logs come back as $OUT/path-star-study.tar.gz
# (unpack into bench/path-star-study/) and $OUT/pause-study.tar.gz (unpack into bench/pause-study/),
# with each study's console output beside them. Prints numbers; asserts nothing.
# Seen on 2026-12-04 (H200, 400 s): the pause study finished its 27 pointer-chasing runs and 3 of
# 3SUM's; beside its 10 PyTorch processes the 6 wgpu path-star runs reached step 2,000 of 3,000 and
# none finished, so give the path-star runs a call of their own when the time allows.
set -u
deadline=${1:-420}
which=${2:-both}
out=${OUT:-/tmp/out}
mkdir -p "$out" /tmp/study
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
nproc
gunzip -c gpu-bin/minima.gz > /tmp/minima && chmod +x /tmp/minima
if [ "$which" != pause ]; then
  python3 -u bench/device-path-star-study.py bench/path-star-study/plan.jsonl /tmp/minima /tmp/study \
    --backend wgpu --parallel "$([ "$which" = both ] && echo 6 || echo 10)" --deadline "$deadline" \
    > "$out/path-star-study.log" 2>&1 &
fi
if [ "$which" != path-star ]; then
  PYTHONUNBUFFERED=1 python3 bench/pause-study/study.py --parallel "$([ "$which" = both ] && echo 10 || echo 16)" \
    --deadline "$deadline" 2>&1 | tee "$out/pause-study.log"
fi
wait
tar -czf "$out/path-star-study.tar.gz" -C /tmp/study .
tar -czf "$out/pause-study.tar.gz" -C bench/pause-study logs
tail -5 "$out/path-star-study.log" 2>/dev/null
nvidia-smi --query-gpu=memory.used --format=csv,noheader

#!/usr/bin/env bash
# One command from a fresh Debian machine to the running app: installs what is missing, builds
# the page and serves dist/ on http://localhost:8080 (PORT=... to change) as soon as the page is
# built; then builds the CPU worker module (the page says it is coming and enables Train when it
# is served, without a reload), then the WebGPU worker module (the page offers WebGPU once it
# exists: reload). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
bash scripts/setup.sh
# Worker modules of an earlier build are not served beside a new page (the commands and events
# between them may have changed): each is served again once rebuilt (wasm-opt's cache makes an
# unchanged one quick).
rm -rf target/web/cpu target/web/gpu
bash scripts/build-web.sh ui
node scripts/serve.mjs "$port" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
echo "serve: the page is up on http://localhost:$port/; now building the CPU worker module"
bash scripts/build-web.sh cpu
echo "serve: the CPU worker is served: Train works; now building the WebGPU module"
if bash scripts/build-web.sh gpu; then
  echo "serve: the WebGPU module is built: reload the page to offer WebGPU"
else
  echo "serve: the WebGPU module did not build (above); the page goes on with the CPU" >&2
fi
wait "$server"

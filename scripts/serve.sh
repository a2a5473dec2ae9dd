#!/usr/bin/env bash
# One command from a fresh Debian machine to the running app: installs what is missing, builds
# the page and the CPU worker, serves dist/ on http://localhost:8080 (PORT=... to change) as soon
# as they are built, then builds the WebGPU worker module; the page offers WebGPU once it exists
# (reload). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
bash scripts/setup.sh
bash scripts/build-web.sh ui cpu
node scripts/serve.mjs "$port" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
echo "serve: the page is up on http://localhost:$port/ (CPU); now building the WebGPU module"
if bash scripts/build-web.sh gpu; then
  echo "serve: the WebGPU module is built: reload the page to offer WebGPU"
else
  echo "serve: the WebGPU module did not build (above); the page goes on with the CPU" >&2
fi
wait "$server"

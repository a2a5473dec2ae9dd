#!/usr/bin/env bash
# One command from a fresh Debian machine to the running app: installs what is missing, builds
# the app in release mode and serves it on http://localhost:8080 (PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
exec node scripts/serve.mjs "${PORT:-8080}"

#!/usr/bin/env bash
# Builds the app: the crate for wasm32 in release mode, then wasm-bindgen's JS glue into
# www/pkg/. index.html loads www/pkg/minima.js; the training worker (www/worker.js) loads
# the same module.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --target wasm32-unknown-unknown --lib
rm -rf www/pkg
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir www/pkg \
  "$target_dir/wasm32-unknown-unknown/release/minima.wasm"
# Optional size optimisation: only with binaryen >= 116 (Debian's binaryen 108 breaks the module).
if command -v wasm-opt >/dev/null && [ "$(wasm-opt --version | grep -o '[0-9]\+' | head -1)" -ge 116 ]; then
  wasm-opt -O2 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    www/pkg/minima_bg.wasm -o www/pkg/minima_bg.wasm
fi
ls -l www/pkg/minima_bg.wasm

#!/usr/bin/env bash
# Every test of minima, from a fresh Debian machine: installs what is missing, then
#  1. formatting and clippy (-D warnings) for the native and the wasm32 builds;
#  2. native unit tests and science tests (release profile, seeded);
#  3. the app's release build;
#  4. browser tests: wasm-bindgen-test in headless Chromium, on flex and on WebGPU;
#  5. end-to-end tests: Playwright drives the real page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }

step "setup"
bash scripts/setup.sh --browser

step "format and lint"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --test browser -- -D warnings

step "native unit and science tests (release)"
cargo test --release

step "app build"
bash scripts/build-web.sh

step "browser tests (wasm-bindgen-test, headless Chromium: flex and WebGPU)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --release --target wasm32-unknown-unknown --test browser

step "end-to-end tests (Playwright, headless Chromium)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
node --test --test-concurrency=1 tests/e2e/

step "all tests passed"

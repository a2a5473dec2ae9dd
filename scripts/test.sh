#!/usr/bin/env bash
# Every test of minima, from a fresh Debian machine: installs what is missing, then
#  1. formatting and clippy (-D warnings) for the native and the wasm32 builds, and the split
#     build's boundary: the describing side and the page build without burn;
#  2. native unit tests and science tests (release profile, seeded); the science tests rewrite
#     their logs in bench/science/, which must match what is committed, and README.md's tables
#     must match those logs;
#  3. the app's release build into dist/ (three wasm modules) and its first-load budget;
#  4. browser tests: wasm-bindgen-test in headless Chromium, on flex and on WebGPU;
#  5. end-to-end tests: Playwright drives the real page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }

step "setup"
bash scripts/setup.sh --browser --native-wasm-opt

step "format and lint"
cargo fmt --check
bash scripts/cargo.sh clippy --all-targets -- -D warnings
bash scripts/cargo.sh clippy --target wasm32-unknown-unknown --features gpu --lib --test browser -- -D warnings
# The boundary of the split build (src/lib.rs): without the `train` feature there is no burn.
bash scripts/cargo.sh check --lib --no-default-features
bash scripts/cargo.sh check --lib --target wasm32-unknown-unknown --no-default-features --features page

step "native unit and science tests (release)"
# --show-output: what the tests print (science numbers, the fuzz case counts) is in the log.
bash scripts/cargo.sh test --release -- --show-output

step "README numbers against their logs"
if ! git diff --exit-code --stat -- bench/science; then
  echo "the science tests measured other numbers than bench/science/ holds: commit the new logs and run node scripts/readme-numbers.mjs" >&2
  exit 1
fi
node scripts/readme-numbers.mjs --check

step "app build (dist/: the page, CPU and WebGPU modules)"
bash scripts/build-web.sh
node bench/size.mjs

step "browser tests (wasm-bindgen-test, headless Chromium: flex and WebGPU)"
# With wasm-pack installed, through the command README.md documents; the direct runner otherwise.
# Both run the same tests with wasm-bindgen-test-runner (wasm-pack finds the one on PATH at the
# Cargo.lock version, offline) and webdriver.json.
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300
if command -v wasm-pack >/dev/null; then
  wasm-pack --version
  wasm-pack test --headless --chrome --release -- --config "$(bash scripts/cargo.sh --patch)" --features gpu --test browser
else
  echo "wasm-pack is not installed (cargo install wasm-pack): running wasm-bindgen-test-runner directly"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    bash scripts/cargo.sh test --release --target wasm32-unknown-unknown --features gpu --test browser
fi

step "end-to-end tests (Playwright, headless Chromium)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
node --test --test-concurrency=1 tests/e2e/

step "all tests passed"

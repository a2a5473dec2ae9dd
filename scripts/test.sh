#!/usr/bin/env bash
# Every test of minima, from a fresh Debian machine: installs what is missing, then runs the tiers.
#   bash scripts/test.sh           everything, as CI runs it (.ci/run):
#     1. formatting and clippy (-D warnings) for the native and the wasm32 builds, and the split
#        build's boundary: the describing side builds without burn (and the page too: the app
#        build of stage 3 builds it so);
#     2. native unit tests and science tests (release profile, seeded); the science tests rewrite
#        their logs in tests/logs/, which must match what is committed, and the generated blocks of
#        README.md and docs/ must match those logs;
#     3. browser tests: wasm-bindgen-test in headless Chromium, on flex and on WebGPU, while the
#        app's release build into dist/ (three wasm modules) runs beside them; then the modules'
#        sizes, which must be within 2 % of the log that docs/benchmarks.md's sizes block states;
#     4. end-to-end tests: Playwright drives the real page in headless Chromium.
#   bash scripts/test.sh --long    everything, plus the long science tests (#[ignore]d: they re-run a
#                                  study's result, such as path-star's degree-3 preset, at its full
#                                  schedule; minutes each on 2 cores, so CI leaves them out);
#   bash scripts/test.sh --quick   the contributor's loop: formatting, native clippy, the layers and the boundary,
#                                  the native unit tests (the library's, the cost model's, the fuzz
#                                  tests and the GELU check) and the generated blocks; no science,
#                                  no browser. Nothing it needs is built only for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
quick=0
long=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --long) long=(--include-ignored) ;;
    *) echo "test.sh: unknown option '$arg' (--quick, --long)" >&2; exit 2 ;;
  esac
done
started=$(date +%s)
step() { printf '\n=== %s (%s, %d s in)\n' "$1" "$(date +%T)" "$(($(date +%s) - started))"; }

step "setup"
if [ "$quick" = 1 ]; then bash scripts/setup.sh --quick; else bash scripts/setup.sh --browser; fi

step "format and lint"
bash scripts/fmt.sh --check
bash scripts/cargo.sh clippy --all-targets -- -D warnings
if [ "$quick" = 0 ]; then
  bash scripts/cargo.sh clippy --target wasm32-unknown-unknown --features gpu --lib --test browser -- -D warnings
fi
# The floors of src/ import one way (docs/architecture.md), and the boundary of the split build
# (src/lib.rs): without the `train` feature there is no burn.
node scripts/layers.mjs
bash scripts/cargo.sh check --lib --no-default-features

if [ "$quick" = 1 ]; then
  # The page's side without burn on wasm32: checked here; the full run builds it (the app's ui
  # module, --no-default-features --features page) and would fail there instead.
  bash scripts/cargo.sh check --lib --target wasm32-unknown-unknown --no-default-features --features page
  step "native unit tests (release)"
  bash scripts/cargo.sh test --release --lib --bins --test cost --test fuzz --test flex_patch
  step "generated blocks of README.md and docs/ against their logs"
  node scripts/readme-numbers.mjs --check
  step "quick tests passed"
  exit 0
fi

step "native unit and science tests (release)"
# Their binaries side by side, the longest first (most science binaries train on one core; one
# after another, as `cargo test` runs them, left a core idle). --show-output: what the tests print
# (science numbers, the fuzz case counts) is in the log.
node scripts/native-tests.mjs -- --show-output "${long[@]}"

step "generated blocks of README.md and docs/ against their logs"
# A log measured on the machine that committed it must not have moved (scripts/logs-check.mjs).
node scripts/logs-check.mjs
node scripts/readme-numbers.mjs --check

step "app build (dist/: the page, CPU and WebGPU modules) beside the browser tests"
# The browser tests do not need dist/, so the app builds beside them: cargo takes turns on the
# target directory, and binaryen's wasm-opt (one thread, minutes on the WebGPU module when it
# changed) runs while the browser tests compile and run. Its output is printed once it is done.
build_log=$(mktemp)
bash scripts/build-web.sh >"$build_log" 2>&1 &
build=$!
trap 'kill "$build" 2>/dev/null || true' EXIT

# With wasm-pack installed, through the command README.md documents; the direct runner otherwise.
# Both run the same tests with wasm-bindgen-test-runner (wasm-pack finds the one on PATH at the
# Cargo.lock version, offline) and webdriver.json.
# WASM_BINDGEN_TEST_TIMEOUT bounds the whole page of tests, not one test: a hang guard. On
# SwiftShader most of the time is spent compiling WebGPU kernels (each test alone: 20-130 s), and
# the whole page took 276 s on a quiet 2-core machine and over 300 s in a CI run.
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900
# Both backends and not the page (yew): with these features the build resolves cubecl, wgpu and
# the kernels exactly as the app's WebGPU module does (Cargo.toml's feature pins), so the module
# beside it compiles only burn's top crates and minima again (2 min against 11 cold).
browser_features="--no-default-features --features cpu,gpu"
if command -v wasm-pack >/dev/null; then
  wasm-pack --version
  wasm-pack test --headless --chrome --release -- --config "$(bash scripts/cargo.sh --patch)" $browser_features --test browser
else
  echo "wasm-pack is not installed (cargo install wasm-pack): running wasm-bindgen-test-runner directly"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    bash scripts/cargo.sh test --release --target wasm32-unknown-unknown $browser_features --test browser
fi

step "the app build's output"
built=0
wait "$build" || built=$?
cat "$build_log"
# clippy above sees the default features; each module builds the crate with its own (the page's
# alone, say), where code that only the other modules use is dead: that must be gated, not left.
warned=$(grep -c '^warning: `minima` (lib) generated' "$build_log" || true)
rm -f "$build_log"
if [ "$built" != 0 ]; then echo "test.sh: the app build failed (exit $built)" >&2; exit "$built"; fi
if [ "$warned" != 0 ]; then echo "test.sh: the app build warned in $warned module(s) (above)" >&2; exit 1; fi
# The sizes are measured on every build and must be within 2 % of bench/results-size.log, from
# which docs/benchmarks.md's block is generated: a change that grows a module must update both.
node bench/size.mjs --compare bench/results-size.log

step "end-to-end tests (Playwright, headless Chromium)"
# They compare the page with the same run on the command line (tests/e2e/harness.mjs: native):
# `target/release/minima`, which the native tests above built (cargo builds a package's binaries
# for its integration tests; a separate `cargo build` would resolve other features and build every
# dependency again).
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
# Two files at a time, each with its own browser and server: most of them train in one worker,
# so one file alone leaves a core idle (on 2 cores: 447 s for all of them, against about 780 s one
# at a time).
node --test --test-concurrency=2 tests/e2e/

step "all tests passed"

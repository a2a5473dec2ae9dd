#!/usr/bin/env bash
# Formats the crate: `cargo fmt`, and the files it cannot reach because build.rs declares their
# modules (each demo folder under src/demos/ and tests/browser/).
#   bash scripts/fmt.sh            format in place
#   bash scripts/fmt.sh --check    fail on a file that is not formatted (scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
check=()
for arg in "$@"; do
  case "$arg" in
    --check) check=(--check) ;;
    *) echo "fmt.sh: unknown option '$arg' (--check)" >&2; exit 2 ;;
  esac
done
cargo fmt "${check[@]}"
rustfmt --edition 2024 "${check[@]}" src/demos/*/mod.rs tests/browser/*.rs

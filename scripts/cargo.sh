#!/usr/bin/env bash
# cargo with the vendored burn-flex (vendor/README.md) taken from a copy in ~/.cache/minima/vendor/
# named after its content, instead of from the checkout:
#   bash scripts/cargo.sh <subcommand> [arguments...]
# Why: cargo tells whether a path dependency is stale by its files' modification times, and every
# file of a fresh clone is new, so each clone (each CI run) rebuilt burn-flex and the seven burn
# crates above it (burn-dispatch, -tensor, -core, -linalg, -nn, -optim, burn) in every profile and
# target, about 9 minutes. The copy never changes once written; an edit to vendor/ gives another
# content, so another copy, built once. A plain `cargo` in the checkout works as well (it builds
# vendor/burn-flex itself); the scripts use this one so that clones share the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/vendor/burn-flex"
hash=$(cd "$src" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
copy="$HOME/.cache/minima/vendor/burn-flex-$hash"
if [ ! -d "$copy" ]; then
  mkdir -p "$(dirname "$copy")"
  tmp=$(mktemp -d "$copy.XXXX")
  cp -r "$src/." "$tmp/"
  mv -T "$tmp" "$copy" 2>/dev/null || rm -rf "$tmp" # another build wrote it first: same content
fi
sub=$1
shift
# `--patch`: only print the override, for commands that run cargo themselves (wasm-pack test).
if [ "$sub" = "--patch" ]; then
  echo "patch.crates-io.burn-flex.path=\"$copy\""
  exit 0
fi
# After the subcommand, so that external ones (clippy) pass it on to the cargo they run.
exec cargo "$sub" --config "patch.crates-io.burn-flex.path=\"$copy\"" "$@"

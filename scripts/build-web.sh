#!/usr/bin/env bash
# Builds the app into dist/, a self-contained folder any static host can serve. Three wasm
# modules, each the crate built for wasm32 with other features (the split src/lib.rs draws):
#   ui   (--features page):  the page: yew, settings, routes, charts; no burn, no tensors;
#   cpu  (--features cpu):   the training worker on burn's flex backend;
#   gpu  (--features gpu):   the training worker on WebGPU (no flex), fetched only when WebGPU
#                            is chosen.
# Each goes through wasm-bindgen (JS glue) and binaryen's wasm-opt -Oz (installed by
# scripts/setup.sh; Debian's binaryen 108 breaks the module), then scripts/dist.mjs copies the
# page's files, names each module's folder after its content hash and precompresses (.br, .gz).
#   bash scripts/build-web.sh            all three modules
#   bash scripts/build-web.sh ui cpu     only these (dist/ keeps the others it already has)
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
modules=("$@")
# The WebGPU module first: its wasm-opt (the longest) then runs beside the other builds.
[ ${#modules[@]} -gt 0 ] || modules=(gpu cpu ui)
# binaryen's wasm-opt. The npm build (binaryen 132, WebAssembly, one thread) gives the smallest
# modules; on the WebGPU module it takes 5m15 (beside the other two modules' builds, and only when
# that module changed: see the cache below). Who builds often may make binaryen 116 natively once
# (bash scripts/setup.sh --native-wasm-opt, about 13 minutes; no script asks for it): the WebGPU
# module then goes through it (threads: 1m45, 0.3 % larger gzip);
# the page and CPU modules, which every visitor downloads, keep 132's output (116 makes the CPU
# module 1.4 % larger and cannot read the page module's table.fill). bench/results-size-*.log.
native_opt="$HOME/.cache/minima/tools/wasm-opt-116/bin/wasm-opt"
npm_opt="$HOME/.cache/minima/tools/node_modules/.bin/wasm-opt"
opt_features=(--enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
opts=()
# Optimised modules are kept by the content of their input (and the wasm-opt that made them): a
# module whose code did not change since a build on this machine (the WebGPU module after a page
# edit, say) is not optimised again. The newest 12 are kept.
opt_cache="$HOME/.cache/minima/wasm-opt"
# wasm-opt -Oz on one module, in the background; `native` as the second argument allows the
# native build (falling back to npm's if it refuses the module).
optimise() {
  local wasm=$1 allow_native=${2:-}
  (
    local key cached
    key=$( (sha256sum <"$wasm"; echo "${opt_features[*]} $allow_native"; [ "$allow_native" = native ] && [ -x "$native_opt" ] &&
      "$native_opt" --version; [ -x "$npm_opt" ] && "$npm_opt" --version) 2>/dev/null | sha256sum | cut -c1-32)
    cached="$opt_cache/$key.wasm"
    if [ -f "$cached" ]; then
      echo "build-web: $(basename "$wasm") unchanged since an earlier build: its optimised module is reused ($cached)"
      cp "$cached" "$wasm"
      touch "$cached"
      exit 0
    fi
    if [ "$allow_native" = native ] && [ -x "$native_opt" ] && "$native_opt" -Oz "${opt_features[@]}" "$wasm" -o "$wasm.opt" 2>"$wasm.opt.log"; then
      mv "$wasm.opt" "$wasm"
    elif [ -x "$npm_opt" ]; then
      [ "$allow_native" = native ] && [ -x "$native_opt" ] && echo "build-web: native wasm-opt refused $(basename "$wasm") ($(head -c 200 "$wasm.opt.log")); using npm binaryen" >&2
      "$npm_opt" -Oz "${opt_features[@]}" "$wasm" -o "$wasm"
    else
      echo "build-web: no wasm-opt (bash scripts/setup.sh installs it): $(basename "$wasm") stays unoptimised" >&2
      rm -f "$wasm.opt.log"
      exit 0
    fi
    rm -f "$wasm.opt" "$wasm.opt.log"
    mkdir -p "$opt_cache"
    cp "$wasm" "$cached.tmp.$$" && mv "$cached.tmp.$$" "$cached"
    # shellcheck disable=SC2012
    ls -t "$opt_cache"/*.wasm 2>/dev/null | tail -n +13 | xargs -r rm -f
  ) &
  opts+=($!)
}

for module in "${modules[@]}"; do
  # The page is built for size (profile web-ui in Cargo.toml); the workers for speed.
  case "$module" in
    ui) features=page profile=web-ui ;;
    cpu) features=cpu profile=release ;;
    gpu) features=gpu profile=release ;;
    *) echo "build-web: unknown module '$module' (ui, cpu or gpu)" >&2; exit 2 ;;
  esac
  echo "build-web: $module module (--features $features, profile $profile)"
  bash scripts/cargo.sh build --profile "$profile" --target wasm32-unknown-unknown --lib --no-default-features --features "$features"
  raw="$target_dir/wasm32-unknown-unknown/$profile/minima.wasm"
  # A module linked "command-style" re-runs every static constructor on every call into it
  # (0.1-0.7 s each, see src/engine.rs): the raw module must have no `.command_export` wrappers.
  if grep -q "command_export" "$raw"; then
    echo "build-web: the $module module is linked command-style: its constructors would run on every call" >&2
    exit 1
  fi
  out="target/web/$module"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name "$module" "$raw"
  if [ "$module" = gpu ]; then optimise "$out/${module}_bg.wasm" native; else optimise "$out/${module}_bg.wasm"; fi
done
for pid in "${opts[@]}"; do wait "$pid"; done
node scripts/dist.mjs

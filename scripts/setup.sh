#!/usr/bin/env bash
# Installs what building and testing minima needs, skipping what is already there:
# the wasm32 target, wasm-bindgen-cli at the exact version in Cargo.lock, Node.js (serving and
# end-to-end tests), binaryen's wasm-opt from npm (pinned; Debian's binaryen 108 breaks the
# module) in ~/.cache/minima/tools and, with --browser, Debian's chromium and chromium-driver.
# With --quick only what `scripts/test.sh --quick` needs: the wasm32 target and Node.js.
# With --native-wasm-opt it also builds binaryen 116's wasm-opt natively (crates.io `wasm-opt`,
# about 13 minutes once per machine): it runs -Oz on the WebGPU module in 1m45 on 2 cores where
# the npm build (WebAssembly, one thread) takes 5m15 (scripts/build-web.sh). No script asks for
# it: build-web.sh keeps optimised modules by their content, so the WebGPU module is optimised
# again only when its code changed, beside the other modules' builds.
set -euo pipefail
cd "$(dirname "$0")/.."

need_browser=0
native_wasm_opt=0
quick=0
for arg in "$@"; do
  case "$arg" in
    --browser) need_browser=1 ;;
    --native-wasm-opt) native_wasm_opt=1 ;;
    --quick) quick=1 ;;
    *) echo "setup: unknown option '$arg' (--browser, --native-wasm-opt, --quick)" >&2; exit 2 ;;
  esac
done

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v cargo >/dev/null; then
  echo "setup: cargo is missing; install Rust with rustup (https://rustup.rs) first" >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$quick" = 1 ]; then
  if ! command -v node >/dev/null; then
    echo "setup: installing Node.js and npm"
    apt_install nodejs npm
  fi
  exit 0
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (found '${have:-none}'); this takes a while"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing Node.js and npm"
  apt_install nodejs npm
fi

if [ "$need_browser" = 1 ] && { ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; }; then
  echo "setup: installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

binaryen=132.0.0
tools="$HOME/.cache/minima/tools"
if [ "$("$tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -o 'version [0-9]*' | awk '{ print $2 }')" != "${binaryen%%.*}" ]; then
  echo "setup: installing binaryen $binaryen (wasm-opt) from npm into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "binaryen@$binaryen"
fi

native=116
native_root="$tools/wasm-opt-$native"
if [ "$native_wasm_opt" = 1 ] && [ "$("$native_root/bin/wasm-opt" --version 2>/dev/null | grep -o 'version [0-9]*' | awk '{ print $2 }')" != "$native" ]; then
  echo "setup: building binaryen $native's wasm-opt natively into $native_root (once; about 13 minutes)"
  cargo install wasm-opt --version "0.$native.1" --root "$native_root" --force
fi

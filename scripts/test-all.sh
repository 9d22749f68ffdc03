#!/usr/bin/env bash
# Runs every test of gongshi, installing what a fresh machine lacks:
# the wasm32 target and rustfmt/clippy (rustup), Chromium, ChromeDriver and
# nginx with its brotli_static module (apt-get), and the browser tests' npm
# packages (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# A CI run compiles once from a clean clone: incremental compilation data
# would only take half a gigabyte more of the runner's disk.
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step "Rust toolchain pieces"
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

step "Chromium for the browser tests"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi

step "nginx for the browser tests (the built site as a host serves it)"
# Each test file starts its own nginx as a foreground process on a free port
# of 127.0.0.1, with its own config, pid and logs in a temporary folder: the
# system service is not needed (nor in the way if the package starts it).
if [ ! -x /usr/sbin/nginx ] || [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null
fi

step "npm packages for the browser tests"
(cd tests/browser && npm ci --no-audit --no-fund --silent)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit and end-to-end tests)"
cargo test --workspace

step "browser tests (headless Chromium against the demo site)"
cargo build --release -p gongshi
GONGSHI_BIN="$PWD/target/release/gongshi" npm --prefix tests/browser test

step "malformed input at scale (10,000 notices in one folder; release build)"
cargo test --release -p gongshi --test malformed

step "all tests passed"

#!/bin/sh
# Search benchmark: gongshi against Pagefind. See README.md.
#
#   benches/search/run.sh [options] [N ...]     (default N: 10000 100000)
#   benches/search/run.sh --help
#
# Builds the release binary first unless GONGSHI_BIN names one, and installs
# the pinned npm packages (pagefind, playwright-core) when they are missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${GONGSHI_BIN:-}" ]; then
  (cd "$repo" && cargo build --release -p gongshi)
fi
if [ ! -x "$here/node_modules/.bin/pagefind" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
exec node "$here/bench.mjs" "$@"

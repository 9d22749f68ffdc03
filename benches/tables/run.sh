#!/bin/sh
# Table widget benchmark: gongshi against simple-datatables. See README.md.
#
#   benches/tables/run.sh [options]        (default: 10,000 and 100,000 rows)
#   benches/tables/run.sh --help
#
# Builds the release binary first unless GONGSHI_BIN names one, and installs
# the pinned npm packages (simple-datatables, playwright-core) when missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${GONGSHI_BIN:-}" ]; then
  (cd "$repo" && cargo build --release -p gongshi)
fi
if [ ! -d "$here/node_modules/simple-datatables" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
exec node "$here/bench.mjs" "$@"

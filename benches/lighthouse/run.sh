#!/bin/sh
# Lighthouse scores of the demo site: home, a village and two notice pages,
# mobile with simulated slow 4G, performance and accessibility. See README.md.
#
#   benches/lighthouse/run.sh            (RUNS=3 audits per page, the median reported)
#
# Builds the release binary first unless GONGSHI_BIN names one, installs the
# pinned lighthouse (and the browser tests' packages, whose nginx server it
# reuses) when missing. Needs /usr/bin/chromium and nginx, as the browser
# tests do (scripts/test-all.sh installs both).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${GONGSHI_BIN:-}" ]; then
  (cd "$repo" && cargo build --release -p gongshi)
  GONGSHI_BIN="$repo/target/release/gongshi"
fi
export GONGSHI_BIN
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$here/node_modules/.bin/lighthouse" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
if [ ! -d "$repo/tests/browser/node_modules/playwright-core" ]; then
  (cd "$repo/tests/browser" && npm ci --no-audit --no-fund)
fi
exec node "$here/run.mjs"

// Lighthouse over the built demo site as a host serves it: built into a
// temporary folder (SOURCE_DATE_EPOCH=1640966400) and served by a
// foreground nginx under /cunwu/ with gzip_static/brotli_static, by
// `serveBuilt` of tests/browser/harness.mjs (the browser tests' server).
// Each page is audited RUNS times (default 3) by the Lighthouse CLI, mobile
// form factor with Lighthouse's default simulated slow 4G throttling,
// categories performance and accessibility; the run with the median
// performance score is reported. Prints a table and writes results.json
// beside this file; the full Lighthouse reports stay in a temporary folder
// (printed) for reading.
//
// Only the standard reading mode is measured: 长辈模式 is remembered in
// localStorage ("gongshi.reading-mode") and applied by the page's script;
// no URL or cookie selects it, and Lighthouse clears storage before it loads
// a page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuilt } from '../../tests/browser/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const LIGHTHOUSE = path.join(here, 'node_modules/.bin/lighthouse');
const LIGHTHOUSE_VERSION = JSON.parse(readFileSync(require.resolve('lighthouse/package.json'), 'utf8')).version;
const RUNS = Number(process.env.RUNS ?? 3);
const CHROME_FLAGS = '--headless=new --no-sandbox';

/** The pages audited: [name, path under the site root]. */
const PAGES = [
  ['home', ''],
  ['village', 'rongnan/tangxia/fengtan/'],
  ['notice', 'rongnan/tangxia/fengtan/2021-xuanju-gonggao/'],
  ['notice+table+chart', 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/'],
];

/** What a request is for: the page itself (HTML, CSS, icon, images) or a widget (scripts, wasm, data it fetches). */
const isWidget = (r) => /^(Script|Fetch|XHR|Other)$/.test(r.resourceType ?? '') || /\.(m?js|wasm|json)(\?|$)/.test(r.url);

function audit(url, out) {
  const args = [
    url,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    '--only-categories=performance,accessibility',
    '--form-factor=mobile',
    `--chrome-flags=${CHROME_FLAGS}`,
  ];
  const r = spawnSync(LIGHTHOUSE, args, {
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`lighthouse exited with ${r.status ?? r.signal} on ${url}`);
  const lhr = JSON.parse(readFileSync(out, 'utf8'));
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message} on ${url}`);
  const a = lhr.audits;
  const requests = a['network-requests']?.details?.items ?? [];
  const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
  const sum = (list) => list.reduce((n, r) => n + (r.transferSize ?? 0), 0);
  return {
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp_ms: Math.round(a['first-contentful-paint'].numericValue),
    lcp_ms: Math.round(a['largest-contentful-paint'].numericValue),
    tbt_ms: Math.round(a['total-blocking-time'].numericValue),
    cls: Math.round(a['cumulative-layout-shift'].numericValue * 1000) / 1000,
    speed_index_ms: Math.round(a['speed-index'].numericValue),
    transfer_kb: kb(a['total-byte-weight'].numericValue),
    transfer_without_widgets_kb: kb(sum(requests.filter((r) => !isWidget(r)))),
    requests: requests.length,
    // Audits that lost points, for finding the cause of a low score.
    failing: Object.values(lhr.categories)
      .flatMap((c) => c.auditRefs.filter((ref) => ref.weight > 0).map((ref) => a[ref.id]))
      .filter((x) => x && x.score !== null && x.score < 0.9 && x.scoreDisplayMode !== 'informative' && x.scoreDisplayMode !== 'notApplicable')
      .map((x) => `${x.id} (${x.displayValue ?? x.score})`),
    report: out,
  };
}

const median = (runs) => [...runs].sort((x, y) => x.performance - y.performance || x.lcp_ms - y.lcp_ms)[Math.floor((runs.length - 1) / 2)];

const server = await serveBuilt();
const reports = mkdtempSync(path.join(tmpdir(), 'gongshi-lighthouse-'));
const results = [];
try {
  for (const [name, page] of PAGES) {
    const url = server.url + page;
    const runs = [];
    for (let i = 1; i <= RUNS; i++) {
      process.stderr.write(`lighthouse ${name} run ${i}/${RUNS}: ${url}\n`);
      runs.push(audit(url, path.join(reports, `${name.replace(/\W+/g, '-')}-${i}.json`)));
    }
    const m = median(runs);
    results.push({
      page: name,
      path: `/cunwu/${page}`,
      mode: 'standard',
      ...m,
      runs: runs.map((r) => ({ performance: r.performance, accessibility: r.accessibility, fcp_ms: r.fcp_ms, lcp_ms: r.lcp_ms, tbt_ms: r.tbt_ms, cls: r.cls })),
    });
  }
} finally {
  await server.stop();
}

const rows = [
  ['page', 'perf', 'a11y', 'FCP s', 'LCP s', 'TBT ms', 'CLS', 'transfer KB', 'no widgets KB', 'requests'],
  ...results.map((r) => [
    r.page,
    r.performance,
    r.accessibility,
    (r.fcp_ms / 1000).toFixed(1),
    (r.lcp_ms / 1000).toFixed(1),
    r.tbt_ms,
    r.cls,
    r.transfer_kb,
    r.transfer_without_widgets_kb,
    r.requests,
  ]),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
const line = (row) => '| ' + row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |';
console.log(line(rows[0]));
console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
for (const row of rows.slice(1)) console.log(line(row));
for (const r of results) if (r.failing.length) console.log(`${r.page}: below 0.9: ${r.failing.join(', ')}`);

const chromium = spawnSync(process.env.CHROME_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim();
writeFileSync(
  path.join(here, 'results.json'),
  JSON.stringify(
    {
      lighthouse: LIGHTHOUSE_VERSION,
      chromium,
      node: process.version,
      settings: {
        form_factor: 'mobile',
        throttling: 'simulate (Lighthouse default: mobile slow 4G, 150 ms RTT, 1.6 Mbit/s down, CPU slowdown 4×)',
        chrome_flags: CHROME_FLAGS,
        runs_per_page: RUNS,
        reported_run: 'median performance score',
        served_by: 'nginx (gzip_static, brotli_static when installed) under /cunwu/, tests/browser/harness.mjs serveBuilt',
        source_date_epoch: 1640966400,
        modes: ['standard'],
        modes_note: '长辈模式 is kept in localStorage only (no URL or cookie), so Lighthouse measures the standard mode',
      },
      results: results.map(({ report, ...r }) => r),
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nresults.json written; full reports in ${reports}`);

#!/usr/bin/env node
// Table widget benchmark: gongshi's table widget against simple-datatables
// on the same generated tables, in headless Debian Chromium. See README.md.
//
//   node bench.mjs [options]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const HELP = `usage: node bench.mjs [options]

  --sizes N,N        table rows (default 10000,100000)
  --repeats R        samples per measurement (default 9; the median is reported)
  --gongshi BIN      gongshi binary (default $GONGSHI_BIN or target/release/gongshi)
  --work DIR         where the sites are generated (default /dev/shm or the temp folder)
  --timeout S        give up on a library whose table is not ready after S seconds
                     (default 600); the run goes on without it
  --reuse            reuse a site built by an earlier run (for iterating on the
                     measurements only: the site keeps the widget it was built with)
  --no-readme        do not rewrite the results section of README.md
`;

function parseArgs(argv) {
  const o = {
    sizes: [10000, 100000],
    repeats: 9,
    gongshi: process.env.GONGSHI_BIN ?? path.join(repo, 'target/release/gongshi'),
    work: fs.existsSync('/dev/shm') ? '/dev/shm' : (process.env.TMPDIR ?? '/tmp'),
    readme: true,
    reuse: false,
    timeout: 600,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`${a} needs a value`);
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (a === '--sizes') o.sizes = value().split(',').map(Number);
    else if (a === '--repeats') o.repeats = Number(value());
    else if (a === '--gongshi') o.gongshi = value();
    else if (a === '--work') o.work = value();
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--reuse') o.reuse = true;
    else if (a === '--timeout') o.timeout = Number(value());
    else fail(`unknown option ${a}\n${HELP}`);
  }
  return o;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

// ------------------------------------------------------------------ data

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟单';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华建国文清志兰凤霞平刚桂荣金玉春海燕红云亮成晓';

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows of a subsidy register: 姓名, 组别, 金额, 发放日期, 已领取. */
function rows(n) {
  const r = random(n);
  const pick = (s) => s[Math.floor(r() * s.length)];
  const out = [];
  for (let i = 0; i < n; i++) {
    const name = pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
    const cents = Math.floor(r() * 500000) + 10000;
    const amount = `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
    const date = `202${Math.floor(r() * 4)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    out.push([name, `第${1 + Math.floor(r() * 12)}组`, amount, date, r() < 0.7 ? '是' : '否']);
  }
  return out;
}

const csvCell = (c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);

/** A one-notice gongshi site with the table, built by the generator. */
function buildSite(n, work, gongshi, reuse) {
  const root = path.join(work, `gongshi-tables-bench-${n}`);
  const out = path.join(root, 'public');
  if (reuse && fs.existsSync(out)) return locate(out, NaN);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'site'), { recursive: true });
  fs.mkdirSync(path.join(root, 'content'), { recursive: true });
  fs.writeFileSync(path.join(root, 'site/config.toml'), 'title = "表格基准测试"\nbase_url = "https://example.org/"\n');
  fs.writeFileSync(path.join(root, 'content/_region.toml'), 'name = "测试市"\nkind = "city"\ncode = "350100000000"\n');
  const header = ['姓名', '组别', '金额', '发放日期', '已领取'];
  const lines = [header, ...rows(n)].map((r) => r.map(csvCell).join(','));
  fs.writeFileSync(path.join(root, 'content/data.csv'), `${lines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(root, 'content/bench.md'),
    `+++\ntitle = "补贴发放名册（${n} 行）"\nkind = "affairs"\ndate = 2021-10-08\n+++\n\n{{ table(src="data.csv", caption="补贴发放名册", totals=true) }}\n`,
  );
  const started = performance.now();
  const r = spawnSync(gongshi, ['build', '--root', root, '--out', out], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1640966400' },
    encoding: 'utf8',
  });
  if (r.status !== 0) fail(`gongshi build failed:\n${r.stdout}${r.stderr}`);
  return locate(out, performance.now() - started);
}

/** The page of the built site with the table, and its JSON. */
function locate(out, buildMs) {
  const page = fs
    .readdirSync(out, { recursive: true })
    .find((f) => f.endsWith('index.html') && fs.readFileSync(path.join(out, f), 'utf8').includes('data-gs-table="'));
  if (!page) fail('the built site has no data table');
  const pageDir = path.dirname(page);
  const json = fs.readdirSync(path.join(out, pageDir)).find((f) => f.endsWith('.json'));
  return { out, page: `/${pageDir}/`, json: `/${pageDir}/${json}`, buildMs };
}

/** The comparator's page: the same JSON, handed to simple-datatables as data. */
function writeComparator(out, json) {
  const dir = path.join(out, '__bench__');
  fs.mkdirSync(dir, { recursive: true });
  const dist = path.join(here, 'node_modules/simple-datatables/dist');
  fs.copyFileSync(path.join(dist, 'module.js'), path.join(dir, 'simple-datatables.js'));
  fs.copyFileSync(path.join(dist, 'style.css'), path.join(dir, 'simple-datatables.css'));
  fs.copyFileSync(path.join(repo, 'site/static/_gongshi/gongshi.css'), path.join(dir, 'gongshi.css'));
  fs.writeFileSync(
    path.join(dir, 'sdt.html'),
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>simple-datatables</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="gongshi.css"><link rel="stylesheet" href="simple-datatables.css">
</head><body><main class="wrap"><h1>simple-datatables</h1><table id="t" class="data-table"></table></main>
<script type="module">
import { DataTable } from './simple-datatables.js';
const data = await (await fetch(${JSON.stringify(json)})).json();
const dt = new DataTable('#t', {
  data: { headings: data.columns.map((c) => c.name), data: data.rows },
  perPage: 50,
  perPageSelect: false,
  columns: [{ select: 2, type: 'number' }, { select: 3, type: 'date', format: 'YYYY-MM-DD' }],
});
const ready = () => { window.__ready = performance.now(); requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now(); })); };
if (dt.initialized) ready(); else dt.on('datatable.init', ready);
</script></body></html>`,
  );
  return '/__bench__/sdt.html';
}

// ---------------------------------------------------------------- server

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

function serve(root) {
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

// ------------------------------------------------------------- measuring

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const max = (xs) => Math.max(...xs);
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** What each implementation's page looks like to the measurements. */
const IMPLS = {
  gongshi: {
    label: 'gongshi',
    // The widget marks its container; the init script below notes the time.
    init: () => {
      new MutationObserver((_, observer) => {
        const box = document.querySelector('[data-gs-table-state="ready"]');
        if (!box) return;
        observer.disconnect();
        window.__ready = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => (window.__painted = performance.now())));
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-gs-table-state'] });
    },
    header: (c) => `[data-gs-table] thead th:nth-child(${c + 1}) button`,
    input: '[data-gs-table] input[type="search"]',
    firstCell: '[data-gs-table] tbody tr:first-child td:first-child',
  },
  sdt: {
    label: 'simple-datatables 10.3.0',
    init: () => {},
    header: (c) => `.datatable-wrapper thead th:nth-child(${c + 1}) button`,
    input: '.datatable-wrapper input.datatable-input',
    firstCell: '.datatable-wrapper tbody tr:first-child td:first-child',
  },
};

async function loadPage(context, url, impl) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(IMPLS[impl].init);
  await page.goto(url);
  await page.waitForFunction(() => window.__painted, null, { timeout: opts.timeout * 1000, polling: 50 });
  const { ready, painted } = await page.evaluate(() => ({ ready: window.__ready, painted: window.__painted }));
  if (errors.length) fail(`${impl}: ${errors.join(' | ')}`);
  return { page, ready, painted };
}

/** Click a header button, then two animation frames: the sorted page is painted. */
async function sortOnce(page, selector) {
  return page.evaluate(async (selector) => {
    const button = document.querySelector(selector);
    const t0 = performance.now();
    button.click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - t0, first: document.querySelector('tbody tr td')?.textContent };
  }, selector);
}

/**
 * One keystroke into the filter box: the input event is dispatched as the
 * browser would, then style and layout are forced, so `work` is everything the
 * keystroke costs the main thread before paint; `painted` waits two frames.
 */
async function keystroke(page, selector, value) {
  return page.evaluate(
    async ({ selector, value }) => {
      const input = document.querySelector(selector);
      input.value = value;
      const t0 = performance.now();
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: value.slice(-1), inputType: 'insertText' }));
      void document.body.offsetHeight;
      const work = performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { work, painted: performance.now() - t0, rows: document.querySelectorAll('tbody tr').length };
    },
    { selector, value },
  );
}

const QUERIES = ['张', '张伟', '1', '12', '123', '第', '第1', '第11组', 'zw'];

async function measure(browser, site, impl, opts, n) {
  const url = impl === 'gongshi' ? site.url + site.page : site.url + site.comparator;
  const I = IMPLS[impl];
  const loads = [];
  for (let i = 0; i < Math.min(3, opts.repeats); i++) {
    const context = await browser.newContext();
    const { page, painted } = await loadPage(context, url, impl).catch(async (error) => {
      await context.close();
      throw error;
    });
    loads.push(painted);
    if (i < Math.min(3, opts.repeats) - 1) await context.close();
    else site.last = { context, page };
  }
  const { context, page } = site.last;
  const sorts = {};
  for (const [name, column] of [['number', 2], ['name', 0]]) {
    const times = [];
    for (let i = 0; i < opts.repeats + 1; i++) {
      const { ms } = await sortOnce(page, I.header(column));
      if (i > 0) times.push(ms); // the first click also warms up
    }
    sorts[name] = times;
  }
  const filter = { work: [], painted: [] };
  for (let round = 0; round < Math.max(1, Math.ceil(opts.repeats / 3)); round++) {
    for (const q of QUERIES) {
      for (let k = 1; k <= q.length; k++) {
        const { work, painted } = await keystroke(page, I.input, q.slice(0, k));
        filter.work.push(work);
        filter.painted.push(painted);
      }
      const { work, painted } = await keystroke(page, I.input, ''); // clearing is a keystroke too
      filter.work.push(work);
      filter.painted.push(painted);
    }
  }
  // The initials query only means something to gongshi; check it found 张伟s.
  const zw = await keystroke(page, I.input, 'zw');
  await keystroke(page, I.input, '');
  await context.close();
  return {
    n,
    ready: median(loads),
    sortNumber: median(sorts.number),
    sortName: median(sorts.name),
    sortMax: max([...sorts.number, ...sorts.name]),
    filterWork: median(filter.work),
    filterWorkMax: max(filter.work),
    filterWorkP90: percentile(filter.work, 0.9),
    filterPainted: median(filter.painted),
    initialsRows: zw.rows,
    samples: { loads, sorts, filter },
  };
}

function gz(file) {
  const body = fs.readFileSync(file);
  return { raw: body.length, gz: zlib.gzipSync(body, { level: 9 }).length };
}

function sizes(out) {
  // Theme files are published as `<stem>.<hash>.<ext>`.
  const g = (f) => {
    const dot = f.lastIndexOf('.');
    const [stem, ext] = [f.slice(0, dot), f.slice(dot)];
    const name = fs.readdirSync(path.join(out, '_gongshi'))
      .find((n) => n.startsWith(`${stem}.`) && n.endsWith(ext) && /^[0-9a-f]{10}$/.test(n.slice(stem.length + 1, -ext.length)));
    return gz(path.join(out, '_gongshi', name));
  };
  const d = (f) => gz(path.join(here, 'node_modules/simple-datatables/dist', f));
  const gongshi = { wasm: g('table_widget_bg.wasm'), glue: g('table_widget.js'), widget: g('table.js') };
  const sdt = { js: d('module.js'), css: d('style.css') };
  return { gongshi, sdt };
}

// ---------------------------------------------------------------- report

const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '–');
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

function report(results, size, env) {
  const lines = [];
  lines.push(`Chromium ${env.chromium}, ${env.cpus} × ${env.cpu}, load average ${env.load} at the start; median of ${env.repeats} samples.`, '');
  lines.push('| rows | measurement | gongshi | simple-datatables | budget |', '|---|---|---|---|---|');
  for (const n of Object.keys(results).map(Number)) {
    const g = results[n].gongshi;
    const s = results[n].sdt;
    const row = (what, a, b, budget = '') => lines.push(`| ${n.toLocaleString('en-US')} | ${what} | ${a} | ${b} | ${budget} |`);
    row('page load to table ready and painted (ms)', ms(g.ready), ms(s.ready));
    row('sort by a number column, click to painted (ms)', ms(g.sortNumber), ms(s.sortNumber), n >= 100000 ? '≤ 150' : '');
    row('sort by a name column, click to painted (ms)', ms(g.sortName), ms(s.sortName), n >= 100000 ? '≤ 150' : '');
    row('slowest sort (ms)', ms(g.sortMax), ms(s.sortMax));
    row('filter keystroke: work incl. style and layout, median (ms)', ms(g.filterWork), ms(s.filterWork), n === 10000 ? '≤ 16' : '');
    row('filter keystroke: work, 90th percentile (ms)', ms(g.filterWorkP90), ms(s.filterWorkP90));
    row('filter keystroke: work, slowest (ms)', ms(g.filterWorkMax), ms(s.filterWorkMax));
    row('filter keystroke to painted, two frames (ms)', ms(g.filterPainted), ms(s.filterPainted));
    row('rows shown for the initials query “zw”', g.initialsRows ?? '–', s.initialsRows ?? '–');
  }
  for (const n of Object.keys(results)) {
    for (const impl of ['gongshi', 'sdt']) {
      if (results[n][impl].failed) lines.push('', `${IMPLS[impl].label}, ${Number(n).toLocaleString('en-US')} rows: ${results[n][impl].failed}`);
    }
  }
  lines.push('', Object.entries(results).map(([n, r]) => `gongshi build of the ${Number(n).toLocaleString('en-US')}-row site: ${(r.buildMs / 1000).toFixed(1)} s`).join('; ') + '.');
  const total = size.gongshi.wasm.gz + size.gongshi.glue.gz + size.gongshi.widget.gz;
  lines.push('', '| download, gzip -9 | gongshi | simple-datatables |', '|---|---|---|');
  lines.push(`| wasm | ${kb(size.gongshi.wasm.gz)} (${kb(size.gongshi.wasm.raw)} raw) | – |`);
  lines.push(`| wasm-bindgen glue | ${kb(size.gongshi.glue.gz)} (${kb(size.gongshi.glue.raw)} raw) | – |`);
  lines.push(`| widget JavaScript | ${kb(size.gongshi.widget.gz)} (${kb(size.gongshi.widget.raw)} raw, unminified) | ${kb(size.sdt.js.gz)} (${kb(size.sdt.js.raw)} raw, minified) |`);
  lines.push(`| CSS | in gongshi.css | ${kb(size.sdt.css.gz)} |`);
  lines.push(`| total | **${kb(total)}** (budget 35 KB) | ${kb(size.sdt.js.gz + size.sdt.css.gz)} |`);
  return lines.join('\n');
}

// ------------------------------------------------------------------ main

const opts = parseArgs(process.argv.slice(2));
if (!fs.existsSync(opts.gongshi)) fail(`no gongshi binary at ${opts.gongshi}; run cargo build --release -p gongshi or set GONGSHI_BIN`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const os = await import('node:os');
const env = {
  chromium: browser.version(),
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model.trim(),
  load: os.loadavg()[0].toFixed(1),
  repeats: opts.repeats,
};
const results = {};
let size;
for (const n of opts.sizes) {
  process.stderr.write(`${n} rows: building the site… `);
  const built = buildSite(n, opts.work, opts.gongshi, opts.reuse);
  process.stderr.write(`${ms(built.buildMs)} ms\n`);
  const comparator = writeComparator(built.out, built.json);
  const server = await serve(built.out);
  const site = { url: server.url, page: built.page, comparator };
  results[n] = { buildMs: built.buildMs, json: gz(path.join(built.out, built.json)) };
  for (const impl of ['gongshi', 'sdt']) {
    process.stderr.write(`${n} rows: ${IMPLS[impl].label}… `);
    try {
      results[n][impl] = await measure(browser, site, impl, opts, n);
    } catch (error) {
      // A library that cannot show the table in time gets no figures.
      process.stderr.write(`gave up: ${error.message.split('\n')[0]}\n`);
      results[n][impl] = { n, failed: error.message.split('\n')[0] };
      continue;
    }
    process.stderr.write(`ready ${ms(results[n][impl].ready)} ms, sort ${ms(results[n][impl].sortNumber)} ms, keystroke ${ms(results[n][impl].filterWork)} ms\n`);
  }
  size ??= sizes(built.out);
  server.close();
}
await browser.close();

const table = report(results, size, env);
process.stdout.write(`${table}\n`);
fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ env, size, results }, null, 1)}\n`);
if (opts.readme) {
  const readme = path.join(here, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const begin = '<!-- results: written by bench.mjs -->';
  const end = '<!-- end of results -->';
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (at >= 0 && stop > at) {
    fs.writeFileSync(readme, `${text.slice(0, at + begin.length)}\n${table}\n${text.slice(stop)}`);
  }
}

#!/usr/bin/env node
// gongshi search against Pagefind on generated Fuzhou sites. See README.md.
//
//   node bench.mjs [options] [N ...]        (default N: 10000 100000)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { measureQuery } from './measure.mjs';
import { writePagefindSource } from './pagefind-src.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const HELP = `usage: node bench.mjs [options] [N ...]

  N                       notice counts to run (default: 10000 100000)
  --work DIR              where sites are generated (default /dev/shm); site N
                          goes to DIR/gongshi-search-bench-N
  --seed S                gen_site.py seed (default 1)
  --gongshi BIN           gongshi binary (default $GONGSHI_BIN or target/release/gongshi)
  --repeats R             warm repeats per query (default 20)
  --delay MS              server delay per response (default 100), see README
  --http1                 serve over HTTP/1.1 instead of HTTP/2 (round trips then
                          include queueing for the browser's 6 connections)
  --queries FILE          query list (default queries.json)
  --only ID,ID            run only these query ids
  --pagefind-site-max N   also index the whole site as-is with Pagefind up to N
                          notices (default 10000; it needs ~3.6 GB and ~80 s at 10,000)
  --pagefind-max N        run Pagefind only up to N notices (default: always)
  --memory-reserve-mb M   stop Pagefind when the machine has less than M MB
                          available (default 4000); the run goes on without it
  --no-pagefind           gongshi only
  --pagefind-from DIR     with --no-pagefind: copy the Pagefind columns (and its
                          build and index lines) from DIR/results-N.json of an
                          earlier run, for the queries it has; the tables say so
  --reuse                 reuse a site, build and Pagefind index already in the
                          work folder (their timings come from the earlier run)
  --report                only print the tables again from results-N.json
  --out DIR               where results-N.json goes (default: this folder)
`;

function parseArgs(argv) {
  const o = {
    sizes: [],
    work: '/dev/shm',
    seed: 1,
    gongshi: process.env.GONGSHI_BIN ?? path.join(repo, 'target/release/gongshi'),
    repeats: 20,
    delay: 100,
    http1: false,
    queries: path.join(here, 'queries.json'),
    only: null,
    pagefindSiteMax: 10000,
    pagefindMax: Infinity,
    memoryReserveMb: 4000,
    pagefind: true,
    pagefindFrom: null,
    reuse: false,
    reportOnly: false,
    out: here,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--work') o.work = next();
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--gongshi') o.gongshi = path.resolve(next());
    else if (a === '--repeats') o.repeats = Number(next());
    else if (a === '--delay') o.delay = Number(next());
    else if (a === '--http1') o.http1 = true;
    else if (a === '--queries') o.queries = path.resolve(next());
    else if (a === '--only') o.only = next().split(',');
    else if (a === '--pagefind-site-max') o.pagefindSiteMax = Number(next());
    else if (a === '--pagefind-max') o.pagefindMax = Number(next());
    else if (a === '--memory-reserve-mb') o.memoryReserveMb = Number(next());
    else if (a === '--no-pagefind') o.pagefind = false;
    else if (a === '--pagefind-from') o.pagefindFrom = path.resolve(next());
    else if (a === '--reuse') o.reuse = true;
    else if (a === '--report') o.reportOnly = true;
    else if (a === '--out') o.out = path.resolve(next());
    else if (/^\d+$/.test(a)) o.sizes.push(Number(a));
    else throw new Error(`unknown argument ${a}\n${HELP}`);
  }
  if (!o.sizes.length) o.sizes = [10000, 100000];
  return o;
}

const log = (...a) => console.error('[bench]', ...a);

/** Runs a command under /usr/bin/time: wall, CPU and peak memory. */
function timed(cmd, args, opts = {}) {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}.txt`);
  const useTime = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const p = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (p.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${p.status ?? p.signal}):\n${p.stdout}\n${p.stderr}`);
  }
  const r = { wall_s: +wall.toFixed(2), stdout: p.stdout, stderr: p.stderr };
  if (useTime) {
    const [, user, sys, rss] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
    Object.assign(r, { user_s: user, sys_s: sys, max_rss_mb: Math.round(rss / 1024) });
    fs.rmSync(timeFile, { force: true });
  }
  return r;
}

/** Resident memory (KB) and CPU time (s) of a process and its descendants. */
function treeUsage(pid) {
  const u = { rssKb: 0, cpuS: 0 };
  try {
    u.rssKb += Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    // Fields 14 and 15 of /proc/PID/stat (after the command in parentheses).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    u.cpuS += (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const kids = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const kid of kids ? kids.split(/\s+/) : []) {
        const k = treeUsage(Number(kid));
        u.rssKb += k.rssKb;
        u.cpuS += k.cpuS;
      }
    }
  } catch {
    // the process has ended
  }
  return u;
}

const memAvailableMb = () => Number(fs.readFileSync('/proc/meminfo', 'utf8').match(/MemAvailable:\s+(\d+)/)[1]) / 1024;

/**
 * Like `timed`, but asynchronous and guarded: when the machine's available
 * memory falls below `reserveMb`, the command's process group is stopped and
 * the result carries `error` instead of failing the whole run.
 */
function guarded(cmd, args, reserveMb) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peakKb = 0;
    let cpuS = 0;
    let stopped = null;
    const poll = setInterval(() => {
      const u = treeUsage(child.pid);
      peakKb = Math.max(peakKb, u.rssKb);
      cpuS = Math.max(cpuS, u.cpuS);
      const avail = memAvailableMb();
      if (!stopped && avail < reserveMb) {
        stopped = `stopped after ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(0)} s at ${(peakKb / 1024 / 1024).toFixed(1)} GB resident: the machine had ${avail.toFixed(0)} MB left (guard: --memory-reserve-mb ${reserveMb})`;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, 500);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      // Sampled every 0.5 s, so the last half second is missing.
      const r = { wall_s: +wall.toFixed(2), cpu_s: +cpuS.toFixed(1), max_rss_mb: Math.round(peakKb / 1024), stdout, stderr };
      if (stopped) r.error = stopped;
      else if (code !== 0) r.error = `${cmd} exited with ${code ?? signal}: ${stderr.trim().split('\n').pop()}`;
      resolve(r);
    });
  });
}

function dirFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const sub = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...dirFiles(dir, sub));
    else out.push(sub);
  }
  return out;
}

const gz9 = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** gongshi's index files, and the text they index. */
function gongshiIndexStats(out) {
  const searchRoot = path.join(out, '_gongshi/search');
  const versions = fs.readdirSync(searchRoot);
  if (versions.length !== 1) throw new Error(`expected one index version in ${searchRoot}, found ${versions}`);
  const dir = path.join(searchRoot, versions[0]);
  const stats = { version: versions[0], shards: 0, shards_raw: 0, shards_gzip9: 0, shard_max_raw: 0, shard_max_gzip9: 0 };
  for (const f of fs.readdirSync(dir)) {
    if (!/^s\d+\.bin$/.test(f)) continue;
    const b = fs.readFileSync(path.join(dir, f));
    const g = gz9(b);
    stats.shards += 1;
    stats.shards_raw += b.length;
    stats.shards_gzip9 += g;
    stats.shard_max_raw = Math.max(stats.shard_max_raw, b.length);
    stats.shard_max_gzip9 = Math.max(stats.shard_max_gzip9, g);
  }
  const entry = fs.readFileSync(path.join(dir, 'index.bin'));
  stats.entry_raw = entry.length;
  stats.entry_gzip9 = gz9(entry);
  const records = [];
  let recRaw = 0;
  let recGz = 0;
  let textBytes = 0;
  let bodyBytes = 0;
  const recDir = path.join(dir, 'r');
  // Only the records: the build may have put .gz/.br copies beside them.
  const n = fs.readdirSync(recDir).filter((f) => /^\d+\.json$/.test(f)).length;
  for (let i = 0; i < n; i++) {
    const b = fs.readFileSync(path.join(recDir, `${i}.json`));
    recRaw += b.length;
    recGz += gz9(b);
    const r = JSON.parse(b);
    textBytes += Buffer.byteLength(r.title) + Buffer.byteLength(r.region) + Buffer.byteLength(r.text);
    bodyBytes += Buffer.byteLength(r.text);
    records.push(r);
  }
  Object.assign(stats, {
    records: n,
    records_raw: recRaw,
    records_gzip9: recGz,
    text_indexed_bytes: textBytes,
    body_text_bytes: bodyBytes,
    shards_over_text: +(stats.shards_raw / textBytes).toFixed(3),
  });
  const code = {};
  for (const f of ['search.js', 'search_engine.js', 'search_engine_bg.wasm']) {
    const b = fs.readFileSync(path.join(out, f === 'search.js' ? '_gongshi/search.js' : themeFile(out, f)));
    code[f] = { raw: b.length, gzip9: gz9(b) };
  }
  stats.code = code;
  stats.code_gzip9 = Object.values(code).reduce((s, c) => s + c.gzip9, 0);
  Object.assign(stats, codeWithoutEntry(out, code));
  return { stats, records };
}

/**
 * search.js carries the entry file (index.bin) inlined as base64: that is
 * index data, not code, so the code budget is also reported without it. The
 * string is found by its content, whatever name the minifier gave it.
 */
function codeWithoutEntry(out, code) {
  const js = fs.readFileSync(path.join(out, '_gongshi/search.js'), 'utf8');
  const searchRoot = path.join(out, '_gongshi/search');
  const [version] = fs.readdirSync(searchRoot);
  const entry = fs.readFileSync(path.join(searchRoot, version, 'index.bin')).toString('base64');
  if (!js.includes(entry)) return { inline_entry_gzip9: 0, code_gzip9_without_entry: code_gzip9(code) };
  const without = gz9(Buffer.from(js.replace(entry, '')));
  return {
    inline_entry_raw: entry.length,
    inline_entry_gzip9: code['search.js'].gzip9 - without,
    code_gzip9_without_entry: code_gzip9(code) - code['search.js'].gzip9 + without,
  };
}

const code_gzip9 = (code) => Object.values(code).reduce((s, c) => s + c.gzip9, 0);

function pagefindIndexStats(dir) {
  const files = dirFiles(dir);
  const group = (f) =>
    f.startsWith('index/') ? 'index' : f.startsWith('fragment/') ? 'fragment' : f.startsWith('filter/') ? 'filter'
      : f.endsWith('.pf_meta') ? 'meta' : f.startsWith('wasm.') ? 'wasm' : f.endsWith('.js') || f.endsWith('.css') ? 'ui' : 'other';
  const stats = { files: files.length, total: 0 };
  for (const f of files) {
    const size = fs.statSync(path.join(dir, f)).size;
    const g = group(f);
    stats[g] ??= { files: 0, bytes: 0 };
    stats[g].files += 1;
    stats[g].bytes += size;
    stats.total += size;
  }
  // Everything but the UI bundles and the per-page fragments: what search
  // itself reads (Pagefind's files are gzipped on disk already).
  stats.search_index_bytes = (stats.index?.bytes ?? 0) + (stats.meta?.bytes ?? 0) + (stats.filter?.bytes ?? 0);
  return stats;
}

/** Exact answers for Han queries: notices whose title, region or text has every run. */
function makeTruth(records, kindLabels) {
  const docs = records.map((r) => ({
    url: r.url,
    hay: [r.title, r.region, r.text].map((s) => s.normalize('NFKC').toLowerCase()),
    kind: r.kind,
    year: r.date.slice(0, 4),
  }));
  const byUrl = new Map(docs.map((d) => [d.url, d]));
  const parse = (q) => {
    const runs = q.normalize('NFKC').toLowerCase().split(/[^\p{Script=Han}a-z0-9]+/u).filter(Boolean);
    return runs.some((r) => /[a-z0-9]/.test(r)) ? null : runs;
  };
  const matches = (d, runs, filters = {}) =>
    runs.every((run) => d.hay.some((h) => h.includes(run))) &&
    (!filters.kind || d.kind === kindLabels[filters.kind]) &&
    (!filters.region || d.url.startsWith(`/${filters.region.replace(/^\/|\/$/g, '')}/`)) &&
    (!filters.year || d.year === String(filters.year));
  return {
    count(q, filters) {
      const runs = parse(q);
      return runs ? docs.filter((d) => matches(d, runs, filters)).length : null;
    },
    /** How many of `urls` really contain the query (null when unknown). */
    correct(q, filters, urls) {
      const runs = parse(q);
      if (!runs) return null;
      return urls.filter((u) => byUrl.get(u) && matches(byUrl.get(u), runs, filters)).length;
    },
  };
}

const KB = (b) => (b / 1024).toFixed(1);
/** Display width: CJK characters take two columns. */
const width = (s) => [...String(s)].reduce((x, c) => x + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Script=Han}/u.test(c) ? 2 : 1), 0);
const pad = (s, n) => String(s) + ' '.repeat(Math.max(0, n - width(s)));

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells) => `| ${cells.map((c, i) => pad(c ?? '', widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function queryLabel(q) {
  const f = q.filters ? ' ' + Object.entries(q.filters).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return `${q.q}${f}`;
}

async function runSize(n, o, browser) {
  const base = path.join(o.work, `gongshi-search-bench-${n}`);
  const out = path.join(base, 'public');
  const pfSrc = path.join(base, 'pagefind-src');
  const cacheFile = path.join(base, '.bench-build.json');
  const result = { notices: n, site: base };
  let cached = {};
  if (o.reuse && fs.existsSync(cacheFile)) cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));

  // 1. Generate.
  const marker = path.join(base, '.gen-site.json');
  const sameSite = fs.existsSync(marker) && (() => {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
    return m.notices === n && m.seed === o.seed;
  })();
  if (o.reuse && sameSite) {
    log(`${n}: reusing the site in ${base}`);
  } else {
    log(`${n}: generating into ${base}`);
    const g = timed('python3', [path.join(repo, 'benches/gen_site.py'), '--notices', String(n), '--seed', String(o.seed), '--out', base, '--force']);
    log(g.stdout.trim());
    cached = {};
  }

  // 2. gongshi build.
  if (o.reuse && cached.gongshi_build && fs.existsSync(path.join(out, '_gongshi/search.js'))) {
    result.gongshi_build = cached.gongshi_build;
    log(`${n}: reusing the gongshi build (${cached.gongshi_build.wall_s} s then)`);
  } else {
    log(`${n}: gongshi build`);
    const b = timed(o.gongshi, ['build', '--no-precompress', '--root', base, '--out', out], { env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
    result.gongshi_build = { wall_s: b.wall_s, cpu_s: +(b.user_s + b.sys_s).toFixed(2), user_s: b.user_s, sys_s: b.sys_s, max_rss_mb: b.max_rss_mb, message: (b.stdout + b.stderr).trim().split('\n').pop() };
    cached = { gongshi_build: result.gongshi_build };
    log(`${n}: ${result.gongshi_build.message}`);
  }
  fs.writeFileSync(cacheFile, JSON.stringify(cached));

  // 3. Pagefind. Its peak memory grows with the site (3.5 GB at 10,000
  // notices); a guard stops it before the machine runs out.
  const pagefindBin = path.join(here, 'node_modules/.bin/pagefind');
  const pagefindVariants = [];
  const pagefindRun = async (key, args) => {
    if (o.reuse && cached[key] && !cached[key].error && fs.existsSync(path.join(args.dir, 'pagefind.js'))) return cached[key];
    fs.rmSync(args.dir, { recursive: true, force: true });
    const t = process.hrtime.bigint();
    const src = args.prepare?.();
    const prepS = Number(process.hrtime.bigint() - t) / 1e9;
    log(`${n}: ${args.label}`);
    const p = await guarded(pagefindBin, args.cmd, o.memoryReserveMb);
    const r = { wall_s: p.wall_s, cpu_s: p.cpu_s, max_rss_mb: p.max_rss_mb };
    if (src) Object.assign(r, { prepare_s: +prepS.toFixed(2), source_pages: src.pages, source_bytes: src.bytes });
    if (p.error) {
      r.error = p.error;
      log(`${n}: ${p.error}`);
    } else {
      r.summary = p.stdout.trim().split('\n').slice(-8).join(' ').replace(/\s+/g, ' ');
    }
    cached[key] = r;
    fs.writeFileSync(cacheFile, JSON.stringify(cached));
    return r;
  };
  if (o.pagefind && n <= o.pagefindMax) {
    const dir = path.join(out, 'pagefind-notices');
    result.pagefind_notices_build = await pagefindRun('pagefind_notices', {
      dir,
      label: `pagefind --site ${pfSrc} --output-path ${dir} (notices only, with filters)`,
      cmd: ['--site', pfSrc, '--output-path', dir],
      prepare: () => {
        log(`${n}: copying notice pages with Pagefind attributes to ${pfSrc}`);
        return writePagefindSource(out, pfSrc);
      },
    });
    fs.rmSync(pfSrc, { recursive: true, force: true });
    if (!result.pagefind_notices_build.error) pagefindVariants.push({ name: 'pagefind', kind: 'pagefind', base: '/pagefind-notices/', dir, filters: true });
    if (n <= o.pagefindSiteMax) {
      const dir = path.join(out, 'pagefind');
      result.pagefind_site_build = await pagefindRun('pagefind_site', {
        dir,
        label: `pagefind --site ${out} (the whole built site, as it is)`,
        cmd: ['--site', out],
      });
      if (!result.pagefind_site_build.error) pagefindVariants.push({ name: 'pagefind-site', kind: 'pagefind', base: '/pagefind/', dir, filters: false });
    }
  }

  // 4. Sizes and exact answers.
  log(`${n}: index sizes and exact answers`);
  const { stats, records } = gongshiIndexStats(out);
  result.gongshi_index = stats;
  for (const v of pagefindVariants) result[`${v.name}_index`] = pagefindIndexStats(v.dir);

  // 5. Browser.
  const server = await startServer(out, { delayMs: o.delay, http1: o.http1 });
  result.server_protocol = server.protocol;
  // The engine's glue and wasm, preloaded as site pages do, by their hashed names.
  const preload = [themeFile(out, 'search_engine.js'), themeFile(out, 'search_engine_bg.wasm')].map((f) => `/${f}`);
  const engines = [{ name: 'gongshi', kind: 'gongshi', filters: true, preload }, ...pagefindVariants];
  let kindLabels = {};
  {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/__bench__/blank.html`);
    const choices = await page.evaluate(async () => (await import('/_gongshi/search.js')).choices());
    kindLabels = Object.fromEntries(choices.kinds.map((k) => [k.value, k.label]));
    await ctx.close();
  }
  const truth = makeTruth(records, kindLabels);
  let queries = JSON.parse(fs.readFileSync(o.queries, 'utf8'));
  if (o.only) queries = queries.filter((q) => o.only.includes(q.id));
  result.queries = [];
  for (const q of queries) {
    const row = { ...q, label: queryLabel(q), truth: truth.count(q.q, q.filters ?? {}), engines: {} };
    for (const e of engines) {
      if (q.filters && !e.filters) {
        row.engines[e.name] = { skipped: 'no filter attributes in the site as built' };
        continue;
      }
      const m = await measureQuery(browser, server, e, q, { repeats: o.repeats });
      if (!m.error) m.top10_correct = truth.correct(q.q, q.filters ?? {}, m.urls);
      row.engines[e.name] = m;
      log(`${n}: ${e.name.padEnd(13)} ${row.label}: ${m.error ?? `${m.total} found, ${KB(m.bytes_transfer)} KB, ${m.requests} requests, ${m.round_trips} RT, warm p95 ${m.warm_p95_ms} ms`}`);
    }
    result.queries.push(row);
  }
  await server.stop();
  return result;
}

/**
 * Copies Pagefind's results of an earlier run (`old`, read from `file`)
 * into this one, for the queries both have, and notes where they come from.
 */
function keepPagefind(r, old, file) {
  for (const key of ['pagefind_notices_build', 'pagefind_site_build', 'pagefind_index', 'pagefind-site_index']) {
    if (old[key] && !r[key]) r[key] = old[key];
  }
  const byId = new Map((old.queries ?? []).map((q) => [q.id, q]));
  for (const q of r.queries) {
    for (const e of ['pagefind', 'pagefind-site']) {
      const m = byId.get(q.id)?.engines?.[e];
      if (m && !q.engines[e]) q.engines[e] = m;
    }
  }
  r.pagefind_kept_from = {
    file,
    date: old.environment?.date,
    gongshi_sha256: old.environment?.gongshi_sha256,
    pagefind: old.environment?.pagefind,
  };
}

function report(r, o) {
  const lines = [];
  const names = [...new Set(r.queries.flatMap((q) => Object.keys(q.engines)))];
  const g = r.gongshi_index;
  const kb = (x) => (x == null ? '–' : KB(x));
  lines.push(`## ${r.notices.toLocaleString('en')} notices`);
  lines.push('');
  const b = r.gongshi_build;
  lines.push(`gongshi build (whole site, index included): ${b.wall_s} s wall, ${b.cpu_s ?? (b.user_s + b.sys_s).toFixed(1)} s CPU, ${b.max_rss_mb} MB peak`);
  for (const [label, key] of [['pagefind (notices only, filters)', 'pagefind_notices_build'], ['pagefind --site (whole site as built)', 'pagefind_site_build']]) {
    const p = r[key];
    if (p) lines.push(`${label}: ${p.error ? `FAILED, ${p.error}` : `${p.wall_s} s wall, ${p.cpu_s} s CPU, ${p.max_rss_mb} MB peak`}${p.prepare_s ? ` (+${p.prepare_s} s to copy ${p.source_pages} pages)` : ''}`);
  }
  if (r.pagefind_kept_from) {
    const k = r.pagefind_kept_from;
    lines.push('');
    lines.push(`Pagefind (the lines above and its columns below) was not run again: its figures come from the run of ${k.date} (gongshi ${k.gongshi_sha256}, Pagefind ${k.pagefind}), results file ${path.basename(k.file)} of that run. Its n/a rows are queries that run did not have. Every gongshi figure is from this run.`);
  }
  lines.push('');
  const sizeRows = [
    ['gongshi', `${g.shards} shards: ${kb(g.shards_raw)} KB (gzip ${kb(g.shards_gzip9)}), entry ${kb(g.entry_raw)} KB (gzip ${kb(g.entry_gzip9)})`,
      `${g.records} records: ${kb(g.records_raw)} KB (gzip ${kb(g.records_gzip9)})`,
      `${(g.shards_over_text * 100).toFixed(0)}% of ${kb(g.text_indexed_bytes)} KB text`],
  ];
  for (const v of ['pagefind', 'pagefind-site']) {
    const p = r[`${v}_index`];
    if (!p) continue;
    sizeRows.push([v, `${p.index.files} index chunks ${kb(p.index.bytes)} KB + meta ${kb(p.meta.bytes)} KB${p.filter ? ` + filters ${kb(p.filter.bytes)} KB` : ''} (gzipped on disk)`,
      `${p.fragment.files} fragments: ${kb(p.fragment.bytes)} KB`, `${((p.search_index_bytes / g.text_indexed_bytes) * 100).toFixed(0)}% (gzipped) of the same text`]);
  }
  lines.push(table(['index', 'term index', 'per-result data', 'term index / text'], sizeRows));
  lines.push('');
  lines.push(`First query, fresh browser context (cold cache), served over ${r.server_protocol ?? 'HTTP'} with ${r.environment?.server_delay_ms ?? '?'} ms per response: bytes = gzip -9 of each response (min of raw and gzip), KB = 1024 bytes; RT = sequential round trips x/y: x from a blank page, loading the code as the site's pages do on focus; y for the index files alone`);
  lines.push('');
  const h1 = ['query', 'exact'];
  for (const e of names) h1.push(`${e} KB`, 'req', 'RT', 'cold ms');
  lines.push(table(h1, r.queries.map((q) => {
    const row = [q.label, q.truth ?? '–'];
    for (const e of names) {
      const m = q.engines[e];
      if (!m || m.skipped || m.error) row.push(m?.error ? 'error' : 'n/a', '', '', '');
      else row.push(KB(m.bytes_transfer), m.requests, `${m.round_trips}/${m.round_trips_index_only}`, m.cold_ms.toFixed(0));
    }
    return row;
  })));
  lines.push('');
  lines.push(`Results and warm query time (${o.repeats} repeats after the first; gongshi: s.search(), Pagefind: search() + data() of 10). exact = notices whose title, region or text contains the query (Han queries only); top10 = how many of the first 10 shown really contain it`);
  lines.push('');
  const h2 = ['query', 'exact'];
  for (const e of names) h2.push(`${e} found`, 'top10', 'p50 ms', 'p95 ms');
  lines.push(table(h2, r.queries.map((q) => {
    const row = [q.label, q.truth ?? '–'];
    for (const e of names) {
      const m = q.engines[e];
      if (!m || m.skipped || m.error) row.push(m?.error ? 'error' : 'n/a', '', '', '');
      else {
        const found = `${m.exact === false ? '≈' : ''}${m.total}`;
        const top = m.top10_correct == null ? '–' : `${m.top10_correct}/${m.urls.length}`;
        row.push(found, top, m.warm_p50_ms.toFixed(1), m.warm_p95_ms.toFixed(1));
      }
    }
    return row;
  })));
  lines.push('');
  // Budgets (design.md, search rows).
  const gq = r.queries.map((q) => q.engines.gongshi).filter((m) => m && !m.error && !m.skipped);
  const maxBytes = Math.max(...gq.map((m) => m.bytes_transfer));
  const maxRt = Math.max(...gq.map((m) => m.round_trips));
  const maxRtIndex = Math.max(...gq.map((m) => m.round_trips_index_only));
  const maxP95 = Math.max(...gq.map((m) => m.warm_p95_ms));
  const byteBudget = r.notices <= 10000 ? 100 : 150;
  const code = g.code_gzip9_without_entry ?? g.code_gzip9;
  const overBytes = gq.filter((m, i) => m.bytes_transfer > byteBudget * 1024).length;
  const budgets = [
    [`first query bytes, gzip, incl. wasm and glue (budget for ${r.notices <= 10000 ? '10,000' : '100,000'} notices)`, `≤ ${byteBudget} KB`,
      `max ${KB(maxBytes)} KB${overBytes ? ` (${overBytes} of ${gq.length} queries over)` : ''}`, maxBytes <= byteBudget * 1024 ? 'yes' : 'NO'],
    ['round trips after page load, first query', '≤ 3',
      `max ${maxRt} (code loaded as site pages do); ${maxRtIndex} for the index alone`,
      maxRt <= 3 ? 'yes' : 'NO'],
    ['query time inside wasm, p95', `≤ 20 ms${r.notices >= 100000 ? '' : ' (budget is for 100,000)'}`, `max ${maxP95.toFixed(1)} ms`, maxP95 <= 20 ? 'yes' : 'NO'],
    ['index (postings) size', '≤ 60% of text', `${(g.shards_over_text * 100).toFixed(0)}% (all of s*.bin)`, g.shards_over_text <= 0.6 ? 'yes' : 'NO'],
    ['search wasm + glue, gzip', '≤ 45 KB',
      `${KB(code)} KB${g.inline_entry_gzip9 ? ` (+${KB(g.inline_entry_gzip9)} KB entry index inlined in search.js)` : ''}`, code <= 45 * 1024 ? 'yes' : 'NO'],
  ];
  r.budgets = budgets.map(([what, budget, got, met]) => ({ what, budget, got, met }));
  lines.push(table(['budget (design.md)', 'budget', 'gongshi', 'met'], budgets));
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.reportOnly) {
    for (const n of o.sizes) {
      const file = path.join(o.out, `results-${n}.json`);
      if (!fs.existsSync(file)) continue;
      const r = JSON.parse(fs.readFileSync(file, 'utf8'));
      const g = r.gongshi_index;
      const site = path.join(r.site, 'public');
      if (fs.existsSync(path.join(site, '_gongshi/search.js'))) Object.assign(g, codeWithoutEntry(site, g.code));
      const text = report(r, r.environment ?? o);
      console.log(text + '\n');
      fs.writeFileSync(file, JSON.stringify(r, null, 1) + '\n');
      fs.writeFileSync(path.join(o.out, `results-${n}.md`), text + '\n');
    }
    return;
  }
  if (!fs.existsSync(o.gongshi)) throw new Error(`no gongshi binary at ${o.gongshi}: cargo build --release -p gongshi`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const env = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: browser.version(),
    pagefind: JSON.parse(fs.readFileSync(path.join(here, 'node_modules/pagefind/package.json'), 'utf8')).version,
    gongshi: o.gongshi,
    gongshi_mtime: fs.statSync(o.gongshi).mtime.toISOString(),
    gongshi_sha256: createHash('sha256').update(fs.readFileSync(o.gongshi)).digest('hex').slice(0, 16),
    server_delay_ms: o.delay,
    repeats: o.repeats,
  };
  try {
    for (const n of o.sizes) {
      const r = await runSize(n, o, browser);
      r.environment = env;
      const oldFile = o.pagefindFrom && path.join(o.pagefindFrom, `results-${n}.json`);
      if (oldFile && fs.existsSync(oldFile)) keepPagefind(r, JSON.parse(fs.readFileSync(oldFile, 'utf8')), oldFile);
      const text = report(r, o);
      console.log(text + '\n');
      fs.writeFileSync(path.join(o.out, `results-${n}.json`), JSON.stringify(r, null, 1) + '\n');
      fs.writeFileSync(path.join(o.out, `results-${n}.md`), text + '\n');
      log(`wrote ${path.join(o.out, `results-${n}.json`)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});

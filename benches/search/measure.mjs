// Browser measurements: one query, in a fresh browser context (cold cache),
// on a blank page of the served site, then warm repeats in the same page.
import { BLANK_PATH } from './serve.mjs';

/** What runs in the page for each engine. */
const ENGINES = {
  gongshi: {
    cold: async ({ q, filters, preload }) => {
      const t0 = performance.now();
      // What every page of the site does on first focus of a search box
      // (site/templates/base.html): preload the engine beside the widget.
      for (const [rel, href, as] of [
        ['modulepreload', preload[0]],
        ['preload', preload[1], 'fetch'],
      ]) {
        const link = document.createElement('link');
        link.rel = rel;
        link.href = href;
        if (as) {
          link.as = as;
          link.crossOrigin = 'anonymous';
        }
        document.head.append(link);
      }
      const s = await import('/_gongshi/search.js');
      const r = await s.search(q, { filters, limit: 10 });
      const ms = performance.now() - t0;
      window.__engine = s;
      return { total: r.total, exact: r.exact, urls: r.results.map((x) => x.url), ms };
    },
    warm: async ({ q, filters, repeats }) => {
      const s = window.__engine;
      const times = [];
      let total;
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        const r = await s.search(q, { filters, limit: 10 });
        times.push(performance.now() - t);
        total = r.total;
      }
      return { times, total };
    },
  },
  pagefind: {
    cold: async ({ q, filters, base }) => {
      const t0 = performance.now();
      const pf = await import(`${base}pagefind.js`);
      const r = await pf.search(q, filters ? { filters } : {});
      // Pagefind's UI loads the data (URL, excerpt, meta) of the results it
      // shows, 5 at first in the default UI; we load 10, as gongshi shows.
      const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      const ms = performance.now() - t0;
      window.__engine = pf;
      return { total: r.results.length, exact: true, urls: data.map((d) => d.url), ms };
    },
    warm: async ({ q, filters, repeats }) => {
      const pf = window.__engine;
      const times = [];
      let total;
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        const r = await pf.search(q, filters ? { filters } : {});
        await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
        times.push(performance.now() - t);
        total = r.results.length;
      }
      return { times, total };
    },
  },
};

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length)); // nearest rank
  return sorted[rank - 1];
}

/**
 * The longest chain of requests each of which reached the server only after
 * the previous one had been answered. A dependent request cannot reach the
 * server before its predecessor's answer has left it. Requests issued
 * together (a wave) never chain: the server holds every response back by
 * its delay (100 ms by default), and over HTTP/2 nothing queues for a
 * connection.
 */
export function roundTrips(requests) {
  const rs = [...requests].sort((a, b) => a.start - b.start);
  for (const [i, r] of rs.entries()) {
    r.wave = 1;
    for (const q of rs.slice(0, i)) {
      if (q.end <= r.start) r.wave = Math.max(r.wave, q.wave + 1);
    }
  }
  return rs.reduce((m, r) => Math.max(m, r.wave), 0);
}

/** Code, not index data: what a page can load before the query. */
const isCode = (p) => /\.(js|wasm)$|\/wasm\.[^/]*\.pagefind$/.test(p);

/**
 * Runs one query on one engine. `engine` is { name, kind: 'gongshi' |
 * 'pagefind', base }. Returns bytes, requests, round trips, cold and warm
 * times and what was found. Bytes and round trips come from the server's
 * log: every response it sent between the start of the query and its
 * answer (a cache hit in the browser never reaches it).
 */
export async function measureQuery(browser, server, engine, query, { repeats }) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  // The browser's own count, to cross-check the server's log (requests
  // from Pagefind's worker included).
  let browserRequests = 0;
  let phase = 'load';
  context.on('request', () => {
    if (phase === 'query') browserRequests += 1;
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  await page.goto(server.url + BLANK_PATH, { waitUntil: 'load' });
  await page.waitForTimeout(50);
  const logStart = server.log.length;
  phase = 'query';
  const impl = ENGINES[engine.kind];
  const args = { q: query.q, filters: query.filters ?? null, base: engine.base, preload: engine.preload, repeats };
  if (engine.kind === 'gongshi' && !args.filters) args.filters = {};
  let cold;
  try {
    cold = await page.evaluate(impl.cold, args);
  } catch (e) {
    await context.close();
    return { error: String(e.message ?? e).split('\n')[0], errors };
  }
  phase = 'between';
  await page.waitForTimeout(50);
  const logEnd = server.log.length;
  const requests = server.log.slice(logStart, logEnd).map((e) => ({
    path: e.path,
    status: e.status,
    raw: e.raw,
    gz9: e.gz9,
    transfer: e.transfer,
    start: e.arrived,
    end: e.ended,
  }));
  const rt = roundTrips(requests);
  // Round trips if the code (JS, wasm) were already loaded or preloaded:
  // the chain of index files alone.
  const rtData = roundTrips(requests.filter((r) => !isCode(r.path)).map((r) => ({ ...r })));
  const t0 = requests.length ? Math.min(...requests.map((r) => r.start)) : 0;
  for (const r of requests) {
    r.start = +(r.start - t0).toFixed(1);
    r.end = +(r.end - t0).toFixed(1);
  }
  phase = 'warm';
  const warmStart = server.log.length;
  const warm = await page.evaluate(impl.warm, args);
  const warmRequests = server.log.length - warmStart;
  phase = 'done';
  await context.close();
  const sorted = [...warm.times].sort((a, b) => a - b);
  const sum = (k, filter = () => true) => requests.filter(filter).reduce((s, r) => s + r[k], 0);
  return {
    total: cold.total,
    exact: cold.exact,
    urls: cold.urls,
    cold_ms: +cold.ms.toFixed(1),
    warm_p50_ms: +percentile(sorted, 50).toFixed(2),
    warm_p95_ms: +percentile(sorted, 95).toFixed(2),
    warm_times_ms: warm.times.map((x) => +x.toFixed(2)),
    warm_requests: warmRequests,
    bytes_transfer: sum('transfer'),
    bytes_gzip9: sum('gz9'),
    bytes_raw: sum('raw'),
    bytes_code_transfer: sum('transfer', (r) => isCode(r.path)),
    requests: requests.length,
    browser_requests: browserRequests,
    round_trips: rt,
    round_trips_index_only: rtData,
    failed_requests: requests.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.path}`),
    errors,
    request_log: requests.sort((a, b) => a.start - b.start),
  };
}

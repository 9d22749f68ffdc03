// gongshi search: the widget on every search form, and a small API.
//
//   const s = await import('/_gongshi/search.js');
//   const { total, exact, results } = await s.search('换届', { filters: { kind: 'result' } });
//   // results: [{ url, title, kind, region, date, excerpt: [{ text, highlight }] }]
//
// The engine (wasm, the same Rust code `gongshi search` runs) loads on first
// use; it names the index shards a query needs, this file fetches them and
// the records of the results shown. Nothing here uses innerHTML: all text
// from the index is set as text.
const INDEX_URL = '__GONGSHI_SEARCH_INDEX__';
// The index's entry file (index.bin), inlined by the generator so that a
// first query needs no request for it.
const ENTRY = '__GONGSHI_SEARCH_ENTRY__';

// The engine's glue and wasm are requested as soon as this module runs, in
// parallel (pages also preload them when a search box is first focused), so
// a first query waits for at most: this module with the engine, its shards,
// its records.
const glue = import('./search_engine.js');
const wasm = fetch(new URL('./search_engine_bg.wasm', import.meta.url));
glue.catch(() => {});
wasm.catch(() => {});
const PAGE_SIZE = 10;
const EXCERPT_CHARS = 90;
const DEBOUNCE_MS = 180;
const MAX_QUERY_CHARS = 200;
// Records checked, beyond the best results, to estimate how many of the
// others pass verification (see `search`).
const SAMPLE = 10;
const FILTER_KEYS = ['kind', 'region', 'year'];

/** Thrown when the index cannot be read (missing or corrupt files). */
export class SearchUnavailable extends Error {}

let enginePromise;
function engine() {
  if (!enginePromise) {
    enginePromise = glue
      .then(async (engineModule) => {
        await engineModule.default({ module_or_path: wasm });
        const entry = Uint8Array.from(atob(ENTRY), (c) => c.charCodeAt(0));
        return new engineModule.SearchEngine(entry);
      })
      .catch((error) => {
        enginePromise = undefined; // let a later attempt retry
        throw unavailable(error);
      });
  }
  return enginePromise;
}

function unavailable(error) {
  return error instanceof SearchUnavailable ? error : new SearchUnavailable(String(error?.message ?? error));
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new SearchUnavailable(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const records = new Map();
function record(doc) {
  if (!records.has(doc)) {
    const promise = fetch(`${INDEX_URL}r/${doc}.json`).then((r) => {
      if (!r.ok) throw new SearchUnavailable(`record ${doc}: HTTP ${r.status}`);
      return r.json();
    });
    promise.catch(() => records.delete(doc));
    records.set(doc, promise);
  }
  return records.get(doc);
}

/** NFKC here, so the wasm needs no normalization tables. Never throws. */
function normalizeQuery(query) {
  return String(query ?? '').slice(0, MAX_QUERY_CHARS).normalize('NFKC');
}

function filterList(filters) {
  return FILTER_KEYS.filter((k) => filters?.[k]).map((k) => `${k}=${filters[k]}`);
}

/**
 * Searches the site. `offset` and `limit` count results after
 * verification. `exact` is false when `total` is an estimate: for Han runs
 * of three or more characters, results are candidates until checked
 * against their text, and only the best ones and a sample of the others
 * (spread over all of them, fetched with the best) are checked; the others
 * are counted at the sample's rate.
 */
export async function search(query, { filters = {}, limit = PAGE_SIZE, offset = 0 } = {}) {
  const q = normalizeQuery(query);
  const f = filterList(filters);
  try {
    const e = await engine();
    const needed = Array.from(e.needed_shards(q, f));
    await Promise.all(needed.map(async (i) => e.add_shard(i, await fetchBytes(`${INDEX_URL}s${i}.bin`))));
    const verify = e.needs_verification(q);
    const wanted = offset + limit;
    // Only the best results are ranked in full; more are asked for when
    // verification turns some down.
    let k = Math.max(2 * wanted, 20);
    const top = e.run(q, f, k, verify ? SAMPLE : 0);
    let ranked = Array.from(top.docs);
    const candidates = top.total;
    const prominent = top.prominent;
    const sample = Array.from(top.sample);
    top.free();
    const sampled = Promise.all(sample.map(record));
    sampled.catch(() => {}); // awaited below, unless the best fail first
    const passes = (r) => !verify || e.verify(q, [r.title, r.region, r.text].map((s) => String(s).normalize('NFKC')));
    const found = [];
    let checked = 0;
    let titles = 0; // title matches among `found`
    // Records are fetched in batches, in rank order, until the page is full.
    while (found.length < wanted && checked < candidates) {
      if (checked >= ranked.length) {
        k *= 4;
        const more = e.run(q, f, k, 0);
        ranked = Array.from(more.docs);
        more.free();
      }
      const batch = ranked.slice(checked, checked + Math.max(limit, wanted - found.length));
      const first = checked;
      checked += batch.length;
      const fetched = await Promise.all(batch.map(record));
      fetched.forEach((r, i) => {
        if (!passes(r)) return;
        found.push(r);
        if (first + i < prominent) titles += 1;
      });
    }
    // Unverified results all count; verified ones are estimated: title
    // matches (ranked first) at the rate of those checked, the others at
    // the rate of the sample.
    let total = found.length + (candidates - checked);
    let exact = !verify || checked === candidates;
    if (!exact) {
      const seen = new Set(ranked.slice(0, checked));
      const others = (await sampled).filter((_, i) => !seen.has(sample[i]));
      [total, exact] = e.estimate(candidates, prominent, checked, found.length, titles, others.length, others.filter(passes).length);
      exact = exact === 1;
    }
    return {
      total,
      exact,
      results: found.slice(offset, wanted).map((r) => ({
        url: r.url,
        title: r.title,
        kind: r.kind,
        region: r.region,
        date: r.date,
        excerpt: pieces(e.excerpt(q, r.text, EXCERPT_CHARS)),
      })),
    };
  } catch (error) {
    throw unavailable(error);
  }
}

function pieces(list) {
  return Array.from(list, (text, i) => ({ text, highlight: i % 2 === 1 })).filter((p) => p.text);
}

/** The filter choices of the index: kinds, regions (with depth) and years. */
export async function choices() {
  const e = await engine();
  const triples = (flat) => {
    const out = [];
    for (let i = 0; i + 2 < flat.length; i += 3) out.push({ value: flat[i], label: flat[i + 1], depth: Number(flat[i + 2]) });
    return out;
  };
  return { kinds: triples(e.kinds()), regions: triples(e.regions()), years: Array.from(e.years()) };
}

// ---------------------------------------------------------------- widget

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

/** Enhances a search form: results as you type, filters on the search page. */
export function attach(form) {
  if (form.dataset.gongshiAttached) return;
  form.dataset.gongshiAttached = 'true';
  const input = form.querySelector('input[name="q"]');
  const onSearchPage = Boolean(document.querySelector('[data-gongshi-search-results]')) && form.closest('main');
  const output = onSearchPage
    ? document.querySelector('[data-gongshi-search-results]')
    : form.insertAdjacentElement('afterend', el('div', { className: 'search-live' }));
  output.setAttribute('aria-live', 'polite');
  const params = new URLSearchParams(location.search);
  const selects = {};
  let generation = 0;
  let shown = 0;
  let timer;

  if (onSearchPage) {
    const bar = el('div', { className: 'search-filters' });
    form.append(bar);
    choices()
      .then(({ kinds, regions, years }) => {
        const add = (key, label, options) => {
          const id = `gs-filter-${key}`;
          const select = el('select', { id, name: key });
          select.append(el('option', { value: '', textContent: '全部' }));
          for (const o of options) {
            select.append(el('option', { value: String(o.value), textContent: `${'\u3000'.repeat(o.depth ?? 0)}${o.label}` }));
          }
          select.value = params.get(key) ?? '';
          select.addEventListener('change', () => run(0));
          selects[key] = select;
          bar.append(el('span', { className: 'search-filter' }, el('label', { htmlFor: id, textContent: label }), select));
        };
        add('kind', '栏目', kinds);
        add('region', '地区', regions);
        add('year', '年份', years.map((y) => ({ value: y, label: `${y}年` })));
      })
      .catch(() => {});
    input.value = params.get('q') ?? input.value;
  }

  const filters = () => {
    const f = {};
    for (const key of FILTER_KEYS) {
      const value = selects[key]?.value ?? (onSearchPage ? params.get(key) : '');
      if (value) f[key] = value;
    }
    return f;
  };

  async function run(offset) {
    const mine = ++generation;
    const query = input.value.trim();
    const f = filters();
    if (onSearchPage) {
      const next = new URLSearchParams();
      if (query) next.set('q', query);
      for (const [k, v] of Object.entries(f)) next.set(k, v);
      history.replaceState(null, '', next.size ? `?${next}` : location.pathname);
    }
    if (!query && !Object.keys(f).length) {
      output.replaceChildren();
      shown = 0;
      return;
    }
    if (offset === 0) output.replaceChildren(el('p', { className: 'search-status', textContent: '正在搜索…' }));
    let answer;
    try {
      answer = await search(query, { filters: f, offset, limit: PAGE_SIZE });
    } catch {
      if (mine !== generation) return;
      output.replaceChildren(
        el('p', { className: 'search-status search-error', role: 'alert', textContent: '搜索暂时不可用（索引文件缺失或损坏）。您仍可以按地区或栏目浏览全部公告。' }),
      );
      return;
    }
    if (mine !== generation) return; // a newer query is on its way
    draw(answer, query, offset);
  }

  function draw({ total, exact, results }, query, offset) {
    const count = exact ? `${total}` : `约 ${total}`;
    const status = el('p', {
      className: 'search-status',
      textContent: total === 0 ? `没有找到与“${query}”相关的公告。` : `找到${exact ? ' ' : ''}${count} 条结果`,
    });
    let list = output.querySelector('ol.search-results');
    if (offset === 0 || !list) {
      list = el('ol', { className: 'search-results' });
      output.replaceChildren(status, list);
      shown = 0;
    } else {
      output.querySelector('.search-status')?.replaceWith(status);
      output.querySelector('.search-more')?.remove();
    }
    for (const r of results) {
      const excerpt = el('p', { className: 'search-excerpt' });
      for (const p of r.excerpt) excerpt.append(p.highlight ? el('mark', { textContent: p.text }) : p.text);
      const meta = el('p', { className: 'search-meta' });
      meta.append(`${r.region} · ${r.kind} · `, el('time', { dateTime: r.date, textContent: r.date }));
      list.append(el('li', {}, el('a', { href: r.url, textContent: r.title }), meta, excerpt));
    }
    shown += results.length;
    if (shown < total) {
      if (onSearchPage) {
        const more = el('button', { type: 'button', className: 'search-more', textContent: '显示更多结果' });
        more.addEventListener('click', () => run(shown));
        output.append(more);
      } else {
        const all = new URL(form.action, location.href);
        all.searchParams.set('q', query);
        output.append(el('p', { className: 'search-more' }, el('a', { href: all.href, textContent: `查看全部 ${count} 条结果` })));
      }
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(0), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    if (!onSearchPage) return; // go to the search page, as without scripts
    event.preventDefault();
    clearTimeout(timer);
    run(0);
  });
  // Arrow keys move between the input and the result links; Escape returns.
  form.parentElement.addEventListener('keydown', (event) => {
    const links = Array.from(output.querySelectorAll('ol.search-results a'));
    const at = links.indexOf(document.activeElement);
    if (event.key === 'ArrowDown' && (event.target === input || at >= 0) && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      event.preventDefault();
    } else if (event.key === 'Escape' && (at >= 0 || event.target === input)) {
      input.focus();
      if (!onSearchPage) output.replaceChildren();
    }
  });
  // Run at once for a deep link (?q=…) or for what was typed while the
  // widget was still loading.
  const typedEarly = input.value.trim() && document.activeElement === input;
  if (typedEarly || (onSearchPage && (input.value || FILTER_KEYS.some((k) => params.get(k))))) run(0);
}

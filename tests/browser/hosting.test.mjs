// The built demo site as a real host serves it (issue 7.2): nginx, under the
// sub-path /cunwu/, with the precompressed copies sent by gzip_static (and
// brotli_static when Debian's module is installed). A crawl of the whole
// site from its home page and sitemap (every internal link and the files
// pages, scripts and style sheets name must answer 200, every #fragment must
// name an element of its page); the content types a browser insists on; the
// .gz and .br copies sent byte for byte; and the widgets in headless
// Chromium with no failed request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { serveBuilt, launchBrowser, hasBrotli, BROTLI_MODULE, SUB_PATH } from './harness.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([serveBuilt(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---------------------------------------------------------------------------
// A small HTML/JS/CSS/XML reader for the crawl: the generated markup is
// well formed, so tags and attributes are read with regular expressions.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Tags with their attributes (names lower-cased, values decoded), scripts' text, element ids. */
function readHtml(html) {
  const scripts = [];
  const styles = [];
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi, (whole, tag, attrs, body) => {
      (tag.toLowerCase() === 'script' ? scripts : styles).push(body);
      return `<${tag}${attrs}>`;
    });
  const tags = [];
  const ids = new Set();
  for (const [, name, attrs] of text.matchAll(TAG)) {
    const attributes = {};
    for (const [, key, d, s, u] of attrs.matchAll(ATTRIBUTE)) attributes[key.toLowerCase()] = decodeEntities(d ?? s ?? u ?? '');
    const tag = name.toLowerCase();
    tags.push({ tag, attributes });
    if ('id' in attributes) ids.add(attributes.id);
    if (tag === 'a' && 'name' in attributes) ids.add(attributes.name);
  }
  return { tags, scripts, styles, ids };
}

/**
 * URLs a module script names: imports, `new URL(…, import.meta.url)`, and
 * absolute paths of the site's kinds of file (the preloads of the pages'
 * script). Not "./x_bg.js" keys of wasm-bindgen's import objects: no URLs.
 */
function scriptRefs(code) {
  const refs = new Set();
  // Import specifiers are URLs when they start with /, ./ or ../ (others are bare names).
  for (const pattern of [/\bfrom\s*(["'`])([^"'`$\s]+)\1/g, /\bimport\s*\(\s*(["'`])([^"'`$\s]+)\1\s*\)/g]) {
    for (const [, , ref] of code.matchAll(pattern)) if (/^(\/|\.\.?\/|https?:)/.test(ref)) refs.add(ref);
  }
  for (const pattern of [
    /\bnew\s+URL\(\s*(["'`])([^"'`$\s]+)\1\s*,\s*import\.meta\.url\s*\)/g,
    /(["'`])(\/[^"'`$\s]*\.(?:js|mjs|wasm|css|json|bin))\1/g,
  ]) {
    for (const [, , ref] of code.matchAll(pattern)) refs.add(ref);
  }
  return [...refs];
}

function cssRefs(css) {
  const refs = [];
  for (const [, , ref] of css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)) if (!ref.startsWith('data:')) refs.push(ref);
  for (const [, , ref] of css.matchAll(/@import\s+(["'])([^"']+)\1/g)) refs.push(ref);
  return refs;
}

function xmlRefs(xml) {
  const refs = [];
  for (const [, loc] of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) refs.push(decodeEntities(loc));
  for (const [, href] of xml.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)) refs.push(decodeEntities(href));
  return refs;
}

/** References of an HTML page: [attribute it came from, URL as written]. */
function htmlRefs({ tags, scripts, styles }) {
  const refs = [];
  for (const { tag, attributes: a } of tags) {
    if ((tag === 'a' || tag === 'area') && a.href !== undefined) refs.push([`<${tag} href>`, a.href]);
    if (tag === 'link' && a.href !== undefined) refs.push([`<link rel=${a.rel ?? ''} href>`, a.href]);
    if (['script', 'img', 'source', 'audio', 'video', 'iframe', 'embed', 'track'].includes(tag) && a.src) refs.push([`<${tag} src>`, a.src]);
    if ((tag === 'img' || tag === 'source') && a.srcset) {
      for (const candidate of a.srcset.split(',')) if (candidate.trim()) refs.push([`<${tag} srcset>`, candidate.trim().split(/\s+/)[0]]);
    }
    if (tag === 'form' && a.action) refs.push(['<form action>', a.action]);
    if (tag === 'object' && a.data) refs.push(['<object data>', a.data]);
    // The table widget fetches its rows from the file a table names.
    if (a['data-gs-table']) refs.push(['data-gs-table', a['data-gs-table']]);
  }
  for (const code of scripts) for (const ref of scriptRefs(code)) refs.push(['inline <script>', ref]);
  for (const css of styles) for (const ref of cssRefs(css)) refs.push(['<style>', ref]);
  return refs;
}

const mediaType = (headers) => (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

/**
 * Crawls the site from `seeds`: every internal URL is fetched once (no
 * redirects followed: anything but 200 is a problem), HTML pages, scripts,
 * style sheets and XML files are read for more. Returns the figures and the
 * problems, each naming the page and the link.
 */
async function crawl(root, seeds, { concurrency = 8 } = {}) {
  const rootUrl = new URL(root);
  const fetched = new Map(); // URL without fragment → { status, type, ids?, from }
  const links = []; // { from, via, href, target, fragment }
  const problems = [];
  let external = 0;
  const queue = [];
  const enqueue = (url, from) => {
    if (fetched.has(url)) return;
    fetched.set(url, { from, status: null });
    queue.push(url);
  };
  const note = (from, via, href) => {
    let target;
    try {
      target = new URL(href, from);
    } catch {
      problems.push(`${from}: ${via} "${href}" is not a URL`);
      return;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return; // mailto:, tel:, data:
    if (target.origin !== rootUrl.origin) {
      external += 1;
      return;
    }
    if (!target.pathname.startsWith(rootUrl.pathname)) {
      problems.push(`${from}: ${via} "${href}" leaves the site's sub-path ${rootUrl.pathname} (${target.pathname})`);
      return;
    }
    let fragment = null;
    try {
      fragment = target.hash ? decodeURIComponent(target.hash.slice(1)) : null;
    } catch {
      problems.push(`${from}: ${via} "${href}": the fragment is not valid percent-encoding`);
    }
    target.hash = '';
    links.push({ from, via, href, target: target.href, fragment });
    enqueue(target.href, from);
  };

  for (const seed of seeds) enqueue(new URL(seed, root).href, '(start)');
  const worker = async () => {
    while (queue.length) {
      const url = queue.shift();
      const entry = fetched.get(url);
      let response;
      try {
        response = await fetch(url, { redirect: 'manual' });
      } catch (e) {
        entry.status = 'error';
        problems.push(`${url} (linked from ${entry.from}): ${e.message}`);
        continue;
      }
      entry.status = response.status;
      entry.type = mediaType(response.headers);
      if (response.status !== 200) {
        const where = response.headers.get('location') ? ` → ${response.headers.get('location')}` : '';
        problems.push(`${url} (first linked from ${entry.from}): HTTP ${response.status}${where}`);
        await response.arrayBuffer();
        continue;
      }
      if (entry.type === 'text/html') {
        const page = readHtml(await response.text());
        entry.ids = page.ids;
        for (const [via, href] of htmlRefs(page)) note(url, via, href);
      } else if (entry.type === 'image/svg+xml') {
        entry.ids = readHtml(await response.text()).ids;
      } else if (/javascript/.test(entry.type)) {
        for (const ref of scriptRefs(await response.text())) note(url, 'script import', ref);
      } else if (entry.type === 'text/css') {
        for (const ref of cssRefs(await response.text())) note(url, 'url() in CSS', ref);
      } else if (/xml/.test(entry.type)) {
        for (const ref of xmlRefs(await response.text())) note(url, 'XML <loc>/<link>', ref);
      } else {
        await response.arrayBuffer();
      }
    }
  };
  // Workers stop when the queue is empty for a moment; run rounds until nothing is left.
  while (queue.length) await Promise.all(Array.from({ length: concurrency }, worker));

  // Fragments: every #name of an internal link names an element of its page.
  let anchors = 0;
  for (const { from, via, href, target, fragment } of links) {
    if (fragment === null || fragment === '' || fragment.toLowerCase() === 'top') continue;
    const entry = fetched.get(target);
    if (entry.status !== 200 || !entry.ids) continue;
    anchors += 1;
    if (!entry.ids.has(fragment)) problems.push(`${from}: ${via} "${href}": no element with id "${fragment}" on ${target}`);
  }
  const pages = [...fetched.values()].filter((e) => e.type === 'text/html' && e.status === 200).length;
  return { pages, urls: fetched.size, links: links.length, linkList: links, anchors, external, problems, fetched };
}

/** Every file of the built folder, as paths relative to it. */
function builtFiles(dir = server.out) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'));
}

/** One theme file of the build: `name.<10 hex>.ext`. */
function themeFile(name, ext) {
  const file = readdirSync(path.join(server.out, '_gongshi')).find((f) => new RegExp(`^${name}\\.[0-9a-f]{10}\\.${ext}$`).test(f));
  assert.ok(file, `the build has _gongshi/${name}.<hash>.${ext}`);
  return `_gongshi/${file}`;
}

/** A GET with node:http: no automatic decompression, the body as sent. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------

test("the crawler's reader finds ids, anchors and references (no false alarm, no blind spot)", () => {
  const page = readHtml(`<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/cunwu/_gongshi/a.0123456789.css"><!-- <a href="/commented-out/"> -->
<script type="module">
import init from "/cunwu/_gongshi/b.js";
if (1 <a) preload("preload", "/cunwu/_gongshi/c.wasm", "fetch");
var s = '<a id="in-script">';
</script></head><body>
<h2 id="%E6%8D%A2">x</h2><h2 id='换届'>y</h2><a name=old>z</a>
<a href="/cunwu/x/?a=1&amp;b=2#%E6%8D%A2">1</a><img src="p.png" srcset="p2.png 2x, p3.png 3x" alt="">
<div data-gs-table="t.json"></div><svg><title id="c-title">t</title></svg>
</body></html>`);
  assert.deepEqual([...page.ids].sort(), ['%E6%8D%A2', 'c-title', 'old', '换届'].sort());
  assert.deepEqual(htmlRefs(page).map(([, ref]) => ref), [
    '/cunwu/_gongshi/a.0123456789.css',
    '/cunwu/x/?a=1&b=2#%E6%8D%A2',
    'p.png',
    'p2.png',
    'p3.png',
    't.json',
    '/cunwu/_gongshi/b.js',
    '/cunwu/_gongshi/c.wasm',
  ]);
  // wasm-bindgen's import-object keys ("./x_bg.js") are not URLs; bare specifiers neither.
  const js = 'import{a as b}from"./d.0123456789.js";import "lodash";const e=import(`./f.js`),w=new URL(`g_bg.0123456789.wasm`,import.meta.url);return{__proto__:null,"./g_bg.js":e}';
  assert.deepEqual(scriptRefs(js).sort(), ['./d.0123456789.js', './f.js', 'g_bg.0123456789.wasm'].sort());
  assert.deepEqual(xmlRefs('<urlset><url><loc>http://h/cunwu/a/?x=1&amp;y=2</loc></url></urlset><feed><link rel="alternate" href="http://h/cunwu/b/"/></feed>'), [
    'http://h/cunwu/a/?x=1&y=2',
    'http://h/cunwu/b/',
  ]);
});

test('a crawl of the whole demo site finds no broken link and no broken anchor', { timeout: 300000 }, async (t) => {
  const started = Date.now();
  // The home page, the sitemap (as a search engine reads it) and the 404
  // page (shown at any missing address, so its links must work from anywhere).
  const result = await crawl(server.url, ['', 'sitemap.xml', '404.html']);
  const { pages, urls, links, anchors, external, problems, fetched } = result;
  // Pages only the sitemap names (no page links to them): reported, not failed.
  const linked = new Set(result.linkList.filter((l) => fetched.get(l.from)?.type === 'text/html').map((l) => l.target));
  const sitemapOnly = [...fetched]
    .filter(([u, e]) => e.type === 'text/html' && e.status === 200 && !linked.has(u) && u !== server.url && !u.endsWith('/404.html'))
    .map(([u]) => new URL(u).pathname);
  const htmlFiles = builtFiles().filter((f) => f.endsWith('.html'));
  const unreached = htmlFiles
    .map((f) => new URL(f.replace(/(^|\/)index\.html$/, '$1'), server.url).href)
    .filter((u) => !fetched.has(u));
  const summary =
    `crawl: ${pages} pages, ${urls} URLs fetched, ${links} internal links checked, ${anchors} #anchors checked, ` +
    `${external} external links not followed; ${htmlFiles.length} HTML files built, ${unreached.length} not reached ` +
    `(${unreached.map((u) => new URL(u).pathname).join(' ') || 'none'}), ${sitemapOnly.length} only in the sitemap ` +
    `(${sitemapOnly.join(' ') || 'none'}); ${problems.length} problems; ${Date.now() - started} ms`;
  t.diagnostic(summary);
  assert.ok(pages > 200, `the crawl reached the demo's pages (${pages})`);
  assert.ok(anchors > 0, 'some links have #fragments to check');
  // Every theme file (fingerprinted names included) is named by a page or a script.
  const theme = readdirSync(path.join(server.out, '_gongshi'), { withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(gz|br)$/.test(e.name))
    .map((e) => new URL(`_gongshi/${e.name}`, server.url).href);
  assert.deepEqual(problems, [], `broken links or anchors:\n${problems.join('\n')}`);
  assert.deepEqual(theme.filter((u) => !fetched.has(u)), [], 'theme files no page or script names');
});

test('content types: wasm, JavaScript, CSS, HTML, JSON, SVG', async () => {
  const expected = {
    wasm: /^application\/wasm$/,
    js: /^(application|text)\/javascript$/,
    css: /^text\/css$/,
    html: /^text\/html$/,
    json: /^application\/json$/,
    svg: /^image\/svg\+xml$/,
  };
  const theme = readdirSync(path.join(server.out, '_gongshi')).filter((f) => !/\.(gz|br)$/.test(f));
  const files = [...theme.map((f) => `_gongshi/${f}`), '', 'search/', '404.html', 'disclosures.json'];
  const wrong = [];
  let checked = 0;
  for (const file of files) {
    const ext = file === '' || file.endsWith('/') ? 'html' : file.split('.').at(-1);
    if (!expected[ext]) continue;
    // As a browser asks (compressed copies keep the type), and plainly.
    for (const encoding of ['gzip, deflate, br', 'identity']) {
      const { status, headers } = await get(server.url + file, { 'Accept-Encoding': encoding });
      const type = (headers['content-type'] ?? '').split(';')[0].trim();
      checked += 1;
      if (status !== 200 || !expected[ext].test(type)) wrong.push(`${file} (${encoding}): ${status} ${type}`);
    }
  }
  for (const ext of ['wasm', 'js', 'css']) assert.ok(theme.some((f) => f.endsWith(`.${ext}`)), `a theme .${ext} file`);
  assert.deepEqual(wrong, []);
  assert.ok(checked >= 20, `checked ${checked} responses`);
});

test('a missing page gets the site 404 page, and a folder without its slash a relative redirect', async () => {
  const missing = await get(server.url + 'no-such-page/', { 'Accept-Encoding': 'identity' });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, readFileSync(path.join(server.out, '404.html')));
  const folder = await get(server.url + 'search');
  assert.equal(folder.status, 301);
  assert.equal(folder.headers.location, `${SUB_PATH}search/`);
});

/** Files with .gz and .br copies: [file in the build, its address when not the file's own path]. */
const COMPRESSED = () => [
  ['index.html', ''],
  ['search/index.html', 'search/'],
  [themeFile('table_widget_bg', 'wasm')],
  [themeFile('table', 'js')],
  [themeFile('search_engine_bg', 'wasm')],
  ['_gongshi/search.js'],
  [themeFile('gongshi', 'css')],
];

/** Each file asked for with `accept`: sent as its `.suffix` copy, byte for byte; and plainly without compression. */
async function checkCopies(accept, encoding, suffix) {
  for (const [file, address = file] of COMPRESSED()) {
    const url = server.url + address;
    const original = readFileSync(path.join(server.out, file));
    const copy = path.join(server.out, `${file}.${suffix}`);
    assert.ok(existsSync(copy), `the build wrote ${file}.${suffix} beside ${file} (${original.length} bytes)`);
    const res = await get(url, { 'Accept-Encoding': accept });
    assert.equal(res.status, 200, `${file} (${accept})`);
    assert.equal(res.headers['content-encoding'], encoding, `${file} (${accept}) is sent as its .${suffix} copy`);
    assert.ok(res.body.equals(readFileSync(copy)), `${file}: the body is ${file}.${suffix} byte for byte`);
    // A client that takes no compression gets the file itself.
    const plain = await get(url, { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined, `${file} uncompressed`);
    assert.ok(plain.body.equals(original), `${file}: the plain body is the file`);
  }
}

test('the .gz copies are sent byte for byte (gzip_static)', async () => {
  await checkCopies('gzip', 'gzip', 'gz');
});

test(
  'the .br copies are sent byte for byte (brotli_static), and preferred by a browser',
  { skip: hasBrotli ? false : `br not checked: ${BROTLI_MODULE} is missing (apt-get install libnginx-mod-http-brotli-static)` },
  async () => {
    await checkCopies('br', 'br', 'br');
    await checkCopies('gzip, deflate, br', 'br', 'br');
  },
);

test('in Chromium through nginx the data table sorts and the search finds, with no failed request', async (t) => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const failures = [];
  const encodings = new Map();
  tab.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  tab.on('console', (m) => m.type() === 'error' && failures.push(`console: ${m.text()}`));
  tab.on('requestfailed', (r) => failures.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  tab.on('response', (r) => {
    if (r.status() >= 400) failures.push(`HTTP ${r.status()}: ${r.url()}`);
    // How each script and wasm first came over the network (later loads may be 304s or from the cache).
    const file = new URL(r.url()).pathname;
    if (/\.(wasm|js)$/.test(file) && r.status() === 200 && !encodings.has(file)) {
      encodings.set(file, r.allHeaders().then((h) => h['content-encoding'] ?? 'none'));
    }
  });

  // A notice with a data table: the widget enhances it and a header sorts.
  const notice = 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/';
  await tab.goto(server.url + notice);
  await tab
    .waitForFunction(() => {
      const tables = [...document.querySelectorAll('[data-gs-table]')];
      return tables.length > 0 && tables.every((t) => /ready|failed/.test(t.dataset.gsTableState ?? ''));
    }, null, { timeout: 15000, polling: 50 })
    .catch((e) => assert.fail(`the table did not settle: ${e.message}; ${failures.join(' | ')}`));
  assert.deepEqual(await tab.$$eval('[data-gs-table]', (ts) => ts.map((t) => t.dataset.gsTableState)).then((s) => [...new Set(s)]), ['ready']);
  const table = tab.locator('[data-gs-table]').first();
  const buttons = table.locator('thead th button');
  assert.ok((await buttons.count()) > 1, 'the table has sortable headers');
  await buttons.nth(1).click();
  assert.equal(await table.locator('thead th').nth(1).getAttribute('aria-sort'), 'ascending');
  await buttons.nth(1).click();
  assert.equal(await table.locator('thead th').nth(1).getAttribute('aria-sort'), 'descending');

  // The search page: a query finds notices, under the sub-path.
  await tab.goto(`${server.url}search/?q=${encodeURIComponent('一肩挑')}`);
  await tab
    .locator('ol.search-results li')
    .first()
    .waitFor({ timeout: 15000 })
    .catch((e) => assert.fail(`no search results: ${e.message}; ${failures.join(' | ')}`));
  const hrefs = await tab.$$eval('ol.search-results li > a', (as) => as.map((a) => a.href));
  assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith(server.url)), hrefs.join(' '));
  // And typing in the search box finds more.
  await tab.locator('#gs-search-q').fill('');
  await tab.locator('#gs-search-q').pressSequentially('凤潭村', { delay: 20 });
  await tab.locator('#gs-search-q').press('Enter');
  await tab.waitForFunction(() => new URLSearchParams(location.search).get('q') === '凤潭村');
  await tab.waitForFunction(() => !document.querySelector('.search-status')?.textContent.includes('正在搜索'));
  assert.ok((await tab.locator('ol.search-results li').count()) > 0, 'results for 凤潭村');
  await tab.waitForLoadState('networkidle');

  for (const [file, encoding] of encodings) encodings.set(file, await encoding);
  const wasm = [...encodings].filter(([p]) => p.endsWith('.wasm'));
  t.diagnostic(`encodings Chromium got: ${[...encodings].map(([p, e]) => `${p.split('/').at(-1)}=${e}`).join(' ')}`);
  assert.ok(wasm.length >= 3, `the wasm of reading mode, tables and search were loaded: ${wasm.map(([p]) => p).join(' ')}`);
  assert.ok(wasm.every(([, e]) => e === 'gzip' || e === 'br'), `the wasm came precompressed: ${wasm.join(' ')}`);
  assert.deepEqual(failures, []);
  await context.close();
});

// Hostile HTML and URLs (issue 6) in headless Chromium: the site of
// tests/xss/README.md (every vector of tests/xss/vectors.json in every place
// an editor's text reaches a page) is built and served as a host would
// (nginx, under a sub-path), and every page is opened with tripwires set:
// alert/confirm/prompt/print are wrapped and `window.__xss` is a setter, so
// any vector that runs reports itself; dialogs, page errors and console
// errors are collected too. Then the live DOM is inspected (no `on*`
// attribute, no `javascript:`-like URL, no frame, object or foreign script),
// every element of the page's main part gets pointer, focus, key and click
// events (navigation away blocked), and the DOM is inspected again. The
// search page draws every data notice's excerpt and every raw notice's
// title; the large table is paged through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveBuilt, launchBrowser } from './harness.mjs';
import { loadCorpus, writeSite, rawGroups, GROUP } from '../xss/make-site.mjs';

const PAGES = 'qu/zhen/cun/';
const TABS = 4;

let corpus;
let server;
let browser;
let context;
/** Every vector that ran, every dialog, page error and unexpected console message. */
const problems = [];

// Runs first in every frame of every page.
const TRIPWIRE = `(() => {
  const report = (what) => { try { window.__xssReport(String(what)); } catch {} };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (...args) { report(name + '(' + args.join(',') + ')'); };
  }
  Object.defineProperty(window, '__xss', { configurable: false, get() { return undefined; }, set(v) { report('__xss=' + v); } });
  // Clicks may run handlers but must not leave the page (links to other
  // pages, downloads, external sites, form submissions).
  addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[href], area[href]') : null;
    if (a && ['http:', 'https:', 'mailto:', 'tel:', 'blob:', 'file:'].includes(a.protocol)) e.preventDefault();
  }, true);
  addEventListener('submit', (e) => e.preventDefault(), true);
})();`;

// Runs in the page once it has loaded and its tables have settled: what
// must not be there. With `events`, every element of the main part then
// gets every kind of event a handler could wait for, focus and a click
// (but the table widget's own controls), and the page is looked at again.
// `search` is the path of the site's search page (under the sub-path).
async function check({ events, search }) {
  const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'codebase', 'classid', 'manifest', 'usemap', 'icon', 'ping', 'archive', 'srcset', 'imagesrcset', 'data-gs-table'];
  const TYPES = ['mouseover', 'mouseenter', 'mousemove', 'mouseout', 'mouseleave', 'mousedown', 'mouseup', 'pointerover', 'pointerenter', 'pointerdown', 'pointerup', 'focus', 'focusin', 'blur', 'keydown', 'keypress', 'keyup', 'input', 'change', 'toggle', 'load', 'error', 'animationstart', 'transitionend', 'dblclick', 'contextmenu', 'copy', 'wheel', 'touchstart', 'scroll'];
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  const unsettled = () => [...document.querySelectorAll('[data-gs-table]')].filter((t) => !/ready|failed/.test(t.dataset.gsTableState ?? ''));
  for (const deadline = Date.now() + 15000; unsettled().length && Date.now() < deadline; ) await sleep(25);
  const dangerous = (value) => {
    const s = value.replace(/[\x00-\x20\x7f]/g, '').toLowerCase();
    return /(^|,)(javascript|vbscript|livescript|mocha):/.test(s) || (s.startsWith('data:') && !/^data:image\/(png|gif|jpeg|webp)[;,]/.test(s));
  };
  const where = (el) => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}>`;
  const inspect = (bad) => {
    for (const el of document.querySelectorAll('*')) {
      for (const { name, value } of el.attributes) {
        const n = name.toLowerCase();
        if (n.startsWith('on')) bad.push(`${where(el)} ${n}="${value}"`);
        if (n === 'srcdoc') bad.push(`${where(el)} srcdoc`);
        if (URL_ATTRIBUTES.includes(n) && dangerous(value)) bad.push(`${where(el)} ${n}="${value}"`);
      }
    }
    // URLs as the browser resolved them.
    for (const a of document.querySelectorAll('a[href], area[href]')) {
      if (!['http:', 'https:', 'mailto:', 'tel:', 'blob:'].includes(a.protocol)) bad.push(`${where(a)} resolves to ${a.href}`);
    }
    for (const el of document.querySelectorAll('[src]')) {
      if (el.src && dangerous(el.src)) bad.push(`${where(el)} src resolves to ${el.src}`);
    }
    for (const el of document.querySelectorAll('iframe, frame, frameset, object, embed, applet, base, portal, math, meta[http-equiv], link[rel=import]')) {
      bad.push(`${where(el)} element`);
    }
    // Charts, and the QR code a printed notice carries (render/paper.rs): in
    // its footer block, with exactly its attributes.
    const QR_ATTRIBUTES = 'aria-label,class,height,role,shape-rendering,version,viewBox,width,xmlns';
    const isQr = (el) => el.getAttribute('class') === 'paper-qr'
      && el.parentElement?.matches('footer.notice-footer > .paper-check')
      && [...el.attributes].map((a) => a.name).sort().join(',') === QR_ATTRIBUTES;
    for (const el of document.querySelectorAll('svg')) {
      if (!el.classList.contains('gs-chart-svg') && !isQr(el)) bad.push('<svg> that is neither a chart nor the QR code');
    }
    for (const el of document.querySelectorAll('svg use, svg animate, svg set, svg animateTransform, svg animateMotion, svg foreignObject, svg image, svg script, svg a')) {
      bad.push(`${where(el)} inside a chart`);
    }
    for (const form of document.querySelectorAll('form')) {
      if (!form.hasAttribute('data-gongshi-search') || new URL(form.action).pathname !== search) bad.push(`form action=${form.action}`);
    }
    const scripts = [...document.querySelectorAll('script')];
    if (scripts.length !== 1 || scripts[0].src || !scripts[0].textContent.startsWith('\n// 长辈模式 as soon as the page is parsed')) {
      bad.push(`scripts: ${scripts.map((s) => s.src || s.textContent.slice(0, 60)).join(' | ')}`);
    }
    return bad;
  };
  const bad = unsettled().map((t) => `table ${t.id} did not load`);
  bad.push(...[...document.querySelectorAll('[data-gs-table]')].filter((t) => t.dataset.gsTableState !== 'ready').map((t) => `table ${t.id} failed`));
  inspect(bad);
  if (events) {
    const widget = '.gs-table-tools, .gs-table-pager, .data-table thead, .search-form, .search-more, .search-filters';
    for (const el of document.querySelectorAll('main *')) {
      // A widget may have redrawn it: a detached link still navigates.
      if (!el.isConnected) continue;
      for (const type of TYPES) el.dispatchEvent(new Event(type, { bubbles: true }));
      el.focus?.();
      if (el.isConnected && !el.closest(widget)) el.click?.();
    }
    await sleep(30);
    bad.push(...inspect([]).map((b) => `after events: ${b}`));
  }
  return bad;
}

/** Runs `check` in a tab; the search form must point to the site's own search page. */
function checkPage(tab, events) {
  return tab.evaluate(check, { events, search: new URL('search/', server.url).pathname });
}

/** A tab whose troubles land in `problems`. */
async function newTab() {
  const tab = await context.newPage();
  tab.on('dialog', (d) => {
    problems.push(`dialog ${d.type()} "${d.message()}" on ${tab.url()}`);
    d.dismiss().catch(() => {});
  });
  tab.on('pageerror', (e) => problems.push(`page error on ${tab.url()}: ${e.message}`));
  tab.on('console', (m) => {
    const text = m.text();
    // Images of the vectors (`src=x`) and of example.org fail to load: expected.
    if ((m.type() === 'error' && !text.startsWith('Failed to load resource')) || text.includes('gongshi')) {
      problems.push(`console ${m.type()} on ${tab.url()}: ${text}`);
    }
  });
  return tab;
}

/** Opens a page and checks it, with events. */
async function visit(tab, page) {
  const url = server.url + page;
  await tab.goto(url, { waitUntil: 'domcontentloaded' });
  for (const issue of await checkPage(tab, true)) problems.push(`${page}: ${issue}`);
  if (tab.frames().length !== 1) problems.push(`${page}: ${tab.frames().length - 1} frames`);
  // A real pointer and keyboard on the links of a raw notice's body.
  if (/\/r\d+\/$/.test(page)) {
    for (const link of (await tab.locator('.notice-body a').all()).slice(0, 10)) {
      await link.hover({ timeout: 300, force: true }).catch(() => {});
      await link.focus({ timeout: 300 }).catch(() => {});
      await link.click({ timeout: 300, force: true, noWaitAfter: true }).catch(() => {});
    }
  }
  if (new URL(tab.url()).pathname !== new URL(url).pathname) problems.push(`${page}: navigated to ${tab.url()}`);
}

/** Every HTML page of the built site, as paths relative to its root. */
function htmlPages(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return htmlPages(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    if (!entry.name.endsWith('.html')) return [];
    return [entry.name === 'index.html' ? prefix : prefix + entry.name];
  });
}

before(async () => {
  corpus = loadCorpus();
  const root = mkdtempSync(path.join(tmpdir(), 'gongshi-xss-site-'));
  writeSite(root, corpus);
  [server, browser] = await Promise.all([serveBuilt(root), launchBrowser()]);
  context = await browser.newContext();
  await context.exposeBinding('__xssReport', (source, what) => problems.push(`vector ran on ${source.frame.url()}: ${what}`));
  await context.addInitScript(TRIPWIRE);
  // Nothing beyond the test server: example.org images and links are refused.
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
});

after(async () => {
  await context?.close();
  await browser?.close();
  server?.stop();
});

const pad = (n) => String(n).padStart(3, '0');
const dataNotices = () => Math.ceil(corpus.vectors.length / GROUP);

test('the tripwires fire when a vector does run', async () => {
  const tab = await newTab();
  await tab.goto(server.url + '404.html');
  const before = problems.length;
  await tab.evaluate(() => {
    alert(1);
    window.__xss = 1;
    document.body.insertAdjacentHTML('beforeend', '<a id="trip" href="javascript:alert(3)">x</a><img src="x" onerror="alert(4)">');
  });
  await tab.locator('#trip').click();
  await tab.waitForTimeout(200);
  const fired = problems.splice(before);
  for (const what of ['alert(1)', '__xss=1', 'alert(3)', 'alert(4)']) assert.ok(fired.some((p) => p.endsWith(what)), `${what} in ${fired}`);
  await tab.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<a href="javascript:void 0" onmouseover="void 0">x</a><iframe srcdoc="x"></iframe><q cite="jav&#x09;ascript:void 0">x</q>'));
  const found = await checkPage(tab, false);
  for (const what of ['onmouseover', 'resolves to javascript:', 'iframe', 'cite=']) assert.ok(found.some((f) => f.includes(what)), `${what} in ${found}`);
  await tab.close();
});

test('no vector runs or survives on any page of the hostile site', { timeout: 300000 }, async () => {
  const pages = htmlPages(server.out);
  const notices = pages.filter((p) => p.startsWith(PAGES) && p !== PAGES);
  assert.ok(notices.includes(`${PAGES}r${pad(rawGroups(corpus).length)}/`) && notices.includes(`${PAGES}d${pad(dataNotices())}/`), 'every notice was built');
  let next = 0;
  await Promise.all(
    Array.from({ length: TABS }, async () => {
      const tab = await newTab();
      while (next < pages.length) await visit(tab, pages[next++]);
      await tab.close();
    }),
  );
  // The large table: page through the rows the widget draws from the JSON.
  const tab = await newTab();
  await visit(tab, `${PAGES}big/`);
  const nextPage = tab.locator('.gs-table-pager button', { hasText: '下一页' });
  for (let turns = 0; turns < 50 && (await nextPage.isEnabled()); turns += 1) await nextPage.click();
  const drawn = await tab.locator('#t-big tbody tr').count();
  for (const issue of await checkPage(tab, false)) problems.push(`big table, last page: ${issue}`);
  await tab.close();
  assert.ok(drawn > 0, 'the last page of the large table has rows');
  console.log(`xss: ${corpus.vectors.length} vectors, ${pages.length} pages, ${notices.length} notices visited`);
  assert.deepEqual(problems, []);
});

test('search results draw every title and excerpt as text', { timeout: 180000 }, async () => {
  const tab = await newTab();
  await tab.goto(`${server.url}search/?q=xssrall`);
  const more = tab.locator('button.search-more');
  const results = tab.locator('ol.search-results > li');
  await results.first().waitFor({ timeout: 15000 });
  // Every raw notice: its title (its vectors) is a result's link text.
  while (await more.count()) {
    const shown = await results.count();
    await more.click();
    await tab.waitForFunction((n) => document.querySelectorAll('ol.search-results > li').length > n, shown);
  }
  assert.equal(await results.count(), rawGroups(corpus).length, 'one result per raw notice');
  for (const issue of await checkPage(tab, false)) problems.push(`search xssrall: ${issue}`);

  // Every vector as the excerpt of its data notice: queries submitted one
  // after another in the page, each waited for until its result is drawn.
  const queries = corpus.vectors.map((_, i) => `xsss${pad(i + 1)}`);
  const excerpts = await tab.evaluate(async (qs) => {
    const form = document.querySelector('main form[data-gongshi-search]');
    const box = form.querySelector('input[name=q]');
    const out = [];
    for (const q of qs) {
      box.value = q;
      form.requestSubmit();
      let excerpt = null;
      for (const deadline = Date.now() + 10000; excerpt === null && Date.now() < deadline; ) {
        const first = document.querySelector('ol.search-results > li');
        if (first?.querySelector('.search-excerpt mark')?.textContent.toLowerCase() === q) excerpt = first.querySelector('.search-excerpt').textContent;
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
      out.push(excerpt);
    }
    return out;
  }, queries);
  const missing = [];
  excerpts.forEach((excerpt, i) => {
    const expected = corpus.vectors[i].v.replace(/[\r\n]/g, ' ').replaceAll('\0', '&#0;').trim().slice(0, 12).replace(/\s+/g, ' ');
    if (excerpt === null || !excerpt.replace(/\s+/g, ' ').includes(expected)) missing.push(`${queries[i]}: ${JSON.stringify(excerpt)} lacks ${JSON.stringify(expected)}`);
  });
  for (const issue of await checkPage(tab, true)) problems.push(`search excerpts: ${issue}`);
  assert.deepEqual(missing, [], 'each vector is in its excerpt, as text');

  // Hostile queries, echoed in the status line and the search box.
  for (const query of ['<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', 'onerror']) {
    await tab.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await tab.waitForFunction(() => {
      const status = document.querySelector('.search-status')?.textContent ?? '';
      return status && !status.includes('正在搜索');
    });
    for (const issue of await checkPage(tab, false)) problems.push(`search ${query}: ${issue}`);
  }
  // The live results under the header search box of a notice page.
  await tab.goto(`${server.url}${PAGES}r001/`);
  await tab.locator('#gs-header-q').pressSequentially('xssr', { delay: 10 });
  await tab.locator('.search-live ol.search-results li').first().waitFor({ timeout: 15000 });
  for (const issue of await checkPage(tab, true)) problems.push(`live search: ${issue}`);
  await tab.close();
  assert.deepEqual(problems, []);
});
